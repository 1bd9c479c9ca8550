import { describe, expect, it } from "vitest";
import { formatNumber, formatResult, isSuite, meetsTarget, ratioOf, type Row } from "./report.js";

const row = (value: number | undefined, baseline: number | undefined, target?: Row["target"]): Row => ({
  metric: "m",
  unit: "/s",
  value,
  baseline,
  ...(target ? { target } : {}),
});

describe("ratioOf", () => {
  it("divides value by baseline", () => {
    expect(ratioOf(row(80, 100))).toBe(0.8);
  });

  it("is undefined without both figures or with a zero baseline", () => {
    expect(ratioOf(row(undefined, 100))).toBeUndefined();
    expect(ratioOf(row(5, undefined))).toBeUndefined();
    expect(ratioOf(row(5, 0))).toBeUndefined();
  });
});

describe("meetsTarget", () => {
  it("judges ratio targets on value/baseline", () => {
    expect(meetsTarget(row(80, 100, { kind: "ratio-at-least", ratio: 0.8 }))).toBe(true);
    expect(meetsTarget(row(79, 100, { kind: "ratio-at-least", ratio: 0.8 }))).toBe(false);
    expect(meetsTarget(row(120, 100, { kind: "ratio-at-most", ratio: 1.1 }))).toBe(false);
  });

  it("judges absolute targets on the value alone", () => {
    expect(meetsTarget(row(25, 1, { kind: "at-most", limit: 25 }))).toBe(true);
    expect(meetsTarget(row(25.1, 1, { kind: "at-most", limit: 25 }))).toBe(false);
    expect(meetsTarget(row(3, undefined, { kind: "at-least", limit: 4 }))).toBe(false);
  });

  it("has no verdict without a target or without a value", () => {
    expect(meetsTarget(row(1, 1))).toBeUndefined();
    expect(meetsTarget(row(undefined, 1, { kind: "at-most", limit: 25 }))).toBeUndefined();
    expect(meetsTarget(row(1, undefined, { kind: "ratio-at-least", ratio: 0.8 }))).toBeUndefined();
  });
});

describe("formatNumber", () => {
  it("groups large numbers and keeps small ones precise", () => {
    expect(formatNumber(131_234.6)).toBe("131,235");
    expect(formatNumber(24.56)).toBe("24.6");
    expect(formatNumber(7.126)).toBe("7.13");
    expect(formatNumber(undefined)).toBe("n/a");
  });
});

describe("formatResult", () => {
  it("prints a row per metric with ratio, target and marker, then the notes", () => {
    const text = formatResult("relay", {
      labels: { value: "relay", baseline: "ceiling" },
      rows: [
        row(90_000, 100_000, { kind: "ratio-at-least", ratio: 0.8 }),
        { metric: "p99", unit: "ms", value: 30, baseline: 10, target: { kind: "at-most", limit: 25 } },
        { metric: "missing", unit: "ms", value: undefined, baseline: 10 },
      ],
      notes: ["relay fan-out: server-bound"],
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe("== relay");
    expect(lines[1]).toMatch(/^metric\s+unit\s+relay\s+ceiling\s+ratio\s+target\s+ok$/);
    expect(lines[3]).toMatch(/90,000\s+100,000\s+0\.90\s+≥ 0\.8× base\s+PASS$/);
    expect(lines[4]).toMatch(/30\.0\s+10\.0\s+3\.00\s+≤ 25\.0 ms\s+FAIL$/);
    expect(lines[5]).toMatch(/n\/a\s+10\.0\s+n\/a$/);
    expect(lines[6]).toBe("  relay fan-out: server-bound");
  });

  it("leaves out the baseline and ratio columns when a suite has no baseline", () => {
    const text = formatResult("device", {
      labels: { value: "chromium" },
      rows: [{ metric: "frame p99", unit: "ms", value: 12, target: { kind: "at-most", limit: 20 } }],
      notes: [],
    });
    expect(text.split("\n")[1]).toMatch(/^metric\s+unit\s+chromium\s+target\s+ok$/);
    expect(text).not.toContain("ratio");
    expect(text).toMatch(/12\.0\s+≤ 20\.0 ms\s+PASS$/);
  });
});

describe("isSuite", () => {
  it("accepts objects with name, description and run, and nothing else", () => {
    expect(
      isSuite({
        name: "x",
        description: "y",
        run: async () => ({ labels: { value: "v" }, rows: [], notes: [] }),
      }),
    ).toBe(true);
    expect(isSuite({ name: "x", run: () => undefined })).toBe(false);
    expect(isSuite(null)).toBe(false);
  });
});
