import type { Child, Grid, Group } from "../schema/types.js";
import { GridPlacer, type Span } from "./placement.js";
import { LayoutBuildError } from "./wiring.js";

/** A grid as builder options: `{columns, rows}` plus optional `mode` and `rowHeight`. */
export type GridOptions = Grid;

/** Fills a tab, group or panel. */
export type Fill = (grid: GridBuilder) => void;

const GRID_MODES = ["grid", "flow"];

export function gridOf(where: string, options: Partial<Grid>, fallback?: Grid): Grid {
  const columns = options.columns ?? fallback?.columns;
  const rows = options.rows ?? fallback?.rows;
  if (columns === undefined || rows === undefined)
    throw new LayoutBuildError(`${where}: give the grid's columns and rows`);
  const grid: Grid = { columns, rows };
  if (options.mode !== undefined) {
    if (!GRID_MODES.includes(options.mode)) {
      throw new LayoutBuildError(
        `${where}: grid mode ${JSON.stringify(options.mode)} is not one of grid, flow`,
      );
    }
    grid.mode = options.mode;
  }
  if (options.rowHeight !== undefined) grid.rowHeight = options.rowHeight;
  return grid;
}

/**
 * The children of one grid (a tab, group or container panel). `add` places each child at its
 * own `position` or, without one, at the first free cells in row-major order.
 */
export class GridBuilder {
  readonly grid: Grid;
  readonly #placer: GridPlacer;
  readonly #children: Child[] = [];

  constructor(grid: Grid, where: string) {
    this.grid = grid;
    this.#placer = new GridPlacer(grid, where);
  }

  add(...children: Child[]): this {
    for (const child of children) {
      const { id, position, span, ...rest } = child as Child & { position?: number[]; span?: number[] };
      const placedSpan = (span ?? [1, 1]) as Span;
      const placed = this.#placer.place(id, placedSpan, position);
      const kind = "type" in rest ? { type: rest.type } : {};
      this.#children.push({ ...kind, id, position: placed, ...(span ? { span } : {}), ...rest } as Child);
    }
    return this;
  }

  get children(): Child[] {
    return [...this.#children];
  }
}

/** Group fields besides its grid and children; `columns`/`rows`/`mode`/`rowHeight` shape its own grid. */
export type GroupOptions = Omit<Group, "type" | "id" | "grid" | "children"> & Partial<Grid>;

function buildGroup(
  id: string,
  options: GroupOptions,
  fill: Fill | undefined,
  position?: [number, number],
): Group {
  if (typeof id !== "string" || id === "") throw new LayoutBuildError("group: id must be a non-empty string");
  const { columns, rows, mode, rowHeight, ...fields } = options;
  const grid = gridOf(`group '${id}'`, { columns, rows, mode, rowHeight });
  const builder = new GridBuilder(grid, `group '${id}'`);
  fill?.(builder);
  const group: Group = { type: "group", id, ...fields, grid, children: builder.children };
  if (position) group.position = position;
  return group;
}

/** A group with its own grid, placed in its parent like a control: `group("net", {columns: 2, rows: 2}, g => g.add(...))`. */
export function group(id: string, options: GroupOptions, fill?: Fill): Group {
  return buildGroup(id, options, fill);
}

/** A container panel (carousel page, flip-card face, accordion section): a group whose position has no effect. */
export function panel(id: string, options: Omit<GroupOptions, "position" | "span">, fill?: Fill): Group {
  return buildGroup(id, options, fill, [0, 0]);
}
