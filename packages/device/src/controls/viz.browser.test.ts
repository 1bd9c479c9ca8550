/**
 * The data-visualisation controls (and the classic displays and containers) in a real device (Chromium) against a real relay: each renders
 * its doc example, shows a value pushed the way the example's sync reads it, and emits its
 * documented payload with native JSON types when tapped or dragged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { centreOf, emitAction, startDocExampleRig, type DocExampleRig } from "./doc-example-rig.js";
import { formatValue } from "./format.js";

let rig: DocExampleRig;

beforeAll(async () => {
  rig = await startDocExampleRig(
    [
      { type: "heatmap", with: { heatmapConfig: { editable: true, showValues: true } } },
      { type: "radar", with: { radarConfig: { editable: true, step: 1 } }, rows: 6 },
      { type: "boxPlot" },
      { type: "gantt", with: { ganttConfig: { editable: true, showToday: false } } },
      { type: "sankey" },
      { type: "treemap" },
      { type: "chord", rows: 6 },
      {
        type: "heatmap",
        with: {
          id: "matrix-paint",
          heatmapConfig: { editable: true, sendMode: "matrix" },
          action: emitAction("matrix-paint", "action"),
          sync: [{ filter: { msg_type: "paint" }, valuePath: "grid" }],
        },
      },
      // The classic displays and the containers; examples without a sync binding get one.
      { type: "label", rows: 1 },
      { type: "gauge", rows: 3 },
      { type: "progressRing", rows: 3 },
      { type: "sparkline", rows: 1 },
      { type: "statusLight", rows: 1 },
      { type: "logConsole", rows: 3 },
      { type: "list", rows: 3 },
      { type: "cardList", rows: 4 },
      { type: "image", rows: 2 },
      { type: "qrCode", rows: 3, with: { sync: [{ filter: { msg_type: "wifi" }, valuePath: "qr" }] } },
      { type: "divider", rows: 1 },
      { type: "spacer", rows: 1 },
      { type: "accordion", rows: 4, with: { sync: [{ filter: { msg_type: "help" }, valuePath: "open" }] } },
      { type: "carousel", rows: 3, with: { sync: [{ filter: { msg_type: "room" }, valuePath: "page" }] } },
      { type: "flipCard", rows: 3, with: { sync: [{ filter: { msg_type: "pump" }, valuePath: "face" }] } },
      // pieChart and graph: the doc example first, then the documented styles.
      { type: "pieChart" },
      {
        type: "pieChart",
        with: {
          id: "prize-wheel",
          pieStyle: "wheel",
          pieConfig: { spinDuration: 0.8, sliceAction: emitAction("prize-wheel", "slice") },
          sync: [{ filter: { msg_type: "wheel" }, valuePath: "slices" }],
        },
      },
      {
        type: "pieChart",
        with: {
          id: "scene-menu",
          pieStyle: "menu",
          icon: "sparkles",
          pieConfig: { sliceAction: emitAction("scene-menu", "slice") },
          sync: [{ filter: { msg_type: "scenes" }, valuePath: "slices" }],
        },
      },
      {
        type: "graph",
        rows: 6,
        with: { graphConfig: { edgeCurved: true, nodeAction: emitAction("mesh-map", "node") } },
      },
    ],
    "viz",
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
});

describe("data visualisation controls (Chromium, doc examples)", () => {
  it("render their doc examples with a placeholder until data arrives", async () => {
    for (const type of ["heatmap", "radar", "boxPlot", "gantt", "sankey", "treemap", "chord"]) {
      await expect.poll(() => rig.cell(type).getAttribute("data-control-type")).toBe(type);
      expect(await rig.cell(type).locator(".cc-placeholder").count()).toBe(1);
    }
    expect(await rig.page.locator('[data-control="unknown"]').count()).toBe(0);
  });

  it("heatmap: pads ragged rows, paints a tapped cell and emits {row, col, value}", async () => {
    rig.push("heatmap", {
      rows: ["hall", "loft"],
      cols: ["am", "pm", "night"],
      values: [
        [20, 25],
        [30, 15, 18],
      ],
    });
    const cells = rig.cell("heatmap").locator("[data-row]");
    await expect.poll(() => cells.count()).toBe(6);
    expect(await rig.cell("heatmap").locator('[data-row="0"][data-col="2"]').getAttribute("data-value")).toBe(
      "0",
    );
    expect(await rig.cell("heatmap").locator(".cc-heatmap-scale").textContent()).toBe("1530");
    await rig.cell("heatmap").locator('[data-row="1"][data-col="0"] rect').click();
    const emit = await rig.nextEmit("heatmap");
    expect(emit.v).toEqual({ row: 1, col: 0, value: 0 });
    await expect
      .poll(() => rig.cell("heatmap").locator('[data-row="1"][data-col="0"]').getAttribute("data-value"))
      .toBe("0");
  });

  it("heatmap sendMode matrix: a drag paints several cells and sends the whole grid once", async () => {
    const cell = rig.page.locator('[data-control-id="matrix-paint"]');
    rig.hub.broadcast("paint", {
      grid: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    await expect.poll(() => cell.locator("[data-row]").count()).toBe(6);
    const from = await centreOf(cell.locator('[data-row="0"][data-col="0"] rect'));
    const to = await centreOf(cell.locator('[data-row="0"][data-col="2"] rect'));
    await rig.page.mouse.move(from.x, from.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(to.x, to.y, { steps: 8 });
    await rig.page.mouse.up();
    const whole = await rig.nextEmitOf("matrix-paint");
    expect(whole.v).toEqual({
      rows: ["1", "2"],
      cols: ["1", "2", "3"],
      values: [
        [30, 30, 30],
        [0, 0, 0],
      ],
    });
    expect(rig.emitted.filter((e) => e.id === "matrix-paint")).toHaveLength(1);
  });

  it("radar: drags the first series along its axis and emits {axes, values} on release", async () => {
    rig.push("radar", {
      axes: ["bass", "mid", "treble"],
      max: 10,
      series: [{ name: "now", values: [3, 5, 2] }],
    });
    const point = rig.cell("radar").locator('.cc-radar-point[data-axis="0"]');
    await expect.poll(() => point.count()).toBe(1);
    const start = await centreOf(point);
    await rig.page.mouse.move(start.x, start.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(start.x, start.y - 400, { steps: 6 });
    await rig.page.mouse.up();
    const emit = await rig.nextEmit("radar");
    expect(emit.v).toEqual({ axes: ["bass", "mid", "treble"], values: [10, 5, 2] });
  });

  it("boxPlot: computes Tukey stats from samples and emits the tapped category's stats", async () => {
    rig.push("boxPlot", {
      categories: ["eu", "us"],
      samples: [
        [1, 2, 3, 4, 100],
        [5, 6, 7],
      ],
    });
    const eu = rig.cell("boxPlot").locator('[data-category="eu"]');
    await expect.poll(() => eu.count()).toBe(1);
    expect(await eu.locator(".cc-box-outlier").count()).toBe(1);
    expect(await eu.locator(".cc-box-mean").count()).toBe(1);
    // The outlier squeezes the box to a few pixels under its median line: press the category's label.
    await eu.locator("text").click();
    const emit = await rig.nextEmit("boxPlot");
    expect(emit.v).toEqual({
      category: "eu",
      min: 1,
      q1: 2,
      median: 3,
      q3: 4,
      max: 4,
      mean: 22,
      outliers: [100],
    });
  });

  it("gantt: a tap emits the task, a drag on an editable bar emits {name, index, progress}", async () => {
    rig.push("gantt", {
      tasks: [
        { name: "Design", start: "2026-01-01", end: "2026-01-11", progress: 0.5 },
        { name: "Launch", start: "2026-01-12", milestone: true },
      ],
    });
    const bar = rig.cell("gantt").locator('[data-task="Design"] .cc-gantt-bar');
    await expect.poll(() => bar.count()).toBe(1);
    expect(await rig.cell("gantt").locator(".cc-gantt-milestone").count()).toBe(1);
    await bar.click();
    const tap = await rig.nextEmit("gantt");
    expect(tap.v).toEqual({
      name: "Design",
      start: "2026-01-01",
      end: "2026-01-11",
      progress: 0.5,
      index: 0,
    });
    const box = (await bar.locator("rect").first().boundingBox())!;
    await rig.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await rig.page.mouse.down();
    await rig.page.mouse.move(box.x + box.width + 30, box.y + box.height / 2, { steps: 5 });
    await rig.page.mouse.up();
    const drag = await rig.nextEmit("gantt", (e) => (e.v as { progress?: number }).progress === 1);
    expect(drag.v).toEqual({ name: "Design", index: 0, progress: 1 });
  });

  it("sankey: drops self-links, lays out with d3-sankey and emits {name, in, out}", async () => {
    rig.push("sankey", {
      nodes: [{ name: "solar" }, { name: "grid" }, { name: "home" }],
      links: [
        { source: "solar", target: "home", value: 3 },
        { source: 1, target: 2, value: 2 },
        { source: "home", target: "home", value: 1 },
        { source: "solar", target: "nowhere", value: 1 },
      ],
    });
    await expect.poll(() => rig.cell("sankey").locator(".cc-sankey-link").count()).toBe(2);
    expect(await rig.cell("sankey").locator('[data-node="home"] text').textContent()).toBe("home 5");
    await rig.cell("sankey").locator('[data-node="home"] rect').click();
    expect((await rig.nextEmit("sankey")).v).toEqual({ name: "home", in: 5, out: 0 });
  });

  it("treemap: drills into a parent and emits {label, value, path} for a leaf; new data resets the drill", async () => {
    const tree = {
      items: [
        {
          label: "media",
          children: [
            { label: "photos", value: 30 },
            { label: "video", value: 50 },
          ],
        },
        { label: "docs", value: 10 },
      ],
    };
    rig.push("treemap", tree);
    await expect.poll(() => rig.cell("treemap").locator(".cc-treemap-cell").count()).toBe(2);
    await rig.cell("treemap").locator('[data-label="media"] rect').click();
    await expect.poll(() => rig.cell("treemap").locator('[data-label="video"]').count()).toBe(1);
    await rig.cell("treemap").locator('[data-label="video"] rect').click();
    expect((await rig.nextEmit("treemap")).v).toEqual({
      label: "video",
      value: 50,
      path: ["media", "video"],
    });
    rig.push("treemap", tree);
    await expect.poll(() => rig.cell("treemap").locator('[data-label="docs"]').count()).toBe(1);
  });

  it("chord: draws a ribbon per flow pair and emits {label, total} for an arc", async () => {
    rig.push("chord", {
      labels: ["north", "south", "east"],
      matrix: [
        [0, 5, 1],
        [2, 0, 3],
        [1, 1, 0],
      ],
    });
    await expect.poll(() => rig.cell("chord").locator(".cc-chord-arc").count()).toBe(3);
    expect(await rig.cell("chord").locator(".cc-chord-ribbon").count()).toBe(3);
    // An arc's box centre is off the ring: press its label, part of the same tappable group.
    await rig.cell("chord").locator('[data-label="north"] text').click();
    expect((await rig.nextEmit("chord")).v).toEqual({ label: "north", total: 6 });
    expect(rig.errors).toEqual([]);
  });
});

describe("pieChart and graph (Chromium, doc examples)", () => {
  const piece = (id: string) => rig.page.locator(`[data-control-id="${id}"]`);

  it("pieChart: draws slice icons, drops a thin slice's label and emits the tapped slice's label", async () => {
    rig.push("pieChart", [
      { label: "Photos", value: 60, icon: "camera" },
      { label: "Apps", value: 39, icon: "square.grid.2x2" },
      { label: "Tmp", value: 1, icon: "trash" },
    ]);
    const cell = rig.cell("pieChart");
    await expect.poll(() => cell.locator(".cc-pie-slice").count()).toBe(3);
    expect(await cell.locator('.cc-pie-icon [data-symbol="camera"]').count()).toBe(1);
    // The 1% slice keeps its wedge but drops its inline icon and label (the legend still names it).
    expect(await cell.locator('.cc-pie-icon [data-symbol="trash"]').count()).toBe(0);
    expect(await cell.locator(".cc-pie-label").allTextContents()).toEqual(["Photos", "Apps"]);
    expect(await cell.locator(".cc-legend-label").allTextContents()).toEqual(["Photos", "Apps", "Tmp"]);
    const icon = (await cell.locator('.cc-pie-icon [data-symbol="camera"]').boundingBox())!;
    expect(icon.width).toBeLessThan(40);
    // A wedge's box centre may lie in its neighbour: press where its label sits.
    const apps = await centreOf(cell.locator(".cc-pie-label", { hasText: "Apps" }));
    await rig.page.mouse.click(apps.x, apps.y);
    expect((await rig.nextEmit("pieChart")).v).toBe("Apps");
    // A new dataset sweeps into place over several frames instead of jumping.
    const shapes = cell.locator('.cc-pie-slice[data-label="Apps"]').evaluate(
      (path) =>
        new Promise<number>((done) => {
          const seen = new Set<string>();
          const started = performance.now();
          const sample = () => {
            seen.add(path.getAttribute("d") ?? "");
            if (performance.now() - started < 1500) requestAnimationFrame(sample);
            else done(seen.size);
          };
          sample();
        }),
    );
    rig.push("pieChart", [
      { label: "Photos", value: 10, icon: "camera" },
      { label: "Apps", value: 80, icon: "square.grid.2x2" },
      { label: "Tmp", value: 10, icon: "trash" },
    ]);
    expect(await shapes).toBeGreaterThan(3);
    await expect
      .poll(() => cell.locator(".cc-pie-label").allTextContents())
      .toEqual(["Photos", "Apps", "Tmp"]);
  });

  it("pieChart wheel: a tap spins it with a tick per slice boundary, lands on a slice and emits its label", async () => {
    const wheel = piece("prize-wheel");
    rig.hub.broadcast("wheel", {
      slices: [{ label: "Ava" }, { label: "Ben" }, { label: "Cass", value: 2 }, { label: "Drew" }],
    });
    await expect.poll(() => wheel.locator(".cc-pie-slice").count()).toBe(4);
    await rig.page.evaluate(() => {
      const log: unknown[] = [];
      (window as unknown as { __vibrations: unknown[] }).__vibrations = log;
      navigator.vibrate = (pattern: Iterable<number> | number) =>
        log.push(typeof pattern === "number" ? pattern : [...pattern]) > 0;
    });
    expect(await wheel.locator(".cc-pie-hub-text").textContent()).toBe("Spin");
    await wheel.locator(".cc-pie-svg").click();
    const landed = await rig.nextEmitOf("prize-wheel");
    expect(["Ava", "Ben", "Cass", "Drew"]).toContain(landed.v);
    await expect.poll(() => wheel.locator(".cc-pie-hub-text").textContent()).toBe(landed.v);
    const vibrations = await rig.page.evaluate(
      () => (window as unknown as { __vibrations: unknown[] }).__vibrations,
    );
    // Five full turns pass the four boundaries twenty times (a fast frame may pass several at once).
    expect(vibrations.filter((v) => v === 4).length).toBeGreaterThanOrEqual(8);
    expect(vibrations[vibrations.length - 1]).toEqual([12, 60, 24]);
    // The wheel stayed where it landed and the control's value is still the dataset.
    expect(await wheel.locator(".cc-pie-rotor").getAttribute("transform")).toMatch(/^rotate\(\d{4}/);
  });

  it("pieChart menu: equal icon buttons, the hub icon until a pick, then the pick echoed and emitted", async () => {
    const menu = piece("scene-menu");
    rig.hub.broadcast("scenes", {
      slices: [
        { label: "Movie", icon: "play", value: 9 },
        { label: "Focus", icon: "moon" },
        { label: "Party", icon: "music.note" },
        { label: "Off", icon: "power" },
      ],
    });
    await expect.poll(() => menu.locator(".cc-pie-button").count()).toBe(4);
    expect(await menu.locator('.cc-pie-hub-icon [data-symbol="sparkles"]').count()).toBe(1);
    expect(await menu.locator(".cc-pie-icon").count()).toBe(4);
    expect(await menu.locator(".cc-pie-label").count()).toBe(0);
    // The value does not size menu slices: every button spans a quarter turn.
    const widths = await menu
      .locator(".cc-pie-slice")
      .evaluateAll((paths) => paths.map((p) => Math.round((p as SVGPathElement).getTotalLength())));
    expect(new Set(widths).size).toBe(1);
    await menu.locator('.cc-pie-slice[data-label="Focus"]').click();
    expect((await rig.nextEmitOf("scene-menu")).v).toBe("Focus");
    await expect.poll(() => menu.locator(".cc-pie-hub-text").textContent()).toBe("Focus");
    expect(await menu.locator(".cc-pie-hub-icon").count()).toBe(0);
    await menu.locator('.cc-pie-button[aria-label="Off"]').focus();
    await rig.page.keyboard.press("Enter");
    await expect
      .poll(() => rig.emitted.filter((e) => e.id === "scene-menu").map((e) => e.v))
      .toEqual(["Focus", "Off"]);
  });

  it("graph: node icons, curved edges with labels, and a glow; settles and stops its frame loop", async () => {
    rig.push("graph", {
      nodes: [
        { id: "hub", label: "Hub", icon: "house", size: 1.6 },
        { id: "lamp", label: "Lamp", icon: "lightbulb" },
        { id: "fan", label: "Fan" },
        { id: "door", label: "Door", group: "locks" },
      ],
      edges: [
        { from: "hub", to: "lamp", label: "zigbee" },
        { from: "hub", to: "fan" },
        { from: "hub", to: "door", label: "thread" },
      ],
    });
    const cell = rig.cell("graph");
    const svg = cell.locator(".cc-graph-svg");
    await expect.poll(() => cell.locator(".cc-graph-node").count()).toBe(4);
    await expect.poll(() => svg.getAttribute("data-settled")).toBe("true");
    expect(await cell.locator('.cc-graph-icon [data-symbol="house"]').count()).toBe(1);
    expect(await cell.locator(".cc-graph-edge-label").allTextContents()).toEqual(["zigbee", "thread"]);
    expect(await cell.locator(".cc-graph-edge").first().getAttribute("d")).toMatch(/Q/);
    expect(await cell.locator(".cc-graph-glow").count()).toBe(4);
    // At rest no animation frame re-renders the graph.
    const before = await cell.locator('[data-node="lamp"]').getAttribute("transform");
    await rig.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await cell.locator('[data-node="lamp"]').getAttribute("transform")).toBe(before);
  });

  it("graph: a drag moves and holds the node without emitting, a hover highlights its neighbours, a tap emits the id", async () => {
    const cell = rig.cell("graph");
    const lamp = cell.locator('[data-node="lamp"] .cc-graph-dot');
    const start = await centreOf(lamp);
    await rig.page.mouse.move(start.x, start.y);
    await expect.poll(() => cell.locator(".cc-graph-svg").getAttribute("class")).toContain("has-focus");
    expect(await cell.locator('[data-node="hub"]').getAttribute("class")).toContain("is-near");
    expect(await cell.locator('[data-node="fan"]').getAttribute("class")).not.toContain("is-near");
    await rig.page.mouse.down();
    await rig.page.mouse.move(start.x + 120, start.y + 40, { steps: 8 });
    await expect
      .poll(async () => {
        const now = (await lamp.boundingBox())!;
        return Math.round(
          Math.hypot(now.x + now.width / 2 - start.x - 120, now.y + now.height / 2 - start.y - 40),
        );
      })
      .toBeLessThan(3);
    await rig.page.mouse.up();
    // Released, the node rejoins the simulation, which cools to rest and stops.
    await expect
      .poll(() => cell.locator(".cc-graph-svg").getAttribute("data-settled"), { timeout: 20_000 })
      .toBe("true");
    const rested = await centreOf(lamp);
    expect(Math.hypot(rested.x - start.x, rested.y - start.y)).toBeGreaterThan(10);
    await cell.locator('[data-node="fan"] .cc-graph-dot').click();
    expect((await rig.nextEmit("graph")).v).toBe("fan");
    expect(rig.emitted.filter((e) => e.id === "mesh-map").map((e) => e.v)).toEqual(["fan"]);
  });

  it("graph: the wheel and a two-finger pinch change the zoom within zoomRange", async () => {
    const svg = rig.cell("graph").locator(".cc-graph-svg");
    const centre = await centreOf(svg);
    const zoom = async () => Number(await svg.getAttribute("data-zoom"));
    const initial = await zoom();
    await rig.page.mouse.move(centre.x, centre.y);
    await rig.page.mouse.wheel(0, -300);
    await expect.poll(zoom).toBeGreaterThan(initial);
    for (let i = 0; i < 10; i++) await rig.page.mouse.wheel(0, 2000);
    await expect.poll(zoom).toBe(0.3);
    const cdp = await rig.page.context().newCDPSession(rig.page);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", spread: number) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints:
          type === "touchEnd"
            ? []
            : [
                { id: 1, x: centre.x - spread, y: centre.y },
                { id: 2, x: centre.x + spread, y: centre.y },
              ],
      });
    await touch("touchStart", 20);
    for (const spread of [30, 45, 60]) await touch("touchMove", spread);
    await touch("touchEnd", 0);
    await expect.poll(zoom).toBeCloseTo(0.9, 1);
    await cdp.detach();
    expect(rig.errors).toEqual([]);
  });
});

describe("classic displays and containers (Chromium, doc examples)", () => {
  it("label, gauge, progressRing, sparkline, statusLight: show pushed values through their formats", async () => {
    rig.push("label", 93784);
    await expect
      .poll(() => rig.cell("label").locator(".cc-label-text").textContent())
      .toBe(formatValue(93784, "duration"));
    rig.push("gauge", 73);
    await expect.poll(() => rig.cell("gauge").locator(".cc-gauge-readout").textContent()).toBe("73%");
    rig.push("progressRing", 62);
    await expect
      .poll(() => rig.cell("progressRing").locator(".cc-progress-readout").textContent())
      .toBe("62%");
    rig.push("sparkline", [3, 5, 4, 8]);
    const line = rig.cell("sparkline").locator(".cc-spark-line");
    await expect.poll(async () => (await line.getAttribute("d"))?.split("L")).toHaveLength(4);
    rig.push("sparkline", 9);
    await expect.poll(async () => (await line.getAttribute("d"))?.split("L")).toHaveLength(5);
    rig.push("statusLight", "failed");
    await expect
      .poll(() => rig.cell("statusLight").locator("[data-state]").getAttribute("data-state"))
      .toBe("failed");
  });

  it("logConsole, list, cardList: append pushed lines and show pushed rows and cards", async () => {
    rig.push("logConsole", "backup started");
    rig.push("logConsole", { text: "disk full", level: "error" });
    const lines = rig.cell("logConsole").locator(".cc-log-line");
    await expect.poll(() => lines.count()).toBe(2);
    expect(await lines.last().getAttribute("data-level")).toBe("error");
    expect(await lines.last().textContent()).toContain("disk full");

    rig.push("list", [
      { name: "backup", progress: 0.5 },
      { name: "encode", progress: 1 },
    ]);
    const rows = rig.cell("list").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toBe(`backup${formatValue(0.5, "percent")}`);

    rig.push("cardList", {
      nodes: [
        { id: "a", label: "Alpha", group: "Inputs" },
        { id: "b", label: "Beta" },
      ],
    });
    await expect.poll(() => rig.cell("cardList").locator(".cc-card-item").count()).toBe(2);
    expect(await rig.cell("cardList").textContent()).toContain("Alpha");
  });

  it("image, qrCode, divider, spacer: render their examples and follow pushed values", async () => {
    const symbol = rig.cell("image").locator("svg[data-symbol]");
    expect(await symbol.getAttribute("data-symbol")).toBe("door.left.hand.closed");
    rig.push("image", "open");
    await expect.poll(() => symbol.getAttribute("data-symbol")).toBe("door.left.hand.open");

    const qr = rig.cell("qrCode").locator(".cc-qr-svg path");
    const wifi = await qr.getAttribute("d");
    expect(wifi?.length).toBeGreaterThan(100);
    rig.push("qrCode", "https://example.com/guest");
    await expect.poll(() => qr.getAttribute("d")).not.toBe(wifi);

    expect(await rig.cell("divider").textContent()).toBe("Sensors");
    await expect.poll(() => rig.cell("spacer").count()).toBe(1);
    expect(await rig.cell("spacer").textContent()).toBe("");
  });

  it("pieChart and graph: draw pushed slices and nodes; a tap sends the slice label and the node id", async () => {
    rig.push("pieChart", [
      { label: "Photos", value: 30 },
      { label: "Apps", value: 20 },
    ]);
    const slices = rig.cell("pieChart").locator(".cc-pie-slice");
    await expect.poll(() => slices.count()).toBe(2);
    expect(await rig.cell("pieChart").locator(".cc-pie-centre").textContent()).toBe("50 GB");
    // Photos runs clockwise from 12 o'clock over 216°: tap its ring at 3 o'clock (viewBox radius 73).
    const svg = rig.cell("pieChart").locator(".cc-pie-svg");
    const centre = await centreOf(svg);
    const pie = (await svg.boundingBox())!;
    await rig.page.mouse.click(centre.x + (73 * Math.min(pie.width, pie.height)) / 200, centre.y);
    expect((await rig.nextEmit("pieChart")).v).toBe("Photos");

    rig.push("graph", { nodes: [{ id: "relay" }, { id: "hub" }], edges: [{ from: "relay", to: "hub" }] });
    const nodes = rig.cell("graph").locator(".cc-graph-node");
    await expect.poll(() => nodes.count()).toBe(2);
    await rig.cell("graph").locator('[data-node="hub"]').click();
    // This rig's graph case routes nodeAction to an emit probe (see its case above).
    expect((await rig.nextEmit("graph")).v).toBe("hub");
  });

  it("accordion, carousel, flipCard: open the pushed index and send the new index as a number", async () => {
    const heads = rig.cell("accordion").locator(".cc-section-head");
    rig.push("accordion", 1);
    await expect.poll(() => heads.nth(1).getAttribute("aria-expanded")).toBe("true");
    await heads.nth(0).click();
    expect((await rig.nextEmit("accordion")).v).toBe(0);

    rig.push("carousel", 1);
    const active = rig.cell("carousel").locator(".cc-carousel-page.is-active");
    await expect.poll(() => active.textContent()).toContain("Den controls");
    await rig.cell("carousel").getByLabel("Previous page").click();
    expect((await rig.nextEmit("carousel")).v).toBe(0);

    rig.push("flipCard", 1);
    await expect.poll(() => rig.cell("flipCard").textContent()).toContain("Serial 42-A");
    await rig.cell("flipCard").locator(".cc-flip-face").click();
    expect((await rig.nextEmit("flipCard")).v).toBe(0);
    expect(rig.errors).toEqual([]);
  });
});
