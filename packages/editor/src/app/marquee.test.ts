import { describe, expect, it } from "vitest";
import { idsTouched, isMarquee, overlaps, rectBetween } from "./marquee.js";

const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe("marquee", () => {
  it("spans its two corners in any order", () => {
    expect(rectBetween({ x: 50, y: 10 }, { x: 5, y: 40 })).toEqual(box(5, 10, 50, 40));
  });

  it("touches boxes sharing area, not ones only meeting an edge", () => {
    expect(overlaps(box(0, 0, 10, 10), box(9, 9, 20, 20))).toBe(true);
    expect(overlaps(box(0, 0, 10, 10), box(10, 0, 20, 10))).toBe(false);
    expect(overlaps(box(0, 0, 100, 100), box(40, 40, 50, 50))).toBe(true);
  });

  it("selects the items it touches, in their order", () => {
    const items = [
      { id: "a", rect: box(0, 0, 10, 10) },
      { id: "b", rect: box(20, 0, 30, 10) },
      { id: "c", rect: box(0, 20, 10, 30) },
    ];
    expect(idsTouched(rectBetween({ x: 5, y: 5 }, { x: 25, y: 8 }), items)).toEqual(["a", "b"]);
    expect(idsTouched(box(11, 11, 19, 19), items)).toEqual([]);
  });

  it("tells a click from a drag", () => {
    expect(isMarquee({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(false);
    expect(isMarquee({ x: 0, y: 0 }, { x: 0, y: 4 })).toBe(true);
  });
});
