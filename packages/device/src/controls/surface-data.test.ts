import { describe, expect, it } from "vitest";
import {
  canPlace,
  canvasFrames,
  pinPoints,
  snapUnit,
  sortAssignment,
  sortZones,
  surfaceItems,
} from "./surface-data.js";
import { stickValue } from "./joystick.js";

const items = surfaceItems([
  { id: "a" },
  { id: "b", zone: "z1", x: 0.2, y: 2 },
  { id: "a" },
  { label: "no id" },
]);

describe("surface models", () => {
  it("items: unique ids only", () => {
    expect(items.map((i) => i.id)).toEqual(["a", "b"]);
  });

  it("sortboard: declared zones, a synced assignment wins, unknown ids and over-capacity items dropped", () => {
    const zones = sortZones([{ id: "z1", capacity: 1 }, { id: "palette" }, { id: "z2", accepts: ["a"] }]);
    expect(zones.map((z) => z.id)).toEqual(["z1", "z2"]);
    expect(sortAssignment(items, zones, undefined)).toEqual({ z1: ["b"], z2: [] });
    expect(sortAssignment(items, zones, { zones: { z1: ["a", "b"], z9: ["b"], z2: ["ghost"] } })).toEqual({
      z1: ["a"],
      z2: [],
    });
    expect(canPlace(zones[1], "b", [])).toBe(false);
    expect(canPlace(zones[0], "a", ["b"])).toBe(false);
    expect(canPlace(zones[0], "b", ["b"])).toBe(true);
  });

  it("pinboard and canvas: synced positions for known ids, clamped to the unit square", () => {
    expect(pinPoints(items, undefined)).toEqual({ b: { x: 0.2, y: 1 } });
    expect(pinPoints(items, '{"points":{"a":{"x":-1,"y":0.5},"ghost":{"x":0,"y":0}}}')).toEqual({
      a: { x: 0, y: 0.5 },
    });
    expect(canvasFrames(items, { frames: { a: { x: 0.5 } } })).toEqual({
      a: { x: 0.5, y: 0, w: 0.25, h: 0.25 },
      b: { x: 0.2, y: 1, w: 0.25, h: 0.25 },
    });
    expect(snapUnit(0.337, 0.1)).toBe(0.3);
    expect(snapUnit(0.123456)).toBe(0.1235);
  });

  it("joystick: dead zone, unit-circle clamp, y up, d-pad snapping", () => {
    expect(stickValue(0.05, 0, 0.1, false)).toEqual({ x: 0, y: 0 });
    expect(stickValue(3, 0, 0.1, false)).toEqual({ x: 1, y: 0 });
    expect(stickValue(0, -0.5, 0.1, false)).toEqual({ x: 0, y: 0.5 });
    expect(stickValue(0.4, -0.5, 0.1, true)).toEqual({ x: 0.707, y: 0.707 });
  });
});
