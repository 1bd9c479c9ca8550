import { describe, expect, it } from "vitest";
import {
  boxStats,
  normalizeBoxPlot,
  normalizeChord,
  normalizeGantt,
  normalizeHeatmap,
  normalizeRadar,
  normalizeSankey,
  normalizeTreemap,
  taskTime,
} from "./viz-data.js";

describe("visualisation data normalizers", () => {
  it("heatmap: bare or labelled matrices, ragged rows padded with 0, JSON text parsed", () => {
    expect(normalizeHeatmap("[[1,2],[3]]")).toEqual({
      rows: ["1", "2"],
      cols: ["1", "2"],
      values: [
        [1, 2],
        [3, 0],
      ],
    });
    expect(normalizeHeatmap({ rows: ["a"], cols: ["x", "y"], values: [["4", null]] })).toEqual({
      rows: ["a"],
      cols: ["x", "y"],
      values: [[4, 0]],
    });
    expect(normalizeHeatmap({ values: [] })).toBeUndefined();
    expect(normalizeHeatmap(42)).toBeUndefined();
  });

  it("radar: needs three axes; {axes, values} is one series; short series read as 0", () => {
    expect(normalizeRadar({ axes: ["a", "b"], values: [1, 2] })).toBeUndefined();
    expect(normalizeRadar({ axes: ["a", "b", "c"], values: [1, 2], max: 5 })).toEqual({
      axes: ["a", "b", "c"],
      max: 5,
      series: [{ values: [1, 2, 0] }],
    });
  });

  it("boxPlot: Tukey fences, min/max whiskers, and stats that win over samples", () => {
    expect(boxStats("x", [1, 2, 3, 4, 100], "tukey")).toMatchObject({
      min: 1,
      q1: 2,
      median: 3,
      q3: 4,
      max: 4,
      outliers: [100],
    });
    expect(boxStats("x", [1, 2, 3, 4, 100], "minmax")).toMatchObject({ max: 100, outliers: [] });
    const stats = normalizeBoxPlot(
      { categories: ["a"], samples: [[1, 2]], stats: [{ min: 0, q1: 1, median: 2, q3: 3, max: 4 }] },
      "tukey",
    );
    expect(stats).toEqual([{ category: "a", min: 0, q1: 1, median: 2, q3: 3, max: 4, outliers: [] }]);
    expect(normalizeBoxPlot([[3, 1, 2], "junk"], "tukey").map((s) => s.median)).toEqual([2]);
  });

  it("gantt: dates, ISO times and numbers; milestones need no end; nameless or undated tasks dropped", () => {
    expect(taskTime("2026-01-02")).toBe(Date.UTC(2026, 0, 2));
    expect(taskTime("2026-01-02T03:04:05Z")).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(taskTime("soon")).toBeUndefined();
    const { tasks, dates } = normalizeGantt([
      { name: "a", start: 1, end: 3, progress: 2 },
      { name: "m", start: 4, milestone: true },
      { name: "b", start: 1 },
      { start: 1, end: 2 },
    ]);
    expect(dates).toBe(false);
    expect(tasks.map((t) => [t.name, t.start, t.end, t.progress, t.milestone])).toEqual([
      ["a", 1, 3, 1, false],
      ["m", 4, 4, undefined, true],
    ]);
  });

  it("sankey: endpoints by name or index; self-links, unknown endpoints and non-positive values dropped", () => {
    expect(
      normalizeSankey({
        nodes: ["a", { name: "b", color: "#f00" }],
        links: [
          { source: "a", target: 1, value: 2 },
          { source: "a", target: "a", value: 1 },
          { source: "a", target: "c", value: 1 },
          { source: 0, target: 1, value: 0 },
        ],
      }),
    ).toEqual({
      nodes: [{ name: "a" }, { name: "b", color: "#f00" }],
      links: [{ source: 0, target: 1, value: 2 }],
    });
  });

  it("treemap: parents sum their children unless they carry a value", () => {
    const items = normalizeTreemap([
      {
        label: "p",
        children: [
          { label: "x", value: 2 },
          { label: "y", value: 3 },
        ],
      },
      { value: 1 },
    ]);
    expect(items).toEqual([
      {
        label: "p",
        value: 5,
        children: [
          { label: "x", value: 2 },
          { label: "y", value: 3 },
        ],
      },
    ]);
  });

  it("chord: square to the labels, diagonal and negatives zeroed", () => {
    expect(normalizeChord({ labels: ["a", "b"], matrix: [[5, 1, 9], [-2]] })).toEqual({
      labels: ["a", "b"],
      matrix: [
        [0, 1],
        [0, 0],
      ],
    });
  });
});
