import { mkdtempSync } from "node:fs";
import { get } from "node:http";
import { get as httpsGet } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MeshClient, type MeshClientOptions } from "@carter/client";
import { developmentCertificate } from "@carter/relay/tls";
import { CloseCode } from "@carter/protocol";
import { demoLayout } from "./layout.js";
import { startDemoRelay, type DemoRelay } from "./demo-relay.js";

const TOKEN = "per-run-secret-123";
const quiet = { debug: () => {}, info: () => {} };

describe("demo relay", () => {
  let relay: DemoRelay;
  beforeAll(async () => {
    const layout = demoLayout({ url: "ws://placeholder.invalid:1", token: TOKEN, cores: 2 });
    relay = await startDemoRelay({ host: "127.0.0.1", port: 0, token: TOKEN, layout: () => layout });
  });
  afterAll(() => relay?.close());

  it("serves the layout only at the secret path, pointing at the address the request used", async () => {
    const response = await fetch(`http://127.0.0.1:${relay.port}${relay.layoutPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const layout = (await response.json()) as { connection: { url: string; token: string } };
    expect(layout.connection).toMatchObject({ url: `ws://127.0.0.1:${relay.port}`, token: TOKEN });

    for (const path of ["/layout.json", "/demo/wrong/layout.json", `/demo/${TOKEN}/`]) {
      expect((await fetch(`http://127.0.0.1:${relay.port}${path}`)).status).toBe(404);
    }
  });

  it("points the layout at this relay's bound port when the Host header cannot be echoed", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const request = get(
        { host: "127.0.0.1", port: relay.port, path: relay.layoutPath, headers: { host: "evil.example" } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve(text));
        },
      );
      request.on("error", reject);
    });
    const layout = JSON.parse(body) as { connection: { url: string } };
    expect(layout.connection.url).toBe(`ws://127.0.0.1:${relay.port}`);
    expect(relay.url).toBe(`ws://127.0.0.1:${relay.port}`);
  });

  it("admits a client with the token and refuses one without", async () => {
    const member = new MeshClient({
      url: relay.url,
      token: TOKEN,
      name: "member",
      channel: "demo",
      logger: quiet,
      reconnect: false,
    });
    await member.connect();
    expect(member.state).toBe("ready");
    await member.close();

    const stranger = new MeshClient({
      url: relay.url,
      name: "stranger",
      channel: "demo",
      logger: quiet,
      reconnect: false,
    });
    const refusals: string[] = [];
    stranger.events.on("error", (error) => refusals.push(error.message));
    await expect(stranger.connect()).rejects.toThrow();
    expect(stranger.state).not.toBe("ready");
    expect(refusals.join("\n")).toContain(`closed before admission (code ${CloseCode.POLICY_VIOLATION}`);
    await stranger.close();
  });
});

describe("demo relay with TLS", () => {
  it("serves https/wss and plain http/ws on one port, each layout pointing at its own scheme", async () => {
    const tls = await developmentCertificate(
      mkdtempSync(join(tmpdir(), "carter-demo-tls-")),
      "carter demo test",
    );
    const layout = demoLayout({ url: "ws://placeholder.invalid:1", token: TOKEN, cores: 2 });
    const relay = await startDemoRelay({
      host: "127.0.0.1",
      port: 0,
      token: TOKEN,
      layout: () => layout,
      tls,
    });
    try {
      const plain = (await (await fetch(`http://127.0.0.1:${relay.port}${relay.layoutPath}`)).json()) as {
        connection: { url: string };
      };
      expect(plain.connection.url).toBe(`ws://127.0.0.1:${relay.port}`);
      const secure = await new Promise<string>((resolve, reject) => {
        httpsGet(`https://127.0.0.1:${relay.port}${relay.layoutPath}`, { ca: tls.cert }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve(body));
        }).on("error", reject);
      });
      expect((JSON.parse(secure) as { connection: { url: string } }).connection.url).toBe(
        `wss://127.0.0.1:${relay.port}`,
      );
      for (const url of [`ws://127.0.0.1:${relay.port}`, `wss://127.0.0.1:${relay.port}`]) {
        const client = new MeshClient({
          url,
          name: "tls-check",
          channel: "demo",
          token: TOKEN,
          logger: quiet,
          WebSocket: class extends WebSocket {
            constructor(address: string) {
              super(address, { ca: tls.cert });
            }
          } as unknown as MeshClientOptions["WebSocket"],
        });
        await client.connect();
        await client.close();
      }
    } finally {
      await relay.close();
    }
  });
});
