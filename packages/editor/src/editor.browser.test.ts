import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MeshClient } from "@carter/client";
import { launchChromium } from "@carter/testing";
import type { Browser, Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "./app/store.js";
import { startEditorServer, type RunningEditorServer } from "./server/index.js";

interface Child {
  id: string;
  type: string;
  position: [number, number];
  span?: [number, number];
  label?: string;
}

const START = {
  name: "Bench",
  version: 1,
  tabs: [{ title: "Main", icon: "gauge", grid: { columns: 4, rows: 6 }, children: [] }],
};

let server: RunningEditorServer;
let browser: Browser;
let page: Page;
let file: string;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), "carter-editor-")), "bench.json");
  writeFileSync(file, JSON.stringify(START));
  server = await startEditorServer({ port: 0, file, log: () => undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  await page.locator('[data-grid="/tabs/0"]').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The middle of cell [row, col] of the tab grid (4 columns x 6 rows). */
async function cell(row: number, col: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-grid="/tabs/0"]').boundingBox();
  if (!box) throw new Error("no grid");
  return { x: box.x + ((col + 0.5) * box.width) / 4, y: box.y + ((row + 0.5) * box.height) / 6 };
}

/** Presses on `from`, moves the mouse in steps like a hand would, releases on `to`. */
async function drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** The layout as the JSON view shows it. */
async function shown(): Promise<{ name: string; tabs: { children: Child[] }[] }> {
  return JSON.parse(await page.locator(".json textarea").inputValue()) as {
    name: string;
    tabs: { children: Child[] }[];
  };
}

async function child(id: string): Promise<Child | undefined> {
  return (await shown()).tabs[0].children.find((c) => c.id === id);
}

describe("the editor, driven like a person would", () => {
  it("drags three controls from the palette onto the grid, snapped to the cells under the pointer", async () => {
    await drag(await center(page.locator('.palette [data-type="toggle"]')), await cell(0, 0));
    await drag(await center(page.locator('.palette [data-type="button"]')), await cell(0, 2));
    await drag(await center(page.locator('.palette [data-type="label"]')), await cell(2, 1));
    await expect
      .poll(async () => (await shown()).tabs[0].children.map((c) => [c.id, c.position]))
      .toEqual([
        ["toggle-1", [0, 0]],
        ["button-1", [0, 2]],
        ["label-1", [2, 1]],
      ]);
    await expect.poll(() => page.locator(".canvas .node").count()).toBe(3);
  });

  it("refuses a drop on taken cells and says why", async () => {
    await drag(await center(page.locator('.palette [data-type="gauge"]')), await cell(0, 2));
    await expect.poll(() => page.locator(".problem").textContent()).toMatch(/overlaps 'button-1'/);
    expect((await shown()).tabs[0].children).toHaveLength(3);
  });

  it("resizes the selected control with its handle", async () => {
    await page.locator('.node[data-id="button-1"]').click();
    await drag(await center(page.locator('[data-resize="button-1"]')), await cell(1, 3));
    await expect.poll(async () => (await child("button-1"))?.span).toEqual([2, 2]);
  });

  it("moves a control by dragging it", async () => {
    await drag(await center(page.locator('.node[data-id="toggle-1"]')), await cell(5, 3));
    await expect.poll(async () => (await child("toggle-1"))?.position).toEqual([5, 3]);
  });

  it("multi-selects with shift-click and moves two controls together, one undo step", async () => {
    await page.locator('.node[data-id="label-1"]').click();
    await page.locator('.node[data-id="toggle-1"]').click({ modifiers: ["Shift"] });
    await expect.poll(() => page.locator(".node.selected").count()).toBe(2);
    await drag(await cell(2, 1), await cell(2, 0));
    await expect
      .poll(async () => [(await child("label-1"))?.position, (await child("toggle-1"))?.position])
      .toEqual([
        [2, 0],
        [5, 2],
      ]);
    await page.locator('[data-action="undo"]').click();
    await expect
      .poll(async () => [(await child("label-1"))?.position, (await child("toggle-1"))?.position])
      .toEqual([
        [2, 1],
        [5, 3],
      ]);
  });

  it("nudges the selection with the arrow keys", async () => {
    await page.keyboard.press("ArrowLeft");
    await expect
      .poll(async () => [(await child("label-1"))?.position, (await child("toggle-1"))?.position])
      .toEqual([
        [2, 0],
        [5, 2],
      ]);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await child("label-1"))?.position).toEqual([2, 1]);
  });

  it("edits a field in the inspector and the JSON view follows", async () => {
    await page.locator('.node[data-id="label-1"]').click();
    const input = page.locator('.inspector input[name="label"]');
    await input.fill("Uptime now");
    await input.press("Tab");
    await expect.poll(async () => (await child("label-1"))?.label).toBe("Uptime now");
    await expect(page.locator('.node[data-id="label-1"] .node-label').textContent()).resolves.toBe(
      "Uptime now",
    );
  });

  it("takes typed JSON and the canvas follows", async () => {
    const layout = await shown();
    Object.assign(
      layout.tabs[0].children.find((c) => c.id === "label-1")!,
      { label: "From JSON", style: "weird" },
    );
    await page.locator(".json textarea").fill(JSON.stringify(layout, null, 2));
    await expect
      .poll(() => page.locator('.node[data-id="label-1"] .node-label').textContent())
      .toBe("From JSON");
    // The kit's warning shows beside the field it is about.
    await expect
      .poll(() => page.locator('.inspector .finding[data-field="style"]').textContent())
      .toMatch(/"style" is "weird", not one of default/);
  });

  it("undoes and redoes with the buttons and the keyboard", async () => {
    await page.locator('[data-action="undo"]').click();
    await expect.poll(async () => (await child("label-1"))?.label).toBe("Uptime now");
    await page.locator('[data-action="redo"]').click();
    await expect.poll(async () => (await child("label-1"))?.label).toBe("From JSON");
    await page.locator(".canvas .sheet").click({ position: { x: 5, y: 5 } });
    await page.locator('.node[data-id="toggle-1"]').click();
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator('.node[data-id="toggle-1"]').count()).toBe(0);
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.locator('.node[data-id="toggle-1"]').count()).toBe(1);
  });

  it("saves back to the file it was started with", async () => {
    await page.locator('[data-action="save"]').click();
    await expect.poll(() => page.locator(".saved").textContent()).toMatch(/^saved v\d+$/);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(await shown());
  });
});

