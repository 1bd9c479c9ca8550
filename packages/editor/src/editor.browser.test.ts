import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MeshClient } from "@carter/client";
import { launchChromium } from "@carter/testing";
import type { Browser, Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NESTED } from "./app/nested.fixture.js";
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
  await page.locator(".json .cm-content").waitFor();
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

/** The JSON view's text (CodeMirror's document, which draws only the lines in sight). */
function jsonText(): Promise<string> {
  return page.evaluate(() =>
    (
      window as unknown as { carterJson: { state: { doc: { toString(): string } } } }
    ).carterJson.state.doc.toString(),
  );
}

/** Puts the JSON view's cursor at `offset` and focuses it, as a click there would. */
async function cursorAt(offset: number): Promise<void> {
  await page.evaluate((at) => {
    const view = (window as unknown as { carterJson: { dispatch(t: unknown): void; focus(): void } })
      .carterJson;
    view.focus();
    view.dispatch({ selection: { anchor: at } });
  }, offset);
}

/** The layout as the JSON view shows it. */
async function shown(): Promise<{ name: string; tabs: { children: Child[] }[] }> {
  return JSON.parse(await jsonText()) as {
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

  it("edits an enum and a colour in the inspector (text and picker) and the JSON view follows", async () => {
    await page.locator('.inspector select[name="align"]').selectOption("center");
    await expect.poll(async () => (await child("label-1")) as unknown).toMatchObject({ align: "center" });
    const tint = page.locator('.inspector input[name="tint"]');
    await tint.fill("#ff8800");
    await tint.press("Tab");
    await expect.poll(async () => (await child("label-1")) as unknown).toMatchObject({ tint: "#ff8800" });
    await page.locator('.inspector input[name="tint:picker"]').fill("#00aa55");
    await expect.poll(async () => (await child("label-1")) as unknown).toMatchObject({ tint: "#00aa55" });
  });

  it("shows a bad value's finding at the field it is about", async () => {
    await page.locator('.inspector select[name="style"]').selectOption({ label: "other…" });
    const other = page.locator('.inspector input[name="style:other"]');
    await other.fill("weird");
    await other.press("Tab");
    await expect
      .poll(() => page.locator('.inspector .field[data-path="style"] .finding').textContent())
      .toMatch(/"style" is "weird", not one of default/);
  });

  it("edits a sync binding's valuePath and previews what it takes from a sample frame", async () => {
    // The palette's label comes with one binding (sync[0]); this adds a second.
    await page.locator('.inspector [data-add="sync"]').click();
    const added = (): Promise<unknown> => child("label-1").then((c) => (c as { sync?: unknown[] }).sync?.[1]);
    await expect
      .poll(added)
      .toEqual({ event: "broadcast", filter: { msg_type: "label-1" }, valuePath: "value" });
    const extracted = page.locator('.inspector .preview[data-path$="sync[1]"] .extracted');
    await page
      .locator('.inspector .preview[data-path$="sync[1]"] textarea')
      .fill(JSON.stringify({ msg_type: "label-1", value: "up", stats: { cpu: 42 } }));
    await expect.poll(() => extracted.textContent()).toBe('→ "up"');
    const valuePath = page.locator('.inspector input[name="sync[1].valuePath"]');
    await valuePath.fill("stats.cpu");
    await valuePath.press("Tab");
    await expect.poll(() => extracted.textContent()).toBe("→ 42");
    await expect.poll(added).toMatchObject({ valuePath: "stats.cpu" });
    await valuePath.fill("stats.mem");
    await valuePath.press("Tab");
    await expect.poll(() => extracted.textContent()).toMatch(/finds nothing/);
  });

  it("takes JSON typed in CodeMirror and the canvas follows, the cursor where it was typed", async () => {
    // The JSON view follows a change after the frame: let it show the last one before reading offsets.
    await expect
      .poll(
        async () => ((await child("label-1")) as { sync?: { valuePath?: string }[] }).sync?.[1]?.valuePath,
      )
      .toBe("stats.mem");
    const text = await jsonText();
    const end = text.indexOf('"Uptime now"') + '"Uptime now'.length;
    await cursorAt(end);
    await page.keyboard.type("!");
    await expect
      .poll(() => page.locator('.node[data-id="label-1"] .node-label').textContent())
      .toBe("Uptime now!");
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { carterJson: { state: { selection: { main: { head: number } } } } })
              .carterJson.state.selection.main.head,
        ),
      )
      .toBe(end + 1);
    const layout = await shown();
    Object.assign(
      layout.tabs[0].children.find((c) => c.id === "label-1")!,
      { label: "From JSON" },
    );
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(JSON.stringify(layout, null, 2));
    await expect
      .poll(() => page.locator('.node[data-id="label-1"] .node-label').textContent())
      .toBe("From JSON");
  });

  it("completes a control type's fields from the schema in the JSON view", async () => {
    const text = await jsonText();
    const line = text.indexOf('"id": "label-1",') + '"id": "label-1",'.length;
    await cursorAt(line);
    await page.keyboard.press("Enter");
    await page.keyboard.type('"scrol');
    const options = page.locator(".cm-tooltip-autocomplete li");
    await expect
      .poll(() => options.allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^scrollable/));
    // CodeMirror ignores Enter for its `interactionDelay` (75 ms) after the list opens, so a
    // fast typist does not accept an option they have not seen; a person reads it first.
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    await page.keyboard.type("true,");
    await expect.poll(async () => (await child("label-1")) as unknown).toMatchObject({ scrollable: true });
    // The kit's findings show as diagnostics at the value they name (style "weird", set above).
    await expect
      .poll(() => page.locator(".json .cm-lintRange-warning").allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^"style": "weird"/));
  });

  it("undoes and redoes with the buttons and the keyboard", async () => {
    await page.locator('[data-action="undo"]').click();
    await expect
      .poll(async () => (await child("label-1")) as unknown)
      .not.toMatchObject({ scrollable: true });
    await page.locator('[data-action="redo"]').click();
    await expect.poll(async () => (await child("label-1")) as unknown).toMatchObject({ scrollable: true });
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
    const saved: unknown = JSON.parse(readFileSync(file, "utf8"));
    await expect.poll(() => shown()).toEqual(saved);
  });
});

