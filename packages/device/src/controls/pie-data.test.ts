import { describe, expect, it } from "vitest";
import { blendAngles, donutRatio, normalizePie, pieCenterText } from "./pie-data.js";

describe("normalizePie", () => {
  it("reads slices with a default weight of 1", () => {
    expect(normalizePie({ slices: [{ label: "A", value: 3, color: "#f00" }, { label: "B" }] })).toEqual([
      { label: "A", value: 3, color: "#f00", icon: undefined },
      { label: "B", value: 1, color: undefined, icon: undefined },
    ]);
  });

  it("accepts bare arrays and JSON text, and clamps negative weights", () => {
    expect(normalizePie([{ label: "x", value: -2 }])[0].value).toBe(0);
    expect(normalizePie('[{"label":"y"}]')[0].label).toBe("y");
    expect(normalizePie([4, "n"]).map((s) => s.value)).toEqual([4]);
    expect(normalizePie(null)).toEqual([]);
  });
});

describe("pie helpers", () => {
  it("substitutes {{total}}", () => {
    expect(pieCenterText("{{total}} GB", "42")).toBe("42 GB");
  });

  it("defaults the hole per style", () => {
    expect(donutRatio("pie", undefined)).toBe(0);
    expect(donutRatio("donut", undefined)).toBe(0.62);
    expect(donutRatio("donut", 0.99)).toBe(0.85);
  });
});

describe("blendAngles", () => {
  it("eases each slice from its old sweep to its new one", () => {
    const from = [
      { start: 0, end: 180 },
      { start: 180, end: 360 },
    ];
    const to = [
      { start: 0, end: 90 },
      { start: 90, end: 360 },
    ];
    expect(blendAngles(from, to, 0)).toEqual(from);
    expect(blendAngles(from, to, 1)).toEqual(to);
    expect(blendAngles(from, to, 0.5)[0].end).toBeCloseTo(180 - 90 * (7 / 8));
    expect(blendAngles(from, [{ start: 0, end: 360 }], 0.5)).toEqual([{ start: 0, end: 360 }]);
  });
});
