import { GridPlacer, PlacementError, readSpan } from "@carter/kit";
import { isJsonObject } from "@carter/protocol";
import type { GridTarget } from "./address.js";
import { AuthoringError } from "./errors.js";
import { positionOf } from "./occupancy.js";
import type { Cell } from "./operations.js";

/** A default span made to fit the grid: each part clamped to the grid's size (2-D grids). */
export function fitSpan(span: Cell, target: GridTarget): Cell {
  if (target.grid.mode === "flow") return span;
  return [Math.min(span[0], target.grid.rows), Math.min(span[1], target.grid.columns)];
}

/**
 * Places a child in `target` with the kit's placer: an explicit `position` must lie inside the
 * grid on free cells; without one the child takes the first free cells in row-major order. The
 * grid's other children (all but the one at `exclude`) hold their cells.
 */
export function placeChild(
  target: GridTarget,
  child: { id: string; span: Cell; position?: Cell; exclude?: string },
  fields: { position: string; span: string },
): Cell {
  let placer: GridPlacer;
  try {
    placer = new GridPlacer(target.grid, target.label);
  } catch (error) {
    throw new AuthoringError("placement", (error as Error).message, { field: "parent" });
  }
  const children = Array.isArray(target.owner.children) ? target.owner.children : [];
  children.forEach((other, index) => {
    if (!isJsonObject(other) || `${target.pointer}/children/${index}` === child.exclude) return;
    const position = positionOf(other.position);
    if (!position) return;
    try {
      placer.place(typeof other.id === "string" ? other.id : `#${index}`, readSpan(other.span), position);
    } catch {
      // A child the layout already misplaces claims no cells; the kit validator reports it.
    }
  });
  try {
    return placer.place(child.id, child.span, child.position);
  } catch (error) {
    if (!(error instanceof PlacementError)) throw error;
    const field = child.position === undefined ? fields.span : fields.position;
    throw new AuthoringError("placement", error.message, { field });
  }
}
