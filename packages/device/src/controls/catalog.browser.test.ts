/**
 * No placeholders: the doc example of every control type in the kit's catalog, and every layout
 * in examples/, render in a real device (Chromium) with no "Unsupported control" and no failed
 * control, on every tab.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { getControlDoc, listControls } from "@carter/kit";
import { startDeviceServer, type RunningDeviceServer } from "../server/index.js";
import { waitForHook } from "../app/browser-fixture.js";

const EXAMPLES = new URL("../../../../examples/", import.meta.url);

let server: RunningDeviceServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** Every catalog example stacked in one four-column tab. */
function catalogLayout() {
  let row = 0;
  const children = listControls().map(({ type }) => {
    const example = { ...getControlDoc(type).example, position: [row, 0], span: [4, 4] };
    row += 4;
    return example;
  });
  return { name: "Catalog", version: 1, tabs: [{ title: "All", grid: { columns: 4, rows: row }, children }] };
}

/** Renders `layout` tab by tab and lists the placeholders and failures seen. */
async function placeholders(layout: Record<string, unknown>): Promise<string[]> {
  const { connection: _dial, ...offline } = layout;
  const loaded = await page.evaluate((l) => window.__carter!.loadLayout(l), offline);
  expect(loaded).toEqual({ ok: true });
  const seen: string[] = [];
  const tabs = Array.isArray(layout.tabs) ? layout.tabs.length : 0;
  for (let tab = 0; tab < tabs; tab++) {
    await page.evaluate((i) => window.__carter!.selectTab(i), tab);
    await page.waitForTimeout(100);
    seen.push(
      ...(await page.$$eval('[data-control="unknown"], [data-control="failed"]', (nodes) =>
        nodes.map((n) => `${n.getAttribute("data-control")}: ${n.textContent ?? ""}`),
      )),
    );
  }
  return seen;
}

beforeAll(async () => {
  server = await startDeviceServer({ port: 0, log: () => {} });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.url);
  await waitForHook(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("no placeholders (Chromium)", () => {
  it("renders the doc example of all 43 catalog types", async () => {
    const layout = catalogLayout();
    expect(layout.tabs[0].children).toHaveLength(43);
    expect(await placeholders(layout)).toEqual([]);
    const types = await page.$$eval(
      "[data-control-type]",
      (nodes) => new Set(nodes.map((n) => n.getAttribute("data-control-type"))).size,
    );
    expect(types).toBeGreaterThanOrEqual(40);
    expect(errors).toEqual([]);
  });

  it("renders every layout in examples/", async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".layout.json"));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const layout = JSON.parse(readFileSync(new URL(file, EXAMPLES), "utf8")) as Record<string, unknown>;
      expect({ file, seen: await placeholders(layout) }).toEqual({ file, seen: [] });
    }
    expect(errors).toEqual([]);
  });
});
