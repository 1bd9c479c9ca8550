import { readdirSync, readFileSync } from "node:fs";
import { type Browser } from "playwright-core";
import { bundleIife, launchChromium, scriptPage, servePage, type ServedPage } from "@carter/testing";
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
let page: ServedPage;

beforeAll(async () => {
  bundle = await bundleIife(new URL("./index.ts", import.meta.url), "Kit");
  browser = await launchChromium();
  page = await servePage(scriptPage(bundle));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
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
      await tab.goto(page.url);
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
