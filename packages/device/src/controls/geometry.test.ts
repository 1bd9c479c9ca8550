import { describe, expect, it } from "vitest";
import {
  arcPath,
  fraction,
  gaugeArc,
  gaugeZones,
  polar,
  sectorPath,
  sliceAngles,
  sliceAt,
  sparklinePath,
  zoneColor,
} from "./geometry.js";

describe("polar and arcs", () => {
  it("measures angles clockwise from 12 o'clock", () => {
    expect(polar(0, 0, 10, 0)).toEqual({ x: 0, y: -10 });
    expect(polar(0, 0, 10, 90)).toEqual({ x: 10, y: 0 });
  });

  it("flags large arcs and splits full turns", () => {
    expect(arcPath(0, 0, 10, -90, 90)).toBe("M-10 0A10 10 0 0 1 10 0");
    expect(arcPath(0, 0, 10, -135, 135)).toContain(" 0 1 1 ");
    expect(arcPath(0, 0, 10, 0, 360).match(/A/g)).toHaveLength(2);
    expect(arcPath(0, 0, 10, 5, 5)).toBe("");
  });

  it("draws wedges and ring sectors", () => {
    expect(sectorPath(0, 0, 10, 0, 0, 90)).toBe("M0 0L0 -10A10 10 0 0 1 10 0Z");
    expect(sectorPath(0, 0, 10, 5, 0, 90)).toBe("M0 -10A10 10 0 0 1 10 0L5 0A5 5 0 0 0 0 -5Z");
  });
});

describe("gauge geometry", () => {
  it("resolves the sweep from gaugeStyle with arcAngle winning", () => {
    expect(gaugeArc({})).toEqual({ sweep: 180, start: -90 });
    expect(gaugeArc({ gaugeStyle: "full" })).toEqual({ sweep: 360, start: 0 });
    expect(gaugeArc({ gaugeStyle: "weird" }).sweep).toBe(180);
    expect(gaugeArc({ gaugeStyle: "full", arcAngle: 270, arcRotation: 10 })).toEqual({
      sweep: 270,
      start: -125,
    });
  });

  it("clamps the value fraction", () => {
    expect(fraction(73, 0, 100)).toBeCloseTo(0.73);
    expect(fraction(-5, 0, 100)).toBe(0);
    expect(fraction(500, 0, 100)).toBe(1);
    expect(fraction(5, 10, 10)).toBe(0);
  });

  it("builds zones from the previous limit or min", () => {
    const zones = gaugeZones(
      [
        { limit: 100, color: "#f00" },
        { limit: 50, color: "#0f0" },
        { limit: "x", color: "#00f" },
      ],
      0,
      100,
    );
    expect(zones).toEqual([
      { from: 0, to: 0.5, color: "#0f0" },
      { from: 0.5, to: 1, color: "#f00" },
    ]);
    expect(zoneColor(zones, 0.3)).toBe("#0f0");
    expect(zoneColor(zones, 0.8)).toBe("#f00");
  });
});

describe("pie geometry", () => {
  it("splits the turn by weight and finds slices by angle", () => {
    const slices = sliceAngles([1, 3, 0], 0);
    expect(slices).toEqual([
      { start: 0, end: 90 },
      { start: 90, end: 360 },
      { start: 360, end: 360 },
    ]);
    expect(sliceAt(slices, 45)).toBe(0);
    expect(sliceAt(slices, 200)).toBe(1);
    expect(sliceAt(sliceAngles([1, 1], 90), 45)).toBe(1);
  });
});

describe("sparklinePath", () => {
  it("needs two points", () => {
    expect(sparklinePath([1], 100, 40)).toBeNull();
    expect(sparklinePath([1, "x"], 100, 40)).toBeNull();
  });

  it("auto-scales between min and max", () => {
    const shape = sparklinePath([0, 10], 100, 40, 0);
    expect(shape?.line).toBe("M0 40L100 0");
    expect(shape?.area).toBe("M0 40L100 0L100 40L0 40Z");
    expect(sparklinePath([5, 5, 5], 100, 40, 0)?.line).toBe("M0 20L50 20L100 20");
  });
});