const LIVE = {
  name: "Live bench",
  version: 1,
  tabs: [
    {
      title: "Main",
      icon: "gauge",
      grid: { columns: 4, rows: 6 },
      children: [
        {
          id: "temp",
          type: "gauge",
          position: [0, 0],
          span: [2, 2],
          label: "Temp",
          min: 0,
          max: 50,
          sync: { event: "broadcast", filter: { msg_type: "env" }, valuePath: "temp" },
        },
        {
          id: "go",
          type: "button",
          position: [0, 2],
          label: "Go",
          action: { event: "broadcast_request", payload: { msg_type: "go", value: "{{value}}" } },
        },
        {
          id: "trend",
          type: "sparkline",
          position: [2, 0],
          span: [1, 2],
          sync: { event: "broadcast", filter: { msg_type: "env" }, valuePath: "trend" },
        },
      ],
    },
    { title: "Other", icon: "gear", grid: { columns: 2, rows: 2 }, children: [] },
  ],
};

/** `CARTER_SCREENSHOTS=docs` writes the README's pictures of the live side there. */
async function picture(name: string): Promise<void> {
  const dir = process.env.CARTER_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, name) });
}

/** An app older than `sparkline`: answers `apply-layout` with a summary that leaves those out. */
function olderApp(url: string): MeshClient {
  const app = new MeshClient({
    url,
    name: "old-app",
    channel: "editor",
    role: "viewer",
    logger: { debug: () => {}, info: () => {} },
  });
  app.on("apply-layout", (layout: typeof LIVE) => ({
    ok: true,
    rendered: {
      name: layout.name,
      accentColor: null,
      tabs: layout.tabs.map((tab) => ({
        title: tab.title,
        icon: tab.icon,
        controls: tab.children
          .filter((c) => c.type !== "sparkline")
          .map((c) => ({ id: c.id, type: c.type, position: c.position, span: c.span ?? [1, 1] })),
      })),
    },
  }));
  return app;
}