interface Loose {
  name: string;
  accentColor?: string;
  theme?: { accentColor?: string; light?: { accentColor?: string } };
  tabs: { title: string; children: (Child & { children?: Child[] })[] }[];
}

async function loose(): Promise<Loose> {
  return (await shown()) as unknown as Loose;
}

/** The middle of cell [row, col] of the grid the canvas shows (a tab's or an entered group's). */
async function shownCell(row: number, col: number): Promise<{ x: number; y: number }> {
  const grid = page.locator(".sheet > .grid");
  const box = await grid.boundingBox();
  const columns = Number(await grid.getAttribute("data-columns"));
  const rows = Number(await grid.getAttribute("data-rows"));
  if (!box) throw new Error("no grid");
  return { x: box.x + ((col + 0.5) * box.width) / columns, y: box.y + ((row + 0.5) * box.height) / rows };
}

describe("structure, clipboard, files and theme", () => {
  it("selects two controls with a marquee drawn from an empty cell", async () => {
    await page.locator(".canvas .sheet").click({ position: { x: 5, y: 5 } });
    await drag(await cell(2, 0), await cell(5, 3));
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { carterEditor: { selection(): string[] } }).carterEditor.selection(),
        ),
      )
      .toEqual(["toggle-1", "label-1"]);
    await expect.poll(() => page.locator(".node.selected").count()).toBe(2);
  });

  it("copies them and pastes them onto another tab with fresh ids at their own cells", async () => {
    await page.keyboard.press("Control+c");
    await page.locator('[data-action="add-tab"]').click();
    await expect.poll(() => page.locator('.tabs [data-tab="1"]').getAttribute("class")).toBe("active");
    await page.keyboard.press("Control+v");
    await expect
      .poll(async () => (await loose()).tabs[1].children.map((c) => [c.id, c.position]))
      .toEqual([
        ["toggle-2", [5, 3]],
        ["label-2", [2, 1]],
      ]);
  });

  it("duplicates the selection first-fit, one undo step", async () => {
    await page.locator('[data-action="duplicate"]').click();
    await expect
      .poll(async () => (await loose()).tabs[1].children.map((c) => [c.id, c.position]))
      .toEqual([
        ["toggle-2", [5, 3]],
        ["label-2", [2, 1]],
        ["toggle-3", [0, 0]],
        ["label-3", [0, 1]],
      ]);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await loose()).tabs[1].children).toHaveLength(2);
    await page.locator('.node[data-id="toggle-2"]').click();
    await page.keyboard.press("Control+d");
    await expect
      .poll(async () => (await loose()).tabs[1].children.map((c) => c.id))
      .toEqual(["toggle-2", "label-2", "toggle-3"]);
  });

  it("reorders a tab by dragging it in the tree (the canvas staying on it), a control with ↓, renames a tab", async () => {
    await page
      .locator('[data-tree-tab="Tab 2"] > .tree-row .tree-name')
      .dragTo(page.locator('[data-tree-tab="Main"] > .tree-row .tree-name'));
    await expect.poll(async () => (await loose()).tabs.map((t) => t.title)).toEqual(["Tab 2", "Main"]);
    await expect.poll(() => page.locator(".tabs .active").textContent()).toBe("Tab 2");
    await page.locator('[data-down="toggle-2"]').click();
    await expect
      .poll(async () => (await loose()).tabs[0].children.map((c) => c.id))
      .toEqual(["label-2", "toggle-2", "toggle-3"]);
    await page.locator('[data-tree-tab="Main"] > .tree-row .tree-name').dblclick();
    await page.locator('input[name="tab-title"]').fill("Home");
    await page.locator('input[name="tab-title"]').press("Enter");
    await expect.poll(async () => (await loose()).tabs.map((t) => t.title)).toEqual(["Tab 2", "Home"]);
    await page.locator('[data-tree-tab="Tab 2"] > .tree-row .tree-name').click();
    await expect.poll(() => page.locator(".tabs .active").textContent()).toBe("Tab 2");
  });

  it("adds a group, enters it from the tree, drops a control into its grid and pastes a cut one", async () => {
    await page.locator('[data-action="add-group"]').click();
    await page.locator('[data-enter="group-1"]').click();
    await expect.poll(() => page.locator('.crumbs [data-crumb="group-1"]').count()).toBe(1);
    expect(await page.locator(".sheet > .grid").getAttribute("data-columns")).toBe("2");
    await drag(await center(page.locator('.palette [data-type="button"]')), await shownCell(1, 1));
    await expect
      .poll(async () => (await loose()).tabs[0].children.find((c) => c.id === "group-1")?.children)
      .toMatchObject([{ type: "button", position: [1, 1] }]);
    // Cut a control from the tab and paste it into the group: it keeps its id, and its cell there.
    await page.locator('[data-node="toggle-3"] > .tree-row .tree-name').click();
    await page.locator('[data-action="cut"]').click();
    await page.locator('.node[data-id="group-1"] > .node-head').dblclick();
    await expect.poll(() => page.locator('.crumbs [data-crumb="group-1"]').count()).toBe(1);
    await page.locator('[data-action="paste"]').click();
    await expect
      .poll(async () =>
        (await loose()).tabs[0].children
          .find((c) => c.id === "group-1")
          ?.children?.map((c) => [c.id, c.position]),
      )
      .toEqual([
        ["button-2", [1, 1]],
        ["toggle-3", [0, 0]],
      ]);
    await page.locator('.crumbs [data-crumb=""]').click();
    await expect.poll(() => page.locator(".crumbs").count()).toBe(0);
  });

  it("opens a file, and names the field of a bad one", async () => {
    const bad = {
      name: "Bad",
      version: 1,
      tabs: [{ title: "A", icon: "x", children: [{ type: "gaug", id: "g", position: [0, 0] }] }],
    };
    await page.locator('input[name="open"]').setInputFiles({
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect
      .poll(() => page.locator(".problem").textContent())
      .toMatch(/^bad\.json: layout: \$\.tabs\[0\]\.children\[0\]\.type: unknown control type "gaug"/);
    await page.locator('input[name="open"]').setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"name": }'),
    });
    await expect
      .poll(() => page.locator(".problem").textContent())
      .toMatch(/^broken\.json: invalid JSON at line 1/);
    expect((await loose()).name).toBe("Bench");
  });

  it("starts from a template", async () => {
    await page.locator('select[name="template"]').selectOption("telemetry");
    await expect.poll(async () => (await loose()).name).toBe("Telemetry");
    await expect.poll(() => page.locator('.node[data-id="cpu"]').count()).toBe(1);
  });

  it("checks an accent's contrast and applies a palette that passes", async () => {
    await page.locator('select[name="scheme"]').selectOption("light");
    await page.locator('input[name="accent"]').fill("#FFD60A");
    await expect
      .poll(() => page.locator('.contrast [data-scheme="light"]').textContent())
      .toMatch(/light: 1\.\d\d:1 below 4\.5:1 for text/);
    await page.locator('[data-action="apply-accent"]').click();
    await expect.poll(() => page.locator(".problem").textContent()).toMatch(/below 4\.5:1 for text/);
    await page.locator('[data-action="apply-palette"]').click();
    await expect.poll(async () => (await loose()).theme?.accentColor).toBe("#FFD60A");
    // The JSON view follows after the frame: wait for the palette's own change to reach it.
    await expect.poll(async () => (await loose()).theme?.light?.accentColor).toMatch(/^#[0-9A-F]{6}$/);
    const light = (await loose()).theme?.light?.accentColor;
    expect(light).not.toBe("#FFD60A");
    expect(await page.locator('[data-palette="light"]').textContent()).toBe(light);
  });
});

