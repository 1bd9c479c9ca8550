import { type Browser, type Page } from "playwright-core";
import { launchChromium, servePage, type ServedPage } from "@carter/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDeviceServer, type RunningDeviceServer } from "../server/index.js";
import { deviceState, WAIT } from "./browser-fixture.js";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Two tabs: a 2-D grid with spans, visibility and nested groups; a flow grid. No connection. */
const LAYOUT = {
  name: "Render",
  version: 1,
  appearance: { colorScheme: "light" },
  theme: { accentColor: "#FF3B30", cornerRadius: 20, fontFamily: "Courier New" },
  tabs: [
    {
      title: "Grid",
      grid: { columns: 4, rows: 5 },
      children: [
        { type: "label", id: "a", position: [0, 0], text: "a" },
        { type: "label", id: "b", position: [0, 1], span: [1, 3], text: "b" },
        { type: "toggle", id: "power", position: [1, 0], label: "Power", defaultValue: false },
        {
          type: "label",
          id: "shown-when-on",
          position: [1, 1],
          text: "on",
          visible: { when: "power", operator: "eq", value: true },
        },
        {
          type: "group",
          id: "outer",
          position: [2, 0],
          span: [2, 4],
          grid: { columns: 2, rows: 1 },
          children: [
            {
              type: "group",
              id: "inner",
              position: [0, 0],
              grid: { columns: 1, rows: 1 },
              children: [{ type: "label", id: "deep", position: [0, 0], text: "deep inside" }],
            },
            { type: "label", id: "size", position: [0, 1], formatValue: "bytes", defaultValue: 1536 },
          ],
        },
      ],
    },
    {
      title: "Flow",
      grid: { columns: 4, mode: "flow" },
      children: [
        { type: "label", id: "f1", position: [0, 0], text: "one" },
        { type: "label", id: "f2", position: [0, 1], span: [1, 3], text: "three" },
        { type: "label", id: "f3", position: [1, 0], span: [1, 2], text: "two" },
      ],
    },
  ],
};

