import { describe, expect, it } from "vitest";
import { binHistogram, isContinuous, normalizeChart, valueRange } from "./chart-data.js";

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
