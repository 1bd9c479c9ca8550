import { getAt, type Cell, type MoveControlOp } from "@carter/authoring";
import { GridPlacer, placementGrid, readSpan, type Layout } from "@carter/kit";
import { isJsonObject as isObject } from "@carter/protocol";
import { findNode } from "./store.js";

function cellOf(value: unknown): Cell | undefined {
  return Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 0)
    ? [value[0] as number, value[1] as number]
    : undefined;
}

/**
 * The move of node `id` to the grid at `to` (a JSON Pointer to a tab, group, panel or popup), at
 * place `index` among its children (default: the end). Within its own grid only the order
 * changes. Into another grid it keeps its cells when they are free there; else it goes without a
 * position, so the document places it first-fit (the kit's placement) or refuses with the kit's
 * reason. A span larger than the target grid is clamped to it. Null when there is nothing to do.
 */
export function moveToGrid(layout: Layout, id: string, to: string, index?: number): MoveControlOp | null {
  const found = findNode(layout, id);
  const owner = getAt(layout, to);
  if (!found || !isObject(owner)) return null;
  if (found.grid === to) return index === undefined ? null : { op: "moveControl", id, index };
  const grid = placementGrid(owner);
  const wanted = readSpan(found.node.span);
  const span: Cell =
    grid.mode === "flow" ? wanted : [Math.min(wanted[0], grid.rows), Math.min(wanted[1], grid.columns)];
  const op: MoveControlOp = { op: "moveControl", id, to };
  if (index !== undefined) op.index = index;
  if (span[0] !== wanted[0] || span[1] !== wanted[1]) op.span = span;
  const at = cellOf(found.node.position);
  if (!at) return op;
  const placer = new GridPlacer(grid, `move into ${to}`);
  const children = Array.isArray(owner.children) ? owner.children : [];
  children.forEach((child, i) => {
    const cell = isObject(child) ? cellOf(child.position) : undefined;
    if (!isObject(child) || !cell) return;
    try {
      placer.place(`#${i}`, readSpan(child.span), cell);
    } catch {
      // A child the layout already misplaces claims no cells; the kit reports it elsewhere.
    }
  });
  try {
    op.position = placer.place(id, span, at);
  } catch {
    // Its cells are taken or outside the grid there: the document places it first-fit.
  }
  return op;
}