describe("rendering and loading in a real browser", () => {
  let server: RunningDeviceServer;
  let layoutHost: ServedPage;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startDeviceServer({ port: 0, log: () => {} });
    // Another origin serving the layout, as a layout URL on the web would (CORS allowed).
    layoutHost = await servePage(JSON.stringify(LAYOUT), {
      contentType: "application/json",
      cors: true,
      path: "layout.json",
    });
    browser = await launchChromium();
  }, 180_000);

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await layoutHost?.close();
    await server?.close();
  });

  async function open(viewport = DESKTOP): Promise<Page> {
    const page = await browser.newPage({ viewport });
    pages.push(page);
    await page.goto(server.url);
    await page.locator(".carter-loader").waitFor(WAIT);
    return page;
  }

  async function rendered(page: Page): Promise<void> {
    await page.locator('[data-control-id="a"]').waitFor(WAIT);
    expect((await deviceState(page)).layout).toBe("Render");
  }

  const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;

  it("loads a layout from a URL typed into the loader", async () => {
    const page = await open();
    await page.fill('input[aria-label="Layout URL"]', layoutHost.url);
    await page.click('button:has-text("Open")');
    await rendered(page);
  });

  it("loads a layout from a chosen file", async () => {
    const page = await open();
    await page.setInputFiles('input[type="file"]', {
      name: "render.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(LAYOUT)),
    });
    await rendered(page);
  });

  it("loads pasted JSON and names what is wrong with a bad paste", async () => {
    const page = await open();
    await page.fill('textarea[aria-label="Layout JSON"]', "{ not json");
    await page.click('button:has-text("Render pasted JSON")');
    await expect
      .poll(() => page.locator(".carter-error").innerText(), WAIT)
      .toContain("paste: not valid JSON");
    await page.fill('textarea[aria-label="Layout JSON"]', JSON.stringify({ name: "x", tabs: {} }));
    await page.click('button:has-text("Render pasted JSON")');
    await expect
      .poll(() => page.locator(".carter-error").innerText(), WAIT)
      .toContain("paste: layout.tabs must be an array");
    await page.fill('textarea[aria-label="Layout JSON"]', JSON.stringify(LAYOUT));
    await page.click('button:has-text("Render pasted JSON")');
    await rendered(page);
  });

  it("places 2-D cells by position and span, nests groups, applies theme, formatValue and visibility", async () => {
    const page = await open();
    expect(await page.evaluate((doc) => window.__carter!.loadLayout(doc), LAYOUT)).toEqual({ ok: true });
    await rendered(page);

    const a = await box(page, '[data-control-id="a"]');
    const b = await box(page, '[data-control-id="b"]');
    const power = await box(page, '[data-control-id="power"]');
    const gap = b.x - (a.x + a.width);
    expect(gap).toBeGreaterThan(0);
    expect(Math.abs(b.y - a.y)).toBeLessThan(1);
    expect(Math.abs(b.width - (3 * a.width + 2 * gap))).toBeLessThan(2);
    expect(Math.abs(power.x - a.x)).toBeLessThan(1);
    expect(power.y).toBeGreaterThan(a.y + a.height);

    expect(
      await page
        .locator('[data-group-id="outer"] [data-group-id="inner"] [data-control-id="deep"]')
        .innerText(),
    ).toContain("deep inside");
    expect(await page.locator('[data-control-id="size"]').innerText()).toContain("1.5 KB");

    const theme = await page.evaluate(() => {
      const app = document.querySelector(".carter-app")!;
      const cell = document.querySelector('[data-control-id="a"]')!;
      return {
        scheme: app.getAttribute("data-scheme"),
        accent: getComputedStyle(app).getPropertyValue("--carter-accent").trim(),
        radius: getComputedStyle(cell).borderTopLeftRadius,
        font: getComputedStyle(app).fontFamily,
      };
    });
    expect(theme).toMatchObject({ scheme: "light", radius: "20px" });
    expect(theme.accent.toUpperCase()).toBe("#FF3B30");
    expect(theme.font).toContain("Courier New");

    // Hidden while the toggle is off, keeping its cell; shown once it is on.
    const hidden = page.locator('[data-control-id="shown-when-on"]');
    expect(await hidden.getAttribute("class")).toContain("carter-hidden");
    const hiddenBox = await box(page, '[data-control-id="shown-when-on"]');
    await page.click('[data-control-id="power"] [role="switch"]');
    await expect.poll(() => hidden.getAttribute("class"), WAIT).not.toContain("carter-hidden");
    expect(await box(page, '[data-control-id="shown-when-on"]')).toEqual(hiddenBox);
  });

  it("switches tabs and lays a flow grid out in proportional bands", async () => {
    const page = await open();
    await page.evaluate((doc) => window.__carter!.loadLayout(doc), LAYOUT);
    await rendered(page);
    expect(await page.locator('.carter-tabs [role="tab"]').allInnerTexts()).toEqual(["Grid", "Flow"]);
    await page.click('.carter-tabs [role="tab"]:has-text("Flow")');
    await page.locator('[data-control-id="f1"]').waitFor(WAIT);
    expect(await page.locator('[data-control-id="a"]').count()).toBe(0);
    expect((await deviceState(page)).activeTab).toBe(1);

    const f1 = await box(page, '[data-control-id="f1"]');
    const f2 = await box(page, '[data-control-id="f2"]');
    const f3 = await box(page, '[data-control-id="f3"]');
    // colSpan gives proportional width (layout.md §4.3), on the same column pitch as a 2-D grid.
    const gap = f2.x - (f1.x + f1.width);
    expect(gap).toBeGreaterThan(0);
    expect(Math.abs(f2.y - f1.y)).toBeLessThan(1);
    expect(Math.abs(f2.width - (3 * f1.width + 2 * gap))).toBeLessThan(2);
    expect(Math.abs(f3.width - (2 * f1.width + gap))).toBeLessThan(2);
    expect(f3.y).toBeGreaterThan(f1.y + f1.height);
    expect(Math.abs(f3.x - f1.x)).toBeLessThan(1);
  });

  for (const [device, viewport] of [
    ["a phone in portrait", PHONE],
    ["a desktop window", DESKTOP],
  ] as const) {
    it(`fits ${device} (${viewport.width} px) without sideways scrolling, columns scaling with the width`, async () => {
      const page = await open(viewport);
      await page.evaluate((doc) => window.__carter!.loadLayout(doc), LAYOUT);
      await rendered(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      const a = await box(page, '[data-control-id="a"]');
      const b = await box(page, '[data-control-id="b"]');
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(viewport.width);
      // Four columns share the width: one column is about a quarter of the grid.
      const grid = await box(page, ".carter-main > .carter-grid");
      expect(Math.abs(a.width - grid.width / 4)).toBeLessThan(8);
      const status = await box(page, ".carter-status");
      expect(status.x + status.width).toBeLessThanOrEqual(viewport.width);
      const tabs = await box(page, ".carter-tabs");
      expect(tabs.y + tabs.height).toBeLessThanOrEqual(viewport.height + 1);
    });
  }
});
