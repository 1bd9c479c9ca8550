import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { get } from "node:https";
import { afterEach, describe, expect, it } from "vitest";
import { developmentCertificate } from "@carter/relay/tls";
import { startDeviceServer, type RunningDeviceServer } from "./index.js";

const layout = { name: "Bench", version: 1, tabs: [{ title: "Main", children: [] }] };

describe("startDeviceServer", () => {
  let server: RunningDeviceServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves the built app and the given layout", { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    server = await startDeviceServer({
      port: 0,
      layout,
      relay: "ws://127.0.0.1:9",
      log: (l) => lines.push(l),
    });
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(new URL(script!, server.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    const served = await (await fetch(new URL("/layout.json", server.url))).json();
    expect(served).toEqual({ ...layout, connection: { identity: {}, url: "ws://127.0.0.1:9" } });
    expect((await fetch(new URL("/../../package.json", server.url))).status).toBe(404);
  });

  it("answers 404 for a directory and an escaped climb out of dist/, 400 for a malformed escape", async () => {
    server = await startDeviceServer({ port: 0, layout, log: () => {} });
    expect((await fetch(`${server.url}assets`)).status).toBe(404);
    expect((await fetch(`${server.url}assets%2f..%2f..%2fpackage.json`)).status).toBe(404);
    const malformed = await fetch(`${server.url}%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toBe("malformed path");
  });

  it("re-reads a layout file per request and 404s without a layout", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "carter-device-"));
    const file = join(dir, "layout.json");
    writeFileSync(file, JSON.stringify(layout));
    server = await startDeviceServer({ port: 0, layout: file, log: () => {} });
    expect(await (await fetch(new URL("/layout.json", server.url))).json()).toEqual(layout);
    writeFileSync(file, JSON.stringify({ ...layout, name: "Edited" }));
    expect(await (await fetch(new URL("/layout.json", server.url))).json()).toMatchObject({ name: "Edited" });
    writeFileSync(file, "{oops");
    const broken = await fetch(new URL("/layout.json", server.url));
    expect(broken.status).toBe(500);
    expect(((await broken.json()) as { error: string }).error).toContain("not valid JSON");
    await server.close();
    server = await startDeviceServer({ port: 0, log: () => {} });
    expect((await fetch(new URL("/layout.json", server.url))).status).toBe(404);
  });

  it(
    "serves HTTPS with a development certificate, the manifest and the service worker",
    { timeout: 180_000 },
    async () => {
      const tls = await developmentCertificate(
        mkdtempSync(join(tmpdir(), "carter-device-tls-")),
        "carter device test",
      );
      server = await startDeviceServer({ port: 0, tls, log: () => {} });
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const fetchTrusted = (path: string) =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          get(new URL(path, server!.url), { ca: tls.cert }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body }),
            );
          }).on("error", reject);
        });
      expect((await fetchTrusted("/")).body).toContain('rel="manifest"');
      const manifest = await fetchTrusted("/manifest.webmanifest");
      expect(manifest.type).toContain("application/manifest+json");
      expect(JSON.parse(manifest.body)).toMatchObject({ display: "standalone", start_url: "./" });
      const worker = await fetchTrusted("/sw.js");
      expect(worker.type).toContain("javascript");
      expect(worker.body).toContain("notificationclick");
    },
  );

  it("refuses a missing layout file and a bad relay URL, naming them", async () => {
    await expect(startDeviceServer({ port: 0, layout: "/nope/layout.json" })).rejects.toThrow(
      "layout /nope/layout.json: no such file",
    );
    await expect(startDeviceServer({ port: 0, relay: "http://x" })).rejects.toThrow(
      "relay: must be a ws:// or wss:// URL",
    );
  });
});
