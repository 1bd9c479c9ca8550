import { describe, expect, it } from "vitest";
import { cellAt, spanTo } from "./geometry.js";

describe("grid geometry", () => {
  const box = { left: 100, top: 50, width: 400, height: 300, columns: 4, rows: 6 };

  it("snaps a point to the cell under it, clamped into the grid", () => {
    expect(cellAt(box, 100, 50)).toEqual([0, 0]);
    expect(cellAt(box, 399, 149)).toEqual([1, 2]);
    expect(cellAt(box, 499.9, 349.9)).toEqual([5, 3]);
    expect(cellAt(box, 0, 0)).toEqual([0, 0]);
    expect(cellAt(box, 900, 900)).toEqual([5, 3]);
  });

  it("spans from a position to the pointer's cell, one cell at least", () => {
    expect(spanTo([1, 1], [2, 3])).toEqual([2, 3]);
    expect(spanTo([1, 1], [0, 0])).toEqual([1, 1]);
  });
});
