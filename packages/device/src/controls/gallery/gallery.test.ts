/**
 * Mounts every control in a real Chromium (the built gallery) and checks that each renders
 * meaningful content and that interactions emit the right values with the right JSON types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "@carter/testing";
import type { Browser, Page } from "playwright-core";
import { buildAndServeGallery } from "./build-gallery.js";
import type { ServedGallery } from "./build-gallery.js";
import type { RecordedCall } from "./main.js";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { getControlDoc, listControls } from "@carter/kit";

let gallery: ServedGallery;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const calls = (): Promise<RecordedCall[]> => page.evaluate(() => window.__gallery.calls.slice());

/** Waits (with a deadline) for a recorded call from `id` matching `predicate`. */
async function callFrom(
  id: string,
  predicate: (call: RecordedCall) => boolean = () => true,
): Promise<RecordedCall> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await calls()).filter((c) => c.id === id && predicate(c));
    if (found.length > 0) return found[found.length - 1];
    if (Date.now() > deadline)
      throw new Error(`no matching call from ${id}; saw ${JSON.stringify(await calls())}`);
    await page.waitForTimeout(25);
  }
}

const cell = (id: string) => page.locator(`[data-cell="${id}"]`);

beforeAll(async () => {
  gallery = await buildAndServeGallery();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(gallery.url);
  await page.waitForSelector('[data-cell="gap"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gallery?.close();
});

describe("controls gallery (Chromium)", () => {
  it("renders every sample without page errors", async () => {
    if (process.env.CARTER_GALLERY_SCREENSHOT)
      await page.screenshot({ path: process.env.CARTER_GALLERY_SCREENSHOT, fullPage: true });
    expect(pageErrors.filter((e) => e !== "boom")).toEqual([]);
    expect(await page.locator(".gallery-card").count()).toBeGreaterThan(30);
  });

  it("shows the unknown type by name and contains a broken control", async () => {
    await expect.poll(() => cell("mystery").textContent()).toContain("hologram");
    await expect.poll(() => cell("broken").textContent()).toContain("explode failed to render");
    await expect.poll(() => cell("cpu").locator(".cc-gauge-readout").textContent()).toBe("73%");
  });

  it("draws gauges, rings and sparklines from their values", async () => {
    expect(await cell("temp").locator(".cc-gauge-readout").textContent()).toBe("48.3°C");
    expect(await cell("disk").locator(".cc-progress-readout").textContent()).toBe("62%");
    const d = await cell("load").locator(".cc-spark-line").getAttribute("d");
    expect(d?.split("L")).toHaveLength(13);
    expect(await cell("empty-spark").textContent()).toContain("Waiting for data");
    await page.evaluate(() => window.__gallery.set("cpu", 12));
    await expect.poll(() => cell("cpu").locator(".cc-gauge-readout").textContent()).toBe("12%");
  });

  it("renders labels, lights, lists, logs, QR codes and images", async () => {
    expect(await cell("status-text").textContent()).toBe("All systems nominal");
    expect(await cell("uptime").locator(".cc-label-text").textContent()).toBe("4d 3h");
    expect(await cell("link").locator("[data-state]").getAttribute("data-state")).toBe("online");
    expect(await cell("hosts").locator("tbody tr").count()).toBe(3);
    expect(await cell("hosts").locator("tbody tr").first().textContent()).toBe("atlas41%48.4 GB—");
    expect(await cell("log").locator(".cc-log-line").count()).toBe(4);
    expect(await cell("log").locator('[data-level="error"]').textContent()).toContain("ups on battery");
    expect((await cell("pair").locator(".cc-qr-svg path").getAttribute("d"))?.length).toBeGreaterThan(500);
    expect(await cell("weather").locator("svg").getAttribute("data-symbol")).toBe("sun.max.fill");
    expect(await cell("term").locator(".cc-terminal span").first().getAttribute("style")).toContain(
      "font-weight: 700",
    );
    expect(await cell("cards").locator(".cc-card-group-title").allTextContents()).toEqual([
      "Displays",
      "Inputs",
    ]);
    await cell("cards").locator("input").fill("toggle");
    await expect.poll(() => cell("cards").locator(".cc-card-item").count()).toBe(1);
  });

  it("emits booleans, numbers and option text from inputs", async () => {
    await cell("fan").locator('[role="switch"]').click();
    const toggled = await callFrom("fan");
    expect(toggled.value).toBe(true);
    await expect.poll(() => cell("fan").locator(".cc-switch.is-on").count()).toBe(1);

    // The lit-button style: one switch button whose face lights while on.
    const lamp = cell("lamp").locator('[role="switch"]');
    expect(await lamp.getAttribute("aria-checked")).toBe("true");
    expect(await lamp.getAttribute("class")).toContain("cc-toggle--button is-on");
    expect(await lamp.innerText()).toContain("Lamp");
    await lamp.click();
    expect((await callFrom("lamp")).value).toBe(false);
    await expect.poll(() => lamp.getAttribute("aria-checked")).toBe("false");
    expect(await lamp.getAttribute("class")).not.toContain("is-on");

    await cell("speed").locator("input").focus();
    await page.keyboard.press("ArrowRight");
    expect((await callFrom("speed")).value).toBe(45);

    await cell("setpoint").getByLabel("Increase Setpoint").click();
    expect((await callFrom("setpoint")).value).toBe(22);

    await cell("mode").getByText("Heat").click();
    expect((await callFrom("mode")).value).toBe("Heat");

    await cell("preset").locator("select").selectOption("Turbo");
    expect((await callFrom("preset")).value).toBe("Turbo");
  });

  it("holds the dragged slider value against pushes and emits at drag end", async () => {
    const box = (await cell("speed").locator("input").boundingBox())!;
    const before = (await calls()).filter((c) => c.id === "speed").length;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 3 });
    await page.evaluate(() => window.__gallery.set("speed", 90));
    const during = Number(await cell("speed").locator("input").inputValue());
    expect(during).not.toBe(90);
    expect((await calls()).filter((c) => c.id === "speed")).toHaveLength(before);
    await page.mouse.up();
    const committed = await callFrom("speed", (c) => c.value !== 45);
    expect(typeof committed.value).toBe("number");
    expect(committed.value).toBe(during);
  });

  it("submits text on Enter, ISO dates and #RRGGBB colours", async () => {
    const field = cell("note").locator("input");
    await field.fill("reboot now");
    await field.press("Enter");
    expect((await callFrom("note")).value).toBe("reboot now");
    expect(await field.inputValue()).toBe("");

    await cell("when").locator("input").fill("2026-04-02T09:15");
    const date = await callFrom("when");
    expect(date.value).toMatch(/^2026-04-0[12]T\d{2}:\d{2}:00Z$/);

    await cell("led")
      .locator('input[type="color"]')
      .evaluate((input: HTMLInputElement) => {
        input.value = "#ff0000";
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    expect((await callFrom("led")).value).toBe("#FF0000");
  });

  it("fires button actions", async () => {
    await cell("scan").locator("button").click();
    const call = await callFrom("scan");
    expect(call).toMatchObject({ kind: "fire", carrier: "action" });
  });

  it("emits the slice label from a pie tap and the datum from a bar tap", async () => {
    expect(await cell("pie").locator(".cc-pie-slice").count()).toBe(4);
    expect(await cell("pie").locator(".cc-pie-centre").textContent()).toBe("100");
    await cell("pie").locator('.cc-pie-slice[data-label="Web"]').click();
    const slice = await callFrom("pie");
    expect(slice).toMatchObject({ kind: "fire", carrier: "pieConfig.sliceAction", tokens: { value: "Web" } });

    expect(await cell("bars").locator(".cc-chart-bar").count()).toBe(10);
    await cell("bars").locator('.cc-chart-bar[data-series="POST"][data-index="3"]').click();
    const datum = await callFrom("bars");
    expect(datum).toMatchObject({
      carrier: "chartConfig.datumAction",
      tokens: { value: { series: "POST", category: "Thu", index: 3, y: 9 } },
    });
    expect(await cell("lines").locator("canvas").count()).toBeGreaterThan(0);
  });

  it("requests node content and shows it as escaped markdown; other nodes fire nodeAction", async () => {
    expect(await cell("mesh").locator(".cc-graph-node").count()).toBe(5);
    await cell("mesh").locator('[data-node="relay"]').click();
    const request = await callFrom("mesh", (c) => c.kind === "request");
    expect(request).toMatchObject({ type: "node_info", payload: { id: "relay" } });
    const sheet = cell("mesh").locator(".cc-sheet");
    await expect.poll(() => sheet.locator(".cc-sheet-title").textContent()).toBe("Relay node");
    expect(await sheet.locator("strong").textContent()).toBe("Healthy");
    expect(await sheet.textContent()).toContain("<script>");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await sheet.getByLabel("Close").click();

    await cell("mesh").locator('[data-node="hub"]').click();
    const fired = await callFrom("mesh", (c) => c.kind === "fire");
    expect(fired).toMatchObject({ carrier: "graphConfig.nodeAction", tokens: { value: "hub" } });
  });

  it("gives switches and steppers 40 px targets, fills ring cells and keeps the sparkline readout off the line", async () => {
    const height = async (selector: string) => (await page.locator(selector).first().boundingBox())!.height;
    expect(await height('[data-cell="fan"] [role="switch"]')).toBeGreaterThanOrEqual(40);
    expect(await cell("fan").locator('[role="switch"]').textContent()).toBe("Fan");
    expect(await height('[data-cell="setpoint"] .cc-step')).toBeGreaterThanOrEqual(40);
    const ring = (await cell("disk").locator(".cc-ring-svg").boundingBox())!;
    const body = (await cell("disk").locator(".cc").boundingBox())!;
    expect(ring.width).toBeCloseTo(Math.min(body.width, body.height), 0);
    const plot = (await cell("load").locator(".cc-spark-svg").boundingBox())!;
    const readout = (await cell("load").locator(".cc-spark-last").boundingBox())!;
    expect(readout.x).toBeGreaterThanOrEqual(plot.x + plot.width);
  });

  it("draws tracks and the node sheet in the light scheme's ink", async () => {
    const light = await browser.newPage({ viewport: { width: 1280, height: 2000 }, colorScheme: "light" });
    try {
      await light.goto(gallery.url);
      await light.waitForSelector('[data-cell="gap"]');
      const stroke = (selector: string) =>
        light
          .locator(selector)
          .first()
          .evaluate((el) => getComputedStyle(el).stroke);
      expect(await stroke('[data-cell="disk"] .cc-ring-track')).toMatch(
        /^(rgba\(0, 0, 0, 0\.1\d*\)|color\(srgb 0 0 0 \/ 0\.1\d*\))$/,
      );
      expect(await stroke('[data-cell="cpu"] .cc-gauge-track')).toBe(
        await stroke('[data-cell="disk"] .cc-ring-track'),
      );
      await light.locator('[data-cell="mesh"] [data-node="relay"]').click();
      const sheet = light.locator('[data-cell="mesh"] .cc-sheet');
      await sheet.locator(".cc-sheet-body").waitFor();
      expect(await sheet.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)");
      // The sheet's ground is the card surface over the light page colour, not a fixed dark glass.
      expect(await sheet.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(242, 242, 247)");
    } finally {
      await light.close();
    }
  });

  it("switches container panels and emits the index", async () => {
    await cell("acc").getByText("Network").click();
    expect((await callFrom("acc")).value).toBe(1);
    await expect.poll(() => cell("acc").textContent()).toContain("3 peers");

    await cell("pages").getByLabel("Next page").click();
    expect((await callFrom("pages")).value).toBe(1);

    await cell("flip").locator(".cc-flip-face").click();
    expect((await callFrom("flip")).value).toBe(1);
    await expect.poll(() => cell("flip").textContent()).toContain("Back");
  });

  it("has a sample of every one of the 43 types and a card for every documented style", async () => {
    const types = listControls().map((c) => c.type);
    const shown = new Set(
      await page
        .locator("[data-cell-type]")
        .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell-type"))),
    );
    expect(types.filter((t) => !shown.has(t))).toEqual([]);
    for (const type of ["pieChart", "slider", "label", "boxPlot", "joystick"]) {
      const field = getControlDoc(type).fields.find(
        (f) => /(^style$|Style$)/.test(f.name) && f.in === undefined,
      );
      for (const style of field?.values ?? []) {
        const card = page.locator(`[data-cell$="--${style}"][data-cell-type="${type}"]`);
        expect(await card.count(), `${type} ${style}`).toBe(1);
        expect(await card.locator('[data-control="unknown"]').count()).toBe(0);
      }
    }
  });

  it("slider radial: an arc with the value, dragged around (12 o'clock is mid-range) or stepped by keys", async () => {
    const radial = cell("speed--radial").locator('svg[role="slider"]');
    expect(await radial.getAttribute("aria-valuenow")).toBe("40");
    expect(await radial.locator(".cc-radial-readout").textContent()).toBe("40%");
    await radial.scrollIntoViewIfNeeded();
    // The arc's top point (0, -40) in viewBox units, in page pixels.
    const top = await radial.evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      const [minX, minY, width, height] = svg.getAttribute("viewBox")!.split(" ").map(Number);
      const scale = Math.min(box.width / width, box.height / height);
      const left = box.left + (box.width - width * scale) / 2;
      const top = box.top + (box.height - height * scale) / 2;
      return { x: left + (0 - minX) * scale, y: top + (-40 - minY) * scale };
    });
    await page.mouse.move(top.x, top.y);
    await page.mouse.down();
    await page.mouse.up();
    expect((await callFrom("speed--radial", (c) => c.kind === "commit")).value).toBe(50);
    await radial.focus();
    await page.keyboard.press("ArrowUp");
    expect((await callFrom("speed--radial", (c) => c.value === 55)).value).toBe(55);
    await expect.poll(() => radial.getAttribute("aria-valuenow")).toBe("55");
  });

  it("contact sheet: the 43 types in the light and the dark scheme, screenshotted", async () => {
    const sheet = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    sheet.on("pageerror", (error) => errors.push(error.message));
    try {
      await sheet.goto(`${gallery.url}?sheet`);
      const types = listControls().map((c) => c.type);
      const dir = join(process.cwd(), "test-results", "gallery");
      mkdirSync(dir, { recursive: true });
      for (const scheme of ["light", "dark"]) {
        const half = sheet.locator(`.gallery-sheet-half[data-scheme="${scheme}"]`);
        await expect
          .poll(() => half.locator(".gallery-grid > [data-cell-type]").count(), { timeout: 10_000 })
          .toBe(types.length);
        const order = await half
          .locator(".gallery-grid > [data-cell-type]")
          .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-cell-type")));
        expect(order.slice().sort()).toEqual(types.slice().sort());
        expect(await half.locator('[data-control="unknown"]').count()).toBe(0);
        // Every card on its own, on request (86 screenshots take a while on a small machine).
        if (process.env.CARTER_GALLERY_CARDS)
          for (const type of types)
            await half
              .locator(`.gallery-grid > [data-cell-type="${type}"]`)
              .screenshot({ path: join(dir, `${type}-${scheme}.png`) });
      }
      const light = await sheet
        .locator('.gallery-sheet-half[data-scheme="light"]')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      const dark = await sheet
        .locator('.gallery-sheet-half[data-scheme="dark"]')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(light).not.toBe(dark);
      const target = process.env.CARTER_CONTACT_SHEET ?? join(dir, "contact-sheet.png");
      mkdirSync(dirname(target), { recursive: true });
      await sheet.screenshot({ path: target, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await sheet.close();
    }
  });
});
