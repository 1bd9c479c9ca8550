import { readSpan } from "@carter/kit";
import { isObject } from "../engine/json.js";

export interface GridSpec {
  columns: number;
  rows: number;
  mode: "grid" | "flow";
  rowHeight: number;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/** A grid block with defaults: 4 × 8 when absent (as the kit assumes), 2-D, 56-point rows. */
export function gridSpec(grid: unknown): GridSpec {
  const g = isObject(grid) ? grid : {};
  return {
    columns: positiveInt(g.columns, 4),
    rows: positiveInt(g.rows, 8),
    mode: g.mode === "flow" ? "flow" : "grid",
    rowHeight: typeof g.rowHeight === "number" && g.rowHeight > 0 ? g.rowHeight : 56,
  };
}

/** `[row, col]`, or `undefined` when the child has no usable position. */
export function positionOf(child: unknown): [number, number] | undefined {
  const p = isObject(child) ? child.position : undefined;
  if (!Array.isArray(p) || p.length !== 2) return undefined;
  const [row, col] = p as unknown[];
  return typeof row === "number" && typeof col === "number" && row >= 0 && col >= 0
    ? [Math.floor(row), Math.floor(col)]
    : undefined;
}

/** `[rowSpan, colSpan]` of a child, read as the kit reads spans. */
export function spanOf(child: unknown): [number, number] {
  return readSpan(isObject(child) ? child.span : undefined);
}

/** The CSS grid placement of a child in a 2-D grid (auto-placed when it has no position). */
export function cellStyle(child: unknown): Record<string, string> {
  const [rowSpan, colSpan] = spanOf(child);
  const position = positionOf(child);
  if (!position) return { gridRow: `span ${rowSpan}`, gridColumn: `span ${colSpan}` };
  return {
    gridRow: `${position[0] + 1} / span ${rowSpan}`,
    gridColumn: `${position[1] + 1} / span ${colSpan}`,
  };
}

/** Flow grids: children grouped into bands by row index, bands in row order, children by column. */
export function flowBands(children: readonly unknown[]): unknown[][] {
  const bands = new Map<number, { col: number; child: unknown }[]>();
  children.forEach((child, i) => {
    const position = positionOf(child);
    const row = position ? position[0] : i;
    const band = bands.get(row) ?? [];
    band.push({ col: position ? position[1] : band.length, child });
    bands.set(row, band);
  });
  return [...bands.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, band]) => band.sort((a, b) => a.col - b.col).map((e) => e.child));
}
