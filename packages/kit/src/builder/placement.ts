export type Cell = [row: number, col: number];
export type Span = [rowSpan: number, colSpan: number];

export interface GridShape {
  columns: number;
  rows: number;
  mode?: string;
}

/** A child that cannot be placed: out of bounds, overlapping, or no free cells left. */
export class PlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlacementError";
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

/**
 * Places children in one grid as the kit does (layout.md §4.3): an explicit position must fit
 * inside the grid without touching taken cells; a child without one goes to the first
 * `[row, col]` in row-major order where its whole span fits. Flow grids have no bounds: each
 * auto-placed child starts its own row band.
 */
export class GridPlacer {
  readonly #grid: GridShape;
  readonly #where: string;
  readonly #owner: string[];
  #nextBand = 0;

  constructor(grid: GridShape, where: string) {
    if (!isCount(grid.columns) || !isCount(grid.rows)) {
      throw new PlacementError(
        `${where}: grid columns and rows must be positive integers, got ${grid.columns}x${grid.rows}`,
      );
    }
    this.#grid = grid;
    this.#where = where;
    this.#owner = new Array<string>(grid.columns * grid.rows);
  }

  get #flow(): boolean {
    return this.#grid.mode === "flow";
  }

  /** Claims cells for `id` and returns its position. */
  place(id: string, span: Span, position?: readonly number[]): Cell {
    const [rowSpan, colSpan] = span;
    if (!isCount(rowSpan) || !isCount(colSpan)) {
      throw new PlacementError(
        `${this.#where}: '${id}' span must be two positive integers, got ${JSON.stringify(span)}`,
      );
    }
    if (this.#flow) return this.#placeInFlow(id, position);
    if (position !== undefined) {
      const cell = this.#checkPosition(id, position);
      this.#checkFits(id, cell, span);
      this.#claim(id, cell, span);
      return cell;
    }
    const { rows, columns } = this.#grid;
    for (let row = 0; row + rowSpan <= rows; row++) {
      for (let col = 0; col + colSpan <= columns; col++) {
        if (this.#isFree([row, col], span)) {
          this.#claim(id, [row, col], span);
          return [row, col];
        }
      }
    }
    throw new PlacementError(
      `${this.#where}: no room for '${id}' (span [${rowSpan}, ${colSpan}]) in the ${columns}x${rows} grid; ` +
        "enlarge the grid, shrink the span or start another tab or group",
    );
  }

  #placeInFlow(id: string, position?: readonly number[]): Cell {
    if (position === undefined) return [this.#nextBand++, 0];
    const cell = this.#checkPosition(id, position);
    this.#nextBand = Math.max(this.#nextBand, cell[0] + 1);
    return cell;
  }

  #checkPosition(id: string, position: readonly number[]): Cell {
    const [row, col] = position;
    if (position.length !== 2 || !Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0) {
      throw new PlacementError(
        `${this.#where}: '${id}' position must be [row, col] with integers >= 0, got ${JSON.stringify(position)}`,
      );
    }
    return [row, col];
  }

  #checkFits(id: string, [row, col]: Cell, [rowSpan, colSpan]: Span): void {
    const { rows, columns } = this.#grid;
    if (row + rowSpan > rows || col + colSpan > columns) {
      throw new PlacementError(
        `${this.#where}: '${id}' at [${row}, ${col}] with span [${rowSpan}, ${colSpan}] leaves the ${columns}x${rows} grid`,
      );
    }
    for (let r = row; r < row + rowSpan; r++) {
      for (let c = col; c < col + colSpan; c++) {
        const taken = this.#owner[r * columns + c];
        if (taken !== undefined) {
          throw new PlacementError(
            `${this.#where}: '${id}' at [${row}, ${col}] overlaps '${taken}' at cell [${r}, ${c}]`,
          );
        }
      }
    }
  }

  #isFree([row, col]: Cell, [rowSpan, colSpan]: Span): boolean {
    const { columns } = this.#grid;
    for (let r = row; r < row + rowSpan; r++) {
      for (let c = col; c < col + colSpan; c++) if (this.#owner[r * columns + c] !== undefined) return false;
    }
    return true;
  }

  #claim(id: string, [row, col]: Cell, [rowSpan, colSpan]: Span): void {
    const { columns } = this.#grid;
    for (let r = row; r < row + rowSpan; r++) {
      for (let c = col; c < col + colSpan; c++) this.#owner[r * columns + c] = id;
    }
  }
}
