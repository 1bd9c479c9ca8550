import { describe, expect, it } from "vitest";
import { range, snap } from "./fields.js";

describe("range and snap", () => {
  it("repairs bad bounds and steps", () => {
    expect(range({ type: "slider", id: "s" })).toEqual({ min: 0, max: 100, step: 1 });
    expect(range({ type: "slider", id: "s", min: 10, max: 5, step: -1 })).toEqual({
      min: 10,
      max: 11,
      step: 1,
    });
  });

  it("clamps and snaps to the step grid", () => {
    expect(snap(47.3, 0, 100, 5)).toBe(45);
    expect(snap(0.30000000000000004, 0, 1, 0.1)).toBe(0.3);
    expect(snap(120, 0, 100, 1)).toBe(100);
    expect(snap(-3, 0, 100, 1)).toBe(0);
    expect(snap(99, 0, 100, 7)).toBe(98);
  });
});
