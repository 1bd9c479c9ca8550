/**
 * The MCP server and an open editor page on the same file edit one document: an edit through MCP
 * shows in the page, an edit in the page is what the next MCP read returns.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "@carter/editor";
import { startEditorServer, type RunningEditorServer } from "@carter/editor/server";
import { launchChromium } from "@carter/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "./test-support.js";

declare global {
  interface Window {
    carterEditor?: Store;
  }
}

interface Shown {
  name: string;
  tabs: { children: { id: string; label?: string }[] }[];
}

let dir: string;
let editor: RunningEditorServer;
let browser: Browser;
let page: Page;
let rig: TestRig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "carter-mcp-editor-"));
  writeFileSync(
    join(dir, "panel.json"),
    JSON.stringify({
      name: "Panel",
      version: 1,
      tabs: [{ title: "Main", icon: "gauge", grid: { columns: 4, rows: 6 }, children: [] }],
    }),
  );
  editor = await startEditorServer({ port: 0, file: join(dir, "panel.json"), log: () => undefined });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(editor.url);
  await page.waitForFunction(() => window.carterEditor !== undefined);
  rig = await startRig({ cwd: dir });
}, 180_000);

afterAll(async () => {
  await rig?.close();
  await browser?.close();
  await editor?.close();
});

/** The layout the page's document holds. */
const inPage = () => page.evaluate(() => window.carterEditor!.layout.value as unknown as Shown);

describe("carter mcp and the editor on one file", () => {
  it("shows an MCP edit in the open page", async () => {
    await rig.call("begin_edit", { source: "file", file: "panel.json" });
    const started = Date.now();
    await rig.call("add_control", {
      control: { type: "button", id: "from-mcp", label: "From MCP" },
      position: [0, 0],
    });
    await expect
      .poll(async () => (await inPage()).tabs[0].children.map((c) => c.id), { timeout: 10_000, interval: 50 })
      .toEqual(["from-mcp"]);
    console.info(`mcp → editor page: ${Date.now() - started} ms`);
    await page.locator('[data-id="from-mcp"]').waitFor();
  });

  it("returns a page edit from the next MCP read", async () => {
    await page.evaluate(() =>
      window.carterEditor!.apply({
        op: "updateControl",
        id: "from-mcp",
        set: { label: "Renamed in the page" },
      }),
    );
    await expect
      .poll(() => readFileSync(join(dir, "panel.json"), "utf8"), { timeout: 10_000, interval: 50 })
      .toContain("Renamed in the page");
    const { layout, log } = await rig.call<{ layout: Shown; log: { author: string }[] }>("get_document");
    expect(layout.tabs[0].children[0].label).toBe("Renamed in the page");
    expect(log.at(-1)?.author).toBe("file");
  });
});