/** The value at a JSON Pointer of the layout the JSON view shows (undefined where nothing is). */
async function at(pointer: string): Promise<unknown> {
  let value: unknown = JSON.parse(await jsonText());
  for (const part of pointer.slice(1).split("/"))
    value =
      typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** The editor document's version: it moves synchronously with every applied change. */
function docVersion(): Promise<number> {
  return page.evaluate(() => (window as unknown as { carterEditor: Store }).carterEditor.doc.version);
}

async function ids(pointer: string): Promise<unknown[]> {
  const children = await at(pointer);
  return Array.isArray(children) ? children.map((c: { id?: unknown }) => c.id) : [];
}

describe("popups, panels and moves in the tree", () => {
  const MAIN = "/tabs/0/children";
  const POPUP = `${MAIN}/1/longPressGroup`;

  it("enters a control's popup from the tree, drops a control into it and undoes that", async () => {
    await page.locator('input[name="open"]').setInputFiles({
      name: "nested.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(NESTED)),
    });
    await expect.poll(async () => (await loose()).name).toBe("Nested");
    await page.locator('[data-popup="lamp"] [data-enter="lamp-more"]').click();
    await expect.poll(() => page.locator(".crumbs").textContent()).toBe("Main› lamp› popup");
    expect(await page.locator(".sheet > .grid").getAttribute("data-grid")).toBe(POPUP);
    await drag(await center(page.locator('.palette [data-type="button"]')), await shownCell(0, 1));
    await expect
      .poll(() => at(`${POPUP}/children/2`))
      .toMatchObject({ type: "button", id: "button-1", position: [0, 1] });
    await page.keyboard.press("Control+z");
    await expect.poll(() => ids(`${POPUP}/children`)).toEqual(["dim", "scenes"]);
    // The control's step of the path goes back to its grid with it selected.
    await page.locator('.crumbs [data-crumb="lamp"]').click();
    await expect.poll(() => page.locator(".crumbs").count()).toBe(0);
    await expect.poll(() => page.locator('.node.selected[data-id="lamp"]').count()).toBe(1);
  });

  it("adds a popup to a control from the inspector and pastes into it", async () => {
    await page.locator('[data-node="wifi"] > .tree-row .tree-name').click();
    await page.keyboard.press("Control+c");
    await page.locator('[data-action="add-popup"]').click();
    await expect.poll(() => page.locator(".crumbs").textContent()).toBe("Main› Network› wifi› popup");
    await page.keyboard.press("Control+v");
    await expect
      .poll(() => at(`${MAIN}/0/children/0/longPressGroup`))
      .toMatchObject({
        id: "popup-1",
        grid: { columns: 2, rows: 2 },
        children: [{ type: "label", id: "wifi-1", position: [0, 0] }],
      });
  });

  it("enters a panel by double-click and edits there: inspector, move, delete, undo", async () => {
    // Double-clicking a container on the canvas enters its first panel, as it enters a group.
    await page.locator('.crumbs [data-crumb=""]').click();
    await page.locator('.node[data-id="rooms"] > .node-head').dblclick();
    await expect.poll(() => page.locator(".crumbs").textContent()).toBe("Main› rooms› Kitchen");
    await page.locator('[data-switch-panel="den"]').click();
    await expect.poll(() => page.locator(".crumbs").textContent()).toBe("Main› rooms› Den");
    await page.locator('[data-switch-panel="kitchen"]').click();
    const panel = `${MAIN}/2/panels/0/children`;
    await page.locator('.node[data-id="k-text"]').click();
    await page.locator('.inspector input[name="text"]').fill("Kettle");
    await page.locator('.inspector input[name="text"]').press("Tab");
    await expect.poll(() => at(`${panel}/0/text`)).toBe("Kettle");
    await drag(await center(page.locator('.node[data-id="k-text"]')), await shownCell(0, 1));
    await expect.poll(() => at(`${panel}/0/position`)).toEqual([0, 1]);
    await page.locator(".canvas .sheet").click({ position: { x: 2, y: 2 } });
    await page.locator('.node[data-id="k-text"]').click();
    await page.keyboard.press("Delete");
    await expect.poll(() => ids(panel)).toEqual([]);
    await page.keyboard.press("Control+z");
    await expect
      .poll(() => at(`${panel}/0`))
      .toMatchObject({ id: "k-text", text: "Kettle", position: [0, 1] });
  });

  it("moves a node to another tab, into a group and into a popup by dragging its row; a refusal says why", async () => {
    const name = (row: string) => page.locator(`${row} > .tree-row .tree-name`).first();
    await name('[data-node="dim"]').dragTo(name('[data-tree-tab="Other"]'));
    await expect.poll(() => at("/tabs/1/children/0")).toMatchObject({ id: "dim", position: [0, 0] });
    await expect.poll(() => page.locator(".tabs .active").textContent()).toBe("Other");
    await expect.poll(() => page.locator('.node.selected[data-id="dim"]').count()).toBe(1);
    // Into a group (the middle of its row): its cells are outside the 2x2 group, so first fit.
    await name('[data-node="fan"]').dragTo(name('[data-node="net"]'));
    await expect.poll(() => ids(`${MAIN}/0/children`)).toEqual(["wifi", "fan"]);
    expect(await at(`${MAIN}/0/children/1/position`)).toEqual([0, 1]);
    await page.keyboard.press("Control+z");
    await expect.poll(() => ids(MAIN)).toEqual(["net", "lamp", "rooms", "fan"]);
    // Dropped on its own row, a node stays (the group's row around it does not take the drop).
    const wifi = name('[data-node="wifi"]');
    const box = (await wifi.boundingBox())!;
    const beforeSelfDrop = await docVersion();
    await wifi.dragTo(wifi, { targetPosition: { x: box.width - 4, y: box.height - 3 } });
    // The JSON view follows a change only after paint, so it cannot show a wrong move yet: the document's version can.
    expect(await docVersion()).toBe(beforeSelfDrop);
    expect(await ids(`${MAIN}/0/children`)).toEqual(["wifi"]);
    await name('[data-node="scene-a"]').dragTo(name('[data-popup="wifi"]'));
    await expect
      .poll(() => ids(`${MAIN}/0/children/0/longPressGroup/children`))
      .toEqual(["wifi-1", "scene-a"]);
    await name('[data-node="rooms"]').dragTo(name('[data-popup="fan"]'));
    await expect.poll(() => ids(MAIN)).toEqual(["net", "lamp", "fan"]);
    expect(await at(`${MAIN}/2/longPressGroup/children/0`)).toMatchObject({ id: "rooms", span: [1, 1] });
    const beforeRefusal = await docVersion();
    await name('[data-node="net"]').dragTo(name('[data-popup="fan"]'));
    await expect.poll(() => page.locator(".problem").textContent()).toMatch(/no room for 'net'/);
    expect(await docVersion()).toBe(beforeRefusal);
    await picture("editor-nested.png");
    expect(await ids(MAIN)).toEqual(["net", "lamp", "fan"]);
    await page.keyboard.press("Control+z");
    await expect.poll(() => ids(MAIN)).toEqual(["net", "lamp", "rooms", "fan"]);
    expect(await at(`${MAIN}/2/span`)).toEqual([2, 2]);
    await page.locator('[data-remove-popup="wifi"]').click();
    await expect.poll(() => at(`${MAIN}/0/children/0/longPressGroup`)).toBeUndefined();
    await page.keyboard.press("Control+z");
    await expect
      .poll(() => ids(`${MAIN}/0/children/0/longPressGroup/children`))
      .toEqual(["wifi-1", "scene-a"]);
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
    await expect.poll(async () => (await shown()).tabs[0].children).toHaveLength(2);
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
