import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { type Browser } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { build, type Rollup } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateLayout } from "./validate/validate.js";

/**
 * The kit's main entry is what the web device bundles: it must build for the browser without
 * Node built-ins and give the same results there as in Node.
 */

const CORPUS = new URL("./validate/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => JSON.parse(readFileSync(new URL(file, CORPUS), "utf8")) as unknown);

let bundle = "";
let browser: Browser;
let server: Server;
let pageUrl = "";

beforeAll(async () => {
  const output = (await build({
    logLevel: "silent",
    configFile: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL("./index.ts", import.meta.url)), formats: ["iife"], name: "Kit" },
    },
  })) as Rollup.RollupOutput[];
  const chunk = output[0].output[0];
  bundle = chunk.type === "chunk" ? chunk.code : "";
  browser = await launchChromium();
  server = createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><script>${bundle.replace(/<\/script/g, "<\\/script")}</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

type Kit = typeof import("./index.js");

describe("the kit's main entry in a real browser", () => {
  it("bundles without Node built-ins", () => {
    expect(bundle).toContain("validateLayout");
    expect(bundle).not.toMatch(/require\(|from ["']node:|["']node:[a-z]/);
  });

  it("validates, builds and parses connections as in Node", async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(pageUrl);
      const result = await tab.evaluate((layouts) => {
        const kit = (globalThis as unknown as { Kit: Kit }).Kit;
        const built = kit
          .layout("Bench")
          .tab("Main", (t) =>
            t.add(
              kit.gauge("cpu", { min: 0, max: 100, listen: { msgType: "metrics", path: "cpu" } }),
              kit.button("reboot", { send: "reboot" }),
            ),
          )
          .build();
        const pairing = kit.toPairingPayload(kit.parseConnection("ws://192.168.1.50:8765"), {});
        return {
          findings: layouts.map((layout) => kit.validateLayout(layout).findings),
          built,
          pairing,
        };
      }, corpus);
      expect(result.findings).toEqual(corpus.map((layout) => validateLayout(layout).findings));
      expect(result.built.tabs[0].children?.map((c) => (c as { position?: unknown }).position)).toEqual([
        [0, 0],
        [0, 1],
      ]);
      expect(validateLayout(result.built).ok).toBe(true);
      expect(result.pairing).toEqual({ url: "ws://192.168.1.50:8765", channel: "home", role: "viewer" });
    } finally {
      await tab.close();
    }
  });
});
