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

const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const face = (id: string) => ({
  type: "group",
  id,
  grid: { columns: 1, rows: 1 },
  children: [{ type: "label", id: `${id}-text`, position: [0, 0], text: id }],
});

/** Layout-level features: appearance, sub-themes, motion, haptics, popups, pulses, tab and group icons. */
const SHELL = {
  name: "Shell",
  version: 1,
  appearance: {
    colorScheme: "dark",
    statusBarStyle: "dark",
    header: { dark: ["#102030", "#203040"], light: "#EEEEEE" },
    backgroundImage: { url: PIXEL, blur: 4, opacity: 0.5, overlay: "#00000080", contentMode: "fit" },
  },
  theme: {
    toggle: { trackActiveColor: "#34C759", knobColor: "#FF9500", trackWidth: 61 },
    segmented: { selectedColor: "#112233", selectedTextColor: "#FFCC00" },
  },
  tabs: [
    {
      title: "Main",
      icon: "house.fill",
      grid: { columns: 4, rows: 12 },
      children: [
        {
          type: "toggle",
          id: "sh-toggle",
          position: [0, 0],
          label: "T",
          defaultValue: true,
          animation: "bouncy",
        },
        {
          type: "toggle",
          id: "sh-own",
          position: [0, 1],
          label: "Own",
          defaultValue: true,
          theme: { trackActiveColor: "#FF2D55" },
          animation: { profile: "smooth", duration: 0.8 },
        },
        {
          type: "button",
          id: "sh-button",
          position: [0, 2],
          label: "Hold me",
          haptic: "heavy",
          action: { event: "broadcast_request", payload: { msg_type: "tap" } },
          longPressGroup: {
            id: "sh-popup",
            label: "Quick",
            grid: { columns: 2, rows: 1 },
            children: [
              {
                type: "toggle",
                id: "sh-popup-toggle",
                position: [0, 0],
                label: "In popup",
                defaultValue: false,
              },
            ],
          },
        },
        {
          type: "segmentedControl",
          id: "sh-seg",
          position: [0, 3],
          options: ["a", "b"],
          defaultValue: "a",
          animation: "gentle",
        },
        {
          type: "group",
          id: "sh-group",
          position: [1, 0],
          span: [2, 2],
          label: "Live",
          icon: "bolt.fill",
          tint: "#FF9500",
          pulse: { event: "reading", direction: "inward", filter: { device: "a" }, duration: 30 },
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "sh-label", position: [0, 0], text: "x" }],
        },
        {
          type: "flipCard",
          id: "sh-flip",
          position: [1, 2],
          span: [2, 2],
          containerAnimation: { profile: "instant", stepInterval: 0.2 },
          sync: [{ filter: { msg_type: "face" }, valuePath: "i" }],
          panels: [face("f0"), face("f1"), face("f2"), face("f3")],
        },
        {
          type: "accordion",
          id: "sh-acc",
          position: [3, 0],
          span: [3, 4],
          containerAnimation: { profile: "smooth", chevronRotation: 180 },
          panels: [{ ...face("acc0"), label: "Zero" }],
        },
        {
          type: "chat",
          id: "sh-chat",
          position: [6, 0],
          span: [5, 4],
          config: { target: "bot" },
        },
      ],
    },
    { title: "More", icon: "gearshape", grid: { columns: 1, rows: 1 }, children: [] },
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

  describe("layout-level features", () => {
    let page: Page;
    const style = (selector: string, property: string) =>
      page.evaluate(
        ([sel, prop]) => getComputedStyle(document.querySelector(sel!)!).getPropertyValue(prop!).trim(),
        [selector, property],
      );
    const vibrations = () => page.evaluate(() => (window as unknown as { vibes: unknown[] }).vibes);

    beforeAll(async () => {
      page = await browser.newPage({ viewport: { width: 800, height: 1100 } });
      // navigator.vibrate is the browser's haptics API: record what the device asks it to play.
      await page.addInitScript(() => {
        const record: unknown[] = [];
        (window as unknown as { vibes: unknown[] }).vibes = record;
        Object.defineProperty(Navigator.prototype, "vibrate", {
          configurable: true,
          value: (pattern: unknown) => record.push(pattern) > 0,
        });
      });
      await page.goto(server.url);
      await page.locator(".carter-loader").waitFor(WAIT);
      expect(await page.evaluate((doc) => window.__carter!.loadLayout(doc), SHELL)).toEqual({ ok: true });
      await page.locator('[data-control-id="sh-toggle"]').waitFor(WAIT);
    });

    afterAll(async () => {
      await page?.close();
    });

    it("draws the header fill, background image and status bar from appearance", async () => {
      expect(await page.getAttribute(".carter-header", "class")).toContain("carter-header--color");
      const header = await style(".carter-header", "background-image");
      expect(header).toContain("linear-gradient");
      expect(header).toContain("rgb(16, 32, 48)");
      expect(await style(".carter-backdrop-image", "filter")).toBe("blur(4px)");
      expect(await style(".carter-backdrop-image", "opacity")).toBe("0.5");
      expect(await style(".carter-backdrop-image", "background-size")).toBe("contain");
      expect(await style(".carter-backdrop-image", "background-image")).toContain("data:image/png");
      expect(await style(".carter-backdrop-overlay", "background-color")).toBe("rgba(0, 0, 0, 0.5)");
      const metas = await page.evaluate(() => ({
        theme: document.querySelector('meta[name="theme-color"]')?.getAttribute("content"),
        apple: document
          .querySelector('meta[name="apple-mobile-web-app-status-bar-style"]')
          ?.getAttribute("content"),
        content: document.querySelector(".carter-app")?.getAttribute("data-status-bar"),
      }));
      expect(metas).toEqual({ theme: "#102030", apple: "default", content: "dark" });
    });

    it("draws tab icons and a group's icon in its tint", async () => {
      const tabIcons = page.locator('.carter-tabs [role="tab"] svg');
      expect(await tabIcons.evaluateAll((svgs) => svgs.map((s) => s.getAttribute("data-symbol")))).toEqual([
        "house.fill",
        "gearshape",
      ]);
      // A mapped glyph is a path; an unmapped name would draw the neutral dot.
      expect(await page.locator('.carter-tabs svg[data-symbol="house.fill"] path').count()).toBe(1);
      const groupIcon = '[data-group-id="sh-group"] .carter-group-label svg[data-symbol="bolt.fill"]';
      expect(await page.locator(`${groupIcon} path`).count()).toBe(1);
      expect(await style(groupIcon, "color")).toBe("rgb(255, 149, 0)");
    });

    it("applies family sub-themes from the layout and a control's own theme", async () => {
      expect(await style('[data-control-id="sh-toggle"] .cc-switch', "background-color")).toBe(
        "rgb(52, 199, 89)",
      );
      expect(await style('[data-control-id="sh-toggle"] .cc-switch-knob', "background-color")).toBe(
        "rgb(255, 149, 0)",
      );
      expect(await style('[data-control-id="sh-toggle"] .cc-switch', "width")).toBe("61px");
      expect(await style('[data-control-id="sh-own"] .cc-switch', "background-color")).toBe(
        "rgb(255, 45, 85)",
      );
      const selected = '[data-control-id="sh-seg"] .cc-segment.is-selected';
      expect(await style(selected, "background-color")).toBe("rgb(17, 34, 51)");
      expect(await style(selected, "color")).toBe("rgb(255, 204, 0)");
    });

    it("times transitions by animation and containerAnimation, and flips a jump face by face", async () => {
      expect(await style('[data-control-id="sh-toggle"]', "transition-duration")).toBe("0.5s");
      expect(await style('[data-control-id="sh-own"]', "transition-duration")).toBe("0.8s");
      const segment = '[data-control-id="sh-seg"] .cc-segment';
      expect(await style(segment, "transition-duration")).toBe("0.25s, 0.25s");
      expect(await style(segment, "transition-timing-function")).toBe("ease-in-out, ease-in-out");
      const chevron = '[data-control-id="sh-acc"] .cc-section.is-open .cc-section-chevron';
      expect(await style(chevron, "transition-duration")).toBe("0.35s");
      expect(await style(chevron, "transform")).toMatch(/^matrix\(-1, /);
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { faces: string[] }).faces = seen;
        new MutationObserver(() => {
          const f = document.querySelector('[data-control-id="sh-flip"] .cc-flip-face');
          const at = f?.getAttribute("data-face");
          if (at && seen[seen.length - 1] !== at) seen.push(at);
        }).observe(document.querySelector('[data-control-id="sh-flip"]')!, {
          subtree: true,
          childList: true,
          attributes: true,
        });
        window.__carter!.inject("broadcast", { msg_type: "face", i: 3 });
      });
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { faces: string[] }).faces), WAIT)
        .toEqual(["1", "2", "3"]);
    });

    it("plays haptics through navigator.vibrate: the control's own profile and its type's default", async () => {
      const before = (await vibrations()).length;
      await page.click('[data-control-id="sh-button"] button');
      await page.click('[data-control-id="sh-toggle"] [role="switch"]');
      await expect.poll(async () => (await vibrations()).slice(before), WAIT).toEqual([35, 15]);
    });

    it("opens a long-press popup whose controls render, emit and are counted", async () => {
      const button = (await page.locator('[data-control-id="sh-button"]').boundingBox())!;
      const before = (await vibrations()).length;
      await page.mouse.move(button.x + button.width / 2, button.y + button.height / 2);
      await page.mouse.down();
      await page.locator('[data-popup-id="sh-popup"]').waitFor(WAIT);
      await page.mouse.up();
      // The held press opened the popup (medium haptic) and did not also tap the button.
      expect((await vibrations()).slice(before)).toEqual([20]);
      expect(await page.locator('[data-popup-id="sh-popup"] header').textContent()).toBe("Quick");
      await page.click('[data-popup-id="sh-popup"] [data-control-id="sh-popup-toggle"] [role="switch"]');
      await expect
        .poll(() => page.evaluate(() => window.__carter!.values(["sh-popup-toggle"])), WAIT)
        .toEqual({ "sh-popup-toggle": true });
      const summary = await page.evaluate(() => window.__carter!.layoutSummary());
      expect(summary!.tabs[0]!.controls.map((c) => c.id)).toContain("sh-popup-toggle");
      await page.keyboard.press("Escape");
      await expect.poll(() => page.locator('[data-popup-id="sh-popup"]').count(), WAIT).toBe(0);
    });

    it("flashes a group's pulse when its event lands and the filter matches", async () => {
      const pulse = page.locator('[data-group-id="sh-group"] .carter-pulse');
      expect(await pulse.count()).toBe(0);
      await page.evaluate(() => window.__carter!.inject("broadcast", { msg_type: "reading", device: "b" }));
      await page.evaluate(() => window.__carter!.inject("broadcast", { msg_type: "reading", device: "a" }));
      await expect.poll(() => pulse.getAttribute("data-pulses"), WAIT).toBe("1");
      expect(await pulse.getAttribute("class")).toContain("carter-pulse--inward");
      expect(await style('[data-group-id="sh-group"] .carter-pulse', "pointer-events")).toBe("none");
    });

    it("shows the companion typing while a reply is due, and a read receipt once it lands", async () => {
      const chat = '[data-control-id="sh-chat"]';
      await page.fill(`${chat} .cc-chat-input`, "hello");
      await page.click(`${chat} .cc-chat-send`);
      await page.locator(`${chat} .cc-chat-typing`).waitFor(WAIT);
      expect(await page.getAttribute(`${chat} .cc-chat-receipt`, "data-receipt")).toBe("sent");
      await page.evaluate(() =>
        window.__carter!.inject("broadcast", { event: "chat_response", text: "hi there" }),
      );
      await expect.poll(() => page.locator(`${chat} .cc-chat-typing`).count(), WAIT).toBe(0);
      expect(await page.getAttribute(`${chat} .cc-chat-receipt`, "data-receipt")).toBe("read");
    });
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
