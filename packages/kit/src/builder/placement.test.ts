import { describe, expect, it } from "vitest";
import { GridPlacer, PlacementError } from "./placement.js";

describe("GridPlacer auto-placement (layout.md §4.3)", () => {
  it("fills row-major, first cell where the whole span fits", () => {
    const placer = new GridPlacer({ columns: 4, rows: 3 }, "tab 'T'");
    expect(placer.place("a", [1, 2])).toEqual([0, 0]);
    expect(placer.place("b", [2, 1])).toEqual([0, 2]);
    expect(placer.place("c", [1, 2])).toEqual([1, 0]);
    // Row 0 col 3 is the first free cell for a 1x1.
    expect(placer.place("d", [1, 1])).toEqual([0, 3]);
    // Free now: [1,3] and row 2. A 2x2 fits nowhere; a 1x3 fits only at the start of row 2.
    expect(() => placer.place("e", [2, 2])).toThrow(PlacementError);
    expect(placer.place("f", [1, 3])).toEqual([2, 0]);
    expect(placer.place("g", [1, 1])).toEqual([1, 3]);
  });

  it("skips cells taken by a tall child beside short ones (L-shapes)", () => {
    const placer = new GridPlacer({ columns: 2, rows: 3 }, "group 'g'");
    expect(placer.place("tall", [3, 1])).toEqual([0, 0]);
    expect(placer.place("s1", [1, 1])).toEqual([0, 1]);
    expect(placer.place("s2", [1, 1])).toEqual([1, 1]);
    expect(placer.place("s3", [1, 1])).toEqual([2, 1]);
  });

  it("places around explicit positions and refuses overlaps or leaving the grid", () => {
    const placer = new GridPlacer({ columns: 2, rows: 2 }, "tab 'Main'");
    expect(placer.place("fixed", [1, 1], [0, 0])).toEqual([0, 0]);
    expect(placer.place("auto", [1, 1])).toEqual([0, 1]);
    expect(() => placer.place("clash", [1, 1], [0, 1])).toThrow(
      "tab 'Main': 'clash' at [0, 1] overlaps 'auto' at cell [0, 1]",
    );
    expect(() => placer.place("wide", [1, 2], [1, 1])).toThrow(
      "tab 'Main': 'wide' at [1, 1] with span [1, 2] leaves the 2x2 grid",
    );
    expect(() => placer.place("neg", [1, 1], [-1, 0])).toThrow(
      "position must be [row, col] with integers >= 0, got [-1,0]",
    );
    expect(() => placer.place("bad-span", [0, 1])).toThrow(
      "'bad-span' span must be two positive integers, got [0,1]",
    );
  });

  it("errors when no free cells fit the span", () => {
    const placer = new GridPlacer({ columns: 2, rows: 2 }, "tab 'Main'");
    placer.place("a", [1, 1], [0, 1]);
    expect(() => placer.place("big", [2, 2])).toThrow(
      "tab 'Main': no room for 'big' (span [2, 2]) in the 2x2 grid; enlarge the grid, shrink the span or start another tab or group",
    );
    expect(() => new GridPlacer({ columns: 2, rows: 2 }, "t").place("huge", [3, 1])).toThrow(
      /no room for 'huge'/,
    );
  });

  it("flow grids: one band per auto-placed child, no bounds", () => {
    const placer = new GridPlacer({ columns: 2, rows: 1, mode: "flow" }, "tab 'F'");
    expect(placer.place("a", [1, 1])).toEqual([0, 0]);
    expect(placer.place("b", [5, 5])).toEqual([1, 0]);
    expect(placer.place("c", [1, 1], [4, 1])).toEqual([4, 1]);
    expect(placer.place("d", [1, 1])).toEqual([5, 0]);
  });

  it("rejects a grid without positive integer dimensions", () => {
    expect(() => new GridPlacer({ columns: 0, rows: 2 }, "tab 'X'")).toThrow(
      "tab 'X': grid columns and rows must be positive integers, got 0x2",
    );
  });
});
