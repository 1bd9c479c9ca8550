import { describe, expect, it } from "vitest";
import { cellStyle, flowBands, gridSpec, spanOf } from "./placement.js";

describe("placement", () => {
  it("defaults grids and spans", () => {
    expect(gridSpec(undefined)).toEqual({ columns: 4, rows: 8, mode: "grid", rowHeight: 56 });
    expect(gridSpec({ columns: 2, rows: 3, mode: "flow", rowHeight: 80 })).toEqual({
      columns: 2,
      rows: 3,
      mode: "flow",
      rowHeight: 80,
    });
    expect(spanOf({ span: [0, "x"] })).toEqual([1, 1]);
    expect(spanOf({ span: [2, 3] })).toEqual([2, 3]);
  });

  it("places [row, col] with [rowSpan, colSpan] on 1-based CSS lines", () => {
    expect(cellStyle({ position: [1, 2], span: [2, 1] })).toEqual({
      gridRow: "2 / span 2",
      gridColumn: "3 / span 1",
    });
    expect(cellStyle({ span: [1, 2] })).toEqual({ gridRow: "span 1", gridColumn: "span 2" });
  });

  it("bands flow children by row, ordered by column", () => {
    const a = { id: "a", position: [1, 1] };
    const b = { id: "b", position: [0, 0] };
    const c = { id: "c", position: [1, 0] };
    expect(flowBands([a, b, c])).toEqual([[b], [c, a]]);
  });
});
