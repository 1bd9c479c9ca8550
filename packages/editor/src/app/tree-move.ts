import { getAt, positionOf, type Cell, type MoveControlOp } from "@carter/authoring";
import { placementGrid, readSpan, type Layout } from "@carter/kit";
import { isJsonObject as isObject } from "@carter/protocol";
import { placerOver } from "./clipboard.js";
import { findNode } from "./store.js";

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
  const at = positionOf(found.node.position);
  if (!at) return op;
  const placer = placerOver(owner, `move into ${to}`);
  try {
    op.position = placer.place(id, span, at);
  } catch {
    // Its cells are taken or outside the grid there: the document places it first-fit.
  }
  return op;
}
