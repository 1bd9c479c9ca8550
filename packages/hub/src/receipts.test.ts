import { describe, expect, it } from "vitest";
import { appends, foldDelivery, receiptOf } from "./receipts.js";

describe("receiptOf", () => {
  it("classifies controls by how their receiver takes a delivery", () => {
    expect(receiptOf({ type: "gauge" })).toEqual({ kind: "replace" });
    expect(receiptOf({ type: "sparkline" })).toEqual({ kind: "series", cap: 50 });
    expect(receiptOf({ type: "sparkline", sparklinePoints: 7.9 })).toEqual({ kind: "series", cap: 7 });
    expect(receiptOf({ type: "sparkline", sparklinePoints: 0 })).toEqual({ kind: "series", cap: 50 });
    expect(receiptOf({ type: "logConsole" })).toEqual({ kind: "lines" });
    expect(receiptOf({ type: "chart" })).toEqual({ kind: "chart" });
  });
});

describe("foldDelivery", () => {
  const series = receiptOf({ type: "sparkline", sparklinePoints: 3 });

  it("appends sparkline points up to the cap, as the device does", () => {
    let value: unknown;
    for (const point of [1, "2", true, 3, "x", 4]) value = foldDelivery(series, value, point);
    expect(value).toEqual([2, 3, 4]);
  });

  it("replaces a sparkline series with an array, keeping numbers and the newest points", () => {
    expect(foldDelivery(series, [9], [1, null, "2", false, 3, 4])).toEqual([2, 3, 4]);
  });

  it("never records log lines, nor a chart an append op changed", () => {
    expect(foldDelivery({ kind: "lines" }, undefined, "a line")).toBeUndefined();
    const dataset = { series: [{ values: [1] }] };
    expect(foldDelivery({ kind: "chart" }, undefined, dataset)).toBe(dataset);
    expect(foldDelivery({ kind: "chart" }, dataset, { append: 2 })).toBeUndefined();
    expect(foldDelivery({ kind: "chart" }, dataset, '{"append":[2,3]}')).toBeUndefined();
    expect(foldDelivery({ kind: "chart" }, undefined, '{"values":[1]}')).toBe('{"values":[1]}');
  });
});

describe("appends", () => {
  it("tells deliveries that add to what a device shows from ones that replace it", () => {
    const series = receiptOf({ type: "sparkline" });
    expect(appends(series, 3)).toBe(true);
    expect(appends(series, [3])).toBe(false);
    expect(appends({ kind: "lines" }, ["a", "b"])).toBe(true);
    expect(appends({ kind: "chart" }, { append: 1 })).toBe(true);
    expect(appends({ kind: "chart" }, { series: [] })).toBe(false);
    expect(appends({ kind: "replace" }, 1)).toBe(false);
  });
});
