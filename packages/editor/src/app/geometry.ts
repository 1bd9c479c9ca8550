/** A grid's box on screen and its size in cells. */
export interface GridBox {
  left: number;
  top: number;
  width: number;
  height: number;
  columns: number;
  rows: number;
}

/** The `[row, col]` cell under a point, clamped into the grid (snapping to whole cells). */
export function cellAt(box: GridBox, x: number, y: number): [number, number] {
  const clamp = (value: number, count: number) => Math.min(count - 1, Math.max(0, Math.floor(value)));
  return [
    clamp(((y - box.top) / box.height) * box.rows, box.rows),
    clamp(((x - box.left) / box.width) * box.columns, box.columns),
  ];
}

/** The span reaching from `position` to the cell under the pointer (at least one cell each way). */
export function spanTo(
  position: readonly [number, number],
  cell: readonly [number, number],
): [number, number] {
  return [Math.max(1, cell[0] - position[0] + 1), Math.max(1, cell[1] - position[1] + 1)];
}