describe("live editing: the preview, paired devices, simulated data", () => {
  let device: Page;
  let deviceName: string;
  const note = (name: string) => page.locator(`.device-list li[data-device="${name}"] .device-note`);
  const preview = (): Frame => page.frame({ url: /\/device\/\?preview/ })!;

  beforeAll(async () => {
    await page.evaluate((layout) => {
      (window as unknown as { carterEditor: Store }).carterEditor.apply({ op: "replaceLayout", layout });
    }, LIVE);
    await page.locator('[data-pane="devices"]').click();
  });

  afterAll(async () => {
    await device?.close();
  });

  it("pairs a web device opened on the pairing QR's URL and lists it", async () => {
    const url = await page.locator(".pair-url").getAttribute("href");
    expect(url).toMatch(/\/device\/#pair=/);
    expect(JSON.parse(decodeURIComponent(url!.split("#pair=")[1]))).toEqual({
      url: `ws://127.0.0.1:${server.port}/relay`,
      channel: "editor",
      role: "viewer",
    });
    device = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await device.goto(url!);
    await device.waitForFunction(() => window.__carter?.state().phase === "connected", undefined, {
      timeout: 30_000,
    });
    deviceName = await device.evaluate(() => window.__carter!.state().name!);
    await expect.poll(() => note(deviceName).textContent(), { timeout: 15_000 }).toBe("paired");
  });

  it("pushes: the device renders the document and the editor shows its echo", async () => {
    await page.locator('[data-action="push"]').click();
    await expect
      .poll(() => note(deviceName).textContent(), { timeout: 20_000 })
      .toMatch(/^pushed v\d+: all 3 controls rendered$/);
    await device.locator('[data-control-id="temp"]').waitFor();
    expect(await device.evaluate(() => window.__carter!.state().layout)).toBe("Live bench");
  });

  it("pushes every change while live is on", async () => {
    await page.locator('[data-action="auto-push"]').check();
    await page.locator('.node[data-id="go"]').click();
    const input = page.locator('.inspector input[name="label"]');
    await input.fill("Go now");
    await input.press("Tab");
    await expect
      .poll(() => device.locator('[data-control-id="go"]').textContent(), { timeout: 15_000 })
      .toContain("Go now");
    await page.locator('[data-action="auto-push"]').uncheck();
  });

  it("outlines on the canvas a control a device dropped, and names it", async () => {
    const app = olderApp(`ws://127.0.0.1:${server.port}/relay`);
    await app.connect();
    try {
      await expect.poll(() => note("old-app").textContent(), { timeout: 15_000 }).toBe("paired");
      await page.locator('[data-action="push"]').click();
      await expect.poll(() => note("old-app").textContent(), { timeout: 20_000 }).toMatch(/1 dropped/);
      expect(await page.locator('li[data-device="old-app"] [data-dropped="trend"]').textContent()).toMatch(
        /dropped trend/,
      );
      await expect.poll(() => note(deviceName).textContent()).toMatch(/all 3 controls rendered/);
      const outline = (id: string) =>
        page
          .locator(`.canvas .node[data-id="${id}"]`)
          .evaluate((node) => getComputedStyle(node).outlineStyle);
      await expect.poll(() => outline("trend")).toBe("dashed");
      expect(await outline("temp")).not.toBe("dashed");
      await picture("editor-devices.png");
    } finally {
      await app.close();
    }
    await expect.poll(() => page.locator('li[data-device="old-app"]').count(), { timeout: 15_000 }).toBe(0);
  });

  it("selects the control a person taps on the device (Studio Mirror) and points one out on the device", async () => {
    await device.locator('[data-control-id="go"] button').first().click();
    await expect.poll(() => page.locator(".node.selected").getAttribute("data-id")).toBe("go");
    await page.locator('.node[data-id="temp"]').click();
    await page.locator('[data-action="highlight"]').click();
    await device.locator('[data-control-id="temp"][data-highlight]').waitFor({ timeout: 10_000 });
    await expect.poll(() => note(deviceName).textContent()).toBe("showing temp");
  });

  it("saves on the device and imports what the device shows", async () => {
    await page.locator('[data-action="save-device"]').click();
    await expect
      .poll(() => note(deviceName).textContent(), { timeout: 15_000 })
      .toBe("saved as live-bench.json");
    await page.evaluate(() => {
      (window as unknown as { carterEditor: Store }).carterEditor.apply({ op: "removeControl", id: "trend" });
    });
    expect((await shown()).tabs[0].children).toHaveLength(2);
    await page.locator(`li[data-device="${deviceName}"] [data-action="import"]`).click();
    await expect
      .poll(async () => (await shown()).tabs[0].children.map((c) => c.id), { timeout: 15_000 })
      .toEqual(["temp", "go", "trend"]);
    expect(await note(deviceName).textContent()).toBe("imported 'Live bench'");
  });

  it("previews the document in the web device, fed with sample frames", async () => {
    await page.locator('[data-pane="preview"]').click();
    await expect
      .poll(() => preview()?.locator('[data-control-id="temp"]').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await preview().evaluate(() => window.__carter!.values(["temp"]).temp ?? null)).toBeNull();
    await page.locator('[data-action="simulate"]').click();
    await expect.poll(() => page.locator(".fired").textContent()).toBe("1 frame → temp, trend");
    const value = await preview().evaluate(() => window.__carter!.values(["temp"]).temp);
    expect(typeof value).toBe("number");
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(50);
    await expect
      .poll(() => preview().locator('[data-control-id="temp"]').textContent())
      .toContain(String(Math.round(value as number)));
    await picture("editor-preview.png");
  });

  it("frames the preview as a tablet and stands in for the system's light scheme", async () => {
    const scheme = () =>
      preview().evaluate(() => document.querySelector("[data-scheme]")?.getAttribute("data-scheme"));
    expect(await scheme()).toBe("dark");
    await page.locator('[data-action="scheme"]').click();
    await expect.poll(scheme).toBe("light");
    await page.locator('[data-frame="tablet"]').click();
    await expect.poll(() => preview().evaluate(() => innerWidth)).toBe(820);
    await page.locator('[data-frame="phone"]').click();
  });

  it("lists every action a control in the preview emits", async () => {
    await preview().locator('[data-control-id="go"] button').first().click();
    const entry = page.locator('.actions-log li[data-control="go"]').first();
    await entry.waitFor();
    expect(await entry.locator("code").textContent()).toBe('{"msg_type":"go","value":null}');
    expect(await entry.locator(".event").textContent()).toBe("broadcast_request");
  });
});
