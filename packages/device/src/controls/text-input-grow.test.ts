import { describe, expect, it } from "vitest";
import { growRows, lineBounds } from "./text-input-grow.js";

describe("lineBounds", () => {
  it("rounds, floors at one line and keeps max ≥ min", () => {
    expect(lineBounds(1, 6)).toEqual({ min: 1, max: 6 });
    expect(lineBounds(0, 2.6)).toEqual({ min: 1, max: 3 });
    expect(lineBounds(4, 2)).toEqual({ min: 4, max: 4 });
    expect(lineBounds(Number.NaN, Number.NaN)).toEqual({ min: 1, max: 6 });
  });
});

describe("growRows", () => {
  it("starts at minLines and grows one row per laid-out line", () => {
    expect(growRows(18, 18, 1, 6)).toEqual(1);
    expect(growRows(18, 18, 2, 6)).toEqual(2);
    expect(growRows(54, 18, 1, 6)).toEqual(3);
  });

  it("stops at maxLines (the field scrolls inside past it)", () => {
    expect(growRows(18 * 6, 18, 1, 6)).toEqual(6);
    expect(growRows(18 * 9, 18, 1, 6)).toEqual(6);
  });

  it("falls back to minLines without a usable line height", () => {
    expect(growRows(100, 0, 2, 6)).toEqual(2);
  });
});
