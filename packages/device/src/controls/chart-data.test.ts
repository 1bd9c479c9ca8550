import { describe, expect, it } from "vitest";
import {
  binHistogram,
  datumOf,
  isContinuous,
  normalizeChart,
  smoothPath,
  valueRange,
  waterfallSteps,
} from "./chart-data.js";

describe("normalizeChart", () => {
  it("reads categories and typed series", () => {
    const data = normalizeChart({
      categories: ["Mon", "Tue"],
      series: [
        { name: "CPU", type: "line", values: [1, "2"] },
        { name: "Mem", type: "pie", values: [3, null] },
      ],
    });
    expect(data.categories).toEqual(["Mon", "Tue"]);
    expect(data.series.map((s) => [s.name, s.type, s.values])).toEqual([
      ["CPU", "line", [1, 2]],
      ["Mem", "bar", [3, null]],
    ]);
  });

  it("accepts {values}, a bare number array and JSON text", () => {
    expect(normalizeChart({ values: [4, 5] }).series[0].values).toEqual([4, 5]);
    expect(normalizeChart([1, 2, 3]).categories).toEqual(["1", "2", "3"]);
    expect(normalizeChart('{"values":[7]}').series[0].values).toEqual([7]);
    expect(normalizeChart("not json")).toEqual({ categories: [], series: [] });
    expect(normalizeChart([{ name: "A", values: [1] }]).series[0].name).toBe("A");
  });

  it("keeps [x, y] points", () => {
    const data = normalizeChart({
      series: [
        {
          type: "line",
          points: [
            [1, 2],
            [3, "x"],
            [4, 5],
          ],
        },
      ],
    });
    expect(data.series[0].points).toEqual([
      [1, 2],
      [4, 5],
    ]);
    expect(isContinuous(data)).toBe(true);
  });

  it("bins histogram samples into categories", () => {
    const data = normalizeChart({ series: [{ type: "histogram", values: [1, 2, 2, 3, 9] }] }, { bins: 2 });
    expect(data.series[0].values).toEqual([4, 1]);
    expect(data.categories).toEqual(["1–5", "5–9"]);
  });
});

describe("binHistogram", () => {
  it("defaults to sqrt(n) bins clamped to 5..20", () => {
    expect(binHistogram([1, 2, 3]).counts).toHaveLength(5);
    expect(binHistogram(Array.from({ length: 900 }, (_, i) => i)).counts).toHaveLength(20);
    expect(binHistogram([]).counts).toEqual([]);
  });
});

describe("valueRange", () => {
  it("includes zero for bars and honours yMin/yMax", () => {
    expect(valueRange(normalizeChart([5, 8]))).toEqual({ min: 0, max: 8 });
    expect(valueRange(normalizeChart({ series: [{ type: "line", values: [5, 8] }] }))).toEqual({
      min: 5,
      max: 8,
    });
    expect(valueRange(normalizeChart([5, 8]), -10, 20)).toEqual({ min: -10, max: 20 });
    expect(valueRange(normalizeChart({ series: [{ type: "line", values: [3, 3] }] }))).toEqual({
      min: 2,
      max: 4,
    });
  });
});

describe("histograms", () => {
  it("bins every histogram series over one shared range", () => {
    const data = normalizeChart(
      {
        series: [
          { name: "a", type: "histogram", values: [0, 1, 2] },
          { name: "b", type: "histogram", values: [8, 9, 10] },
        ],
      },
      { bins: 2 },
    );
    expect(data.categories).toEqual(["0–5", "5–10"]);
    expect(data.series.map((s) => s.values)).toEqual([
      [3, 0],
      [0, 3],
    ]);
    expect(datumOf(data, 1, 1)).toEqual({
      series: "b",
      category: "5–10",
      index: 1,
      x: "5–10",
      y: 3,
      binStart: 5,
      binEnd: 10,
      count: 3,
    });
  });
});

describe("waterfall", () => {
  it("steps deltas from the running level; totals anchor (non-zero) or checkpoint (zero)", () => {
    const steps = waterfallSteps([1200, 480, -160, -390, 0], [0, 4]);
    expect(steps.map((s) => [s.kind, s.from, s.to, s.amount, s.level])).toEqual([
      ["total", 0, 1200, 1200, 1200],
      ["delta", 1200, 1680, 480, 1680],
      ["delta", 1680, 1520, -160, 1520],
      ["delta", 1520, 1130, -390, 1130],
      ["total", 0, 1130, 1130, 1130],
    ]);
  });

  it("tap payloads carry delta or total and the level", () => {
    const data = normalizeChart({
      categories: ["Start", "Sales", "Net"],
      series: [{ name: "P&L", type: "waterfall", values: [100, -30, 0], totals: [0, 2] }],
    });
    expect(datumOf(data, 0, 1)).toEqual({
      series: "P&L",
      category: "Sales",
      index: 1,
      x: "Sales",
      y: -30,
      delta: -30,
      level: 70,
    });
    expect(datumOf(data, 0, 2)).toMatchObject({ total: 70, level: 70, y: 70 });
    expect(valueRange(data)).toEqual({ min: 0, max: 100 });
  });
});

describe("stacking and smoothing", () => {
  it("the value range covers stacked sums, positives up and negatives down", () => {
    const data = normalizeChart({
      series: [
        { type: "bar", values: [5, -2] },
        { type: "bar", values: [7, -3] },
      ],
    });
    expect(valueRange(data)).toEqual({ min: -3, max: 7 });
    expect(valueRange(data, undefined, undefined, true)).toEqual({ min: -5, max: 12 });
  });

  it("stacked areas leave uPlot for the SVG renderer", () => {
    const data = normalizeChart({ series: [{ type: "area", values: [1, 2] }] });
    expect(isContinuous(data)).toBe(true);
    expect(isContinuous(data, true)).toBe(false);
  });

  it("Catmull-Rom curves pass through every vertex", () => {
    const d = smoothPath([
      [0, 0],
      [10, 10],
      [20, 0],
    ]);
    expect(d.startsWith("M0,0")).toBe(true);
    expect(d.match(/C/g)).toHaveLength(2);
    expect(d).toContain(" 10,10 C");
    expect(d.endsWith(" 20,0")).toBe(true);
  });

  it("reads bubble sizes and scatter points as datums", () => {
    const data = normalizeChart({
      series: [
        {
          name: "s",
          type: "scatter",
          points: [
            [1, 2],
            [3, 4],
          ],
          sizes: [1, "2"],
        },
      ],
    });
    expect(data.series[0].sizes).toEqual([1, 2]);
    expect(datumOf(data, 0, 1)).toEqual({ series: "s", category: null, index: 1, x: 3, y: 4 });
  });
});
