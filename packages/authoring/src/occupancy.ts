import { isJsonObject } from "@carter/protocol";
import { readSpan, type JsonObject } from "@carter/kit";
import type { GridTarget } from "./address.js";
import type { Cell } from "./operations.js";

/** One child of a grid as the occupancy map sees it. */
export interface OccupancyItem {
  /** The child's id, or its JSON Pointer when it has none. */
  id: string;
  /** Control type, or `group`. */
  type: string;
  pointer: string;
  /** Null when the child has no usable `[row, col]`. */
  position: Cell | null;
  span: Cell;
  /** The character the ASCII map draws it with. */
  symbol: string;
}

/** Which child covers each cell of one grid. */
export interface Occupancy {
  /** JSON Pointer of the grid's owner (tab, group, panel or popup). */
  owner: string;
  label: string;
  columns: number;
  rows: number;
  mode: "grid" | "flow";
  /** `cells[row][col]`: the id of the child covering it, or null. Flow grids have one row per band. */
  cells: (string | null)[][];
  items: OccupancyItem[];
  /** Free cells (2-D grids). */
  free: number;
  /** Children outside the grid or overlapping another (a layout the kit would refuse). */
  conflicts: { id: string; message: string }[];
}

const SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A node's `position` as `[row, column]` when it is two non-negative integers, else null. */
export function positionOf(position: unknown): Cell | null {
  return Array.isArray(position) &&
    position.length === 2 &&
    position.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0)
    ? [position[0] as number, position[1] as number]
    : null;
}

/** The occupancy map of one grid. */
export function occupancyOf(target: GridTarget): Occupancy {
  const { columns, rows, mode } = target.grid;
  const children = Array.isArray(target.owner.children) ? target.owner.children : [];
  const items: OccupancyItem[] = [];
  children.forEach((child, index) => {
    if (!isJsonObject(child)) return;
    const pointer = `${target.pointer}/children/${index}`;
    items.push({
      id: typeof child.id === "string" ? child.id : pointer,
      type: typeof child.type === "string" ? child.type : "group",
      pointer,
      position: positionOf((child as JsonObject).position),
      span: readSpan(child.span),
      symbol: SYMBOLS[items.length % SYMBOLS.length],
    });
  });
  const height =
    mode === "flow" ? Math.max(0, ...items.map((i) => (i.position ? i.position[0] + 1 : 0))) : rows;
  const cells: (string | null)[][] = Array.from({ length: height }, () =>
    new Array<string | null>(columns).fill(null),
  );
  const conflicts: Occupancy["conflicts"] = [];
  for (const item of items) {
    if (!item.position) {
      if (mode === "grid") conflicts.push({ id: item.id, message: "has no [row, col] position" });
      continue;
    }
    const [row, col] = item.position;
    const [rowSpan, colSpan] = mode === "flow" ? [1, item.span[1]] : item.span;
    if (mode === "grid" && (row + rowSpan > rows || col + colSpan > columns)) {
      conflicts.push({
        id: item.id,
        message: `at [${row}, ${col}] with span [${rowSpan}, ${colSpan}] leaves the ${columns}x${rows} grid`,
      });
    }
    for (let r = row; r < Math.min(row + rowSpan, height); r++) {
      for (let c = col; c < Math.min(col + colSpan, columns); c++) {
        const taken = cells[r][c];
        if (taken === null) cells[r][c] = item.id;
        else if (mode === "grid")
          conflicts.push({ id: item.id, message: `overlaps "${taken}" at cell [${r}, ${c}]` });
      }
    }
  }
  const free = mode === "grid" ? cells.reduce((n, row) => n + row.filter((c) => c === null).length, 0) : 0;
  return { owner: target.pointer, label: target.label, columns, rows, mode, cells, items, free, conflicts };
}

/**
 * The occupancy map as text: a header of column numbers, one line per row with each child's
 * symbol (`.` for a free cell), then a legend of symbol, id, type, position and span.
 */
export function formatOccupancy(map: Occupancy): string {
  const symbolOf = new Map(map.items.map((item) => [item.id, item.symbol]));
  const width = Math.max(2, String(map.columns - 1).length + 1);
  const rowWidth = String(Math.max(0, map.cells.length - 1)).length;
  const lines = [
    `${map.label} (${map.owner}): ${map.columns} columns x ${map.rows} rows${map.mode === "flow" ? ", flow" : ""}, ${map.items.length} children${map.mode === "grid" ? `, ${map.free} free cells` : ""}`,
    `${" ".repeat(rowWidth)} ${Array.from({ length: map.columns }, (_, c) => String(c).padStart(width)).join("")}`,
  ];
  map.cells.forEach((row, r) => {
    const text = row.map((id) => (id === null ? "." : (symbolOf.get(id) ?? "?")).padStart(width)).join("");
    lines.push(`${String(r).padStart(rowWidth)} ${text}`);
  });
  for (const item of map.items) {
    const at = item.position ? `[${item.position.join(", ")}]` : "unplaced";
    lines.push(`${item.symbol} ${item.id} (${item.type}) at ${at} span [${item.span.join(", ")}]`);
  }
  for (const conflict of map.conflicts) lines.push(`! ${conflict.id} ${conflict.message}`);
  return lines.join("\n");
}
