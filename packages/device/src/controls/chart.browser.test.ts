/**
 * The chart in a real device (Chromium) against a real relay: its doc example fed through uPlot's
 * `setData` (one plot for the control's life), horizontal bars, waterfalls, stacked areas,
 * histograms and scrub, each emitting its documented datum with native JSON types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { centreOf, emitAction, startDocExampleRig, type DocExampleRig } from "./doc-example-rig.js";

let rig: DocExampleRig;

const chartCase = (
  id: string,
  chartConfig: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  type: "chart",
  with: {
    id,
    label: id,
    chartConfig,
    action: emitAction(id, "action"),
    sync: [{ filter: { msg_type: id }, valuePath: "data" }],
    ...extra,
  },
});

const cellOf = (id: string) => rig.page.locator(`[data-control-id="${id}"]`);
const poll = { timeout: 10_000 };

beforeAll(async () => {
  rig = await startDocExampleRig(
    [
      { type: "chart" },
      chartCase("bars", { horizontal: true, showValues: true, showGrid: false }),
      chartCase("fall", { positiveColor: "#00FF00", negativeColor: "#FF0000", totalColor: "#0000FF" }),
      chartCase("stack", { stacked: true, smooth: true }),
      chartCase("hist", { bins: 4 }),
      chartCase("scrub", { scrub: true }),
      chartCase("top", {}, { datumAction: emitAction("top", "datumAction") }),
    ],
    "chart",
  );
}, 180_000);

afterAll(async () => {
  await rig?.close();
});

describe("chart (Chromium)", () => {
  it("doc example: a line dataset draws with uPlot, and new values reach the same plot with setData", async () => {
    const cell = rig.cell("chart");
    rig.push("chart", { series: [{ name: "CPU", type: "line", values: [10, 20, 30] }] });
    await expect.poll(() => cell.locator(".cc-uplot").getAttribute("data-points"), poll).toBe("3");
    await cell.locator(".cc-uplot canvas").evaluate((canvas) => {
      (canvas as HTMLCanvasElement & { marked?: boolean }).marked = true;
    });
    for (let n = 4; n <= 8; n++) {
      rig.push("chart", {
        series: [{ name: "CPU", type: "line", values: Array.from({ length: n }, (_, i) => i * 3) }],
      });
      await expect.poll(() => cell.locator(".cc-uplot").getAttribute("data-points"), poll).toBe(String(n));
    }
    const kept = await cell
      .locator(".cc-uplot canvas")
      .evaluate((canvas) => (canvas as HTMLCanvasElement & { marked?: boolean }).marked === true);
    expect(kept).toBe(true);
    expect(await cell.locator(".cc-legend-item").textContent()).toBe("CPU");
  });

  it("horizontal bars run categories down the leading edge and a tap emits the datum", async () => {
    rig.hub.broadcast("bars", {
      data: { categories: ["System", "Media", "Docs"], series: [{ values: [128, 412, 64] }] },
    });
    const bars = cellOf("bars").locator("rect.cc-chart-bar");
    await expect.poll(() => bars.count(), poll).toBe(3);
    const boxes = await Promise.all([0, 1, 2].map((i) => bars.nth(i).boundingBox()));
    expect(boxes.every((b) => b !== null && b.width > b.height / 2)).toBe(true);
    // Media (412) is the longest bar; categories stack top to bottom.
    expect(boxes[1]!.width).toBeGreaterThan(boxes[0]!.width);
    expect(boxes[0]!.y).toBeLessThan(boxes[1]!.y);
    expect(await cellOf("bars").locator(".cc-chart-value").allTextContents()).toEqual(["128", "412", "64"]);
    await bars.nth(1).click();
    const tapped = await waitEmit("bars");
    expect(tapped.v).toEqual({ series: "Series 1", category: "Media", index: 1, x: "Media", y: 412 });
  });

  it("waterfall: signed deltas with connectors, totals from zero, colours and {delta|total, level} taps", async () => {
    rig.hub.broadcast("fall", {
      data: {
        categories: ["Start", "Sales", "Refunds", "Costs", "Net"],
        series: [{ type: "waterfall", values: [1200, 480, -160, -390, 0], totals: [0, 4] }],
      },
    });
    const bars = cellOf("fall").locator("rect.cc-chart-bar");
    await expect.poll(() => bars.count(), poll).toBe(5);
    const fills = await bars.evaluateAll((rects) => rects.map((r) => r.getAttribute("fill")));
    expect(fills).toEqual(["#0000FF", "#00FF00", "#FF0000", "#FF0000", "#0000FF"]);
    expect(await cellOf("fall").locator(".cc-chart-connector").count()).toBe(4);
    // The refund bar hangs from the running level: its top sits at the sales bar's top.
    const sales = (await bars.nth(1).boundingBox())!;
    const refunds = (await bars.nth(2).boundingBox())!;
    expect(Math.abs(refunds.y - sales.y)).toBeLessThan(1.5);
    await bars.nth(2).click();
    expect((await waitEmit("fall")).v).toEqual({
      series: "Series 1",
      category: "Refunds",
      index: 2,
      x: "Refunds",
      y: -160,
      delta: -160,
      level: 1520,
    });
    await bars.nth(4).click();
    expect((await waitEmit("fall", (v) => v.index === 4)).v).toMatchObject({ total: 1130, level: 1130 });
  });

  it("stacked areas sit on the series below them", async () => {
    rig.hub.broadcast("stack", {
      data: {
        categories: ["a", "b", "c"],
        series: [
          { name: "low", type: "area", values: [1, 1, 1] },
          { name: "high", type: "area", values: [2, 2, 2] },
        ],
      },
    });
    const areas = cellOf("stack").locator("path.cc-chart-area");
    await expect.poll(() => areas.count(), poll).toBe(2);
    const [low, high] = [(await areas.nth(0).boundingBox())!, (await areas.nth(1).boundingBox())!];
    // The upper band starts where the lower one ends.
    expect(Math.abs(high.y + high.height - low.y)).toBeLessThan(2);
    expect(await cellOf("stack").locator("path.cc-chart-line").first().getAttribute("d")).toContain("C");
  });

  it("histogram: every series binned into the same contiguous bins; taps carry binStart/binEnd/count", async () => {
    rig.hub.broadcast("hist", {
      data: {
        series: [
          { name: "a", type: "histogram", values: [0, 1, 2, 3] },
          { name: "b", type: "histogram", values: [5, 6, 7, 8] },
        ],
      },
    });
    const bars = cellOf("hist").locator("rect.cc-chart-bar");
    await expect.poll(() => bars.count(), poll).toBe(8);
    await cellOf("hist").locator('rect.cc-chart-bar[data-series="b"]').last().click();
    const emit = await waitEmit("hist");
    expect(emit.v).toEqual({
      series: "b",
      category: "6–8",
      index: 3,
      x: "6–8",
      y: 3,
      binStart: 6,
      binEnd: 8,
      count: 3,
    });
  });

  it("scrub: a drag shows the crosshair and readout and the release emits the datum under it", async () => {
    rig.hub.broadcast("scrub", {
      data: { categories: ["x", "y", "z"], series: [{ name: "s", values: [3, 6, 9] }] },
    });
    const bars = cellOf("scrub").locator("rect.cc-chart-bar");
    await expect.poll(() => bars.count(), poll).toBe(3);
    const first = await centreOf(bars.nth(0));
    const last = await centreOf(bars.nth(2));
    await rig.page.mouse.move(first.x, first.y);
    await rig.page.mouse.down();
    await rig.page.mouse.move(last.x, last.y, { steps: 6 });
    await expect.poll(() => cellOf("scrub").locator(".cc-chart-crosshair").count(), poll).toBe(1);
    expect(await cellOf("scrub").locator(".cc-chart-readout").textContent()).toBe("s · z: 9");
    await rig.page.mouse.up();
    expect((await waitEmit("scrub")).v).toEqual({ series: "s", category: "z", index: 2, x: "z", y: 9 });
    expect(await cellOf("scrub").locator(".cc-chart-crosshair").count()).toBe(0);
  });

  it("a datumAction written at the control's top level is what a tap fires", async () => {
    rig.hub.broadcast("top", { data: { values: [1, 2] } });
    const bars = cellOf("top").locator("rect.cc-chart-bar");
    await expect.poll(() => bars.count(), poll).toBe(2);
    await bars.nth(0).click();
    const emit = await waitEmit("top");
    expect(emit.carrier).toBe("datumAction");
    expect(emit.v).toMatchObject({ index: 0, y: 1 });
    expect(rig.errors).toEqual([]);
  });
});

/** The next emit of a control id whose value matches. */
function waitEmit(id: string, match: (v: Record<string, unknown>) => boolean = () => true) {
  return rig.nextEmitOf(id, (e) => match((e.v ?? {}) as Record<string, unknown>));
}
