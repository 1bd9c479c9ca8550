import { pathKey, readSpan, type JsonObject, type WalkInfo } from "../walk.js";
import type { Report } from "./report.js";

interface Occupant {
  key: string;
  label: string;
}

/**
 * 2-D placement checks per grid: position shape, bounds, and overlaps (once per pair). Flow grids
 * and nodes without a placing grid (panels, canvas items, popups) are skipped, as in the app.
 */
export class PlacementChecker {
  private readonly cellsByGrid = new Map<string, Map<string, Occupant>>();
  private readonly reportedPairs = new Set<string>();

  constructor(private readonly report: Report) {}

  check(node: JsonObject, info: WalkInfo): void {
    const grid = info.grid;
    if (!grid || grid.mode === "flow" || info.gridPath === null) return;
    const positionPath = pathKey(info.path, "position");
    const position = node.position;
    if (!isPair(position)) {
      this.report.error(
        "bad_position",
        positionPath,
        position === undefined
          ? '"position" is missing: a 2-D grid needs [row, col]'
          : '"position" must be a [row, col] pair of numbers',
      );
      return;
    }
    const [row, col] = position;
    const [rowSpan, colSpan] = readSpan(node.span);
    if (row < 0 || col < 0 || row + rowSpan > grid.rows || col + colSpan > grid.columns) {
      this.report.error(
        "out_of_bounds",
        positionPath,
        `position [${row}, ${col}] with span [${rowSpan}, ${colSpan}] does not fit the ${grid.columns}x${grid.rows} grid (columns x rows)${grid.declared ? "" : ", the default for a missing grid"}`,
      );
      return;
    }
    const occupant: Occupant = {
      key: typeof node.id === "string" ? `id:${node.id}` : `path:${info.path}`,
      label: typeof node.id === "string" ? `"${node.id}"` : info.path,
    };
    let cells = this.cellsByGrid.get(info.gridPath);
    if (!cells) this.cellsByGrid.set(info.gridPath, (cells = new Map()));
    for (let r = row; r < row + rowSpan; r++) {
      for (let c = col; c < col + colSpan; c++) {
        const cell = `${r},${c}`;
        const other = cells.get(cell);
        if (!other) {
          cells.set(cell, occupant);
          continue;
        }
        if (other.key === occupant.key) continue;
        const pair = `${info.gridPath}|${[other.key, occupant.key].sort().join("|")}`;
        if (this.reportedPairs.has(pair)) continue;
        this.reportedPairs.add(pair);
        this.report.error(
          "overlap",
          positionPath,
          `${occupant.label} overlaps ${other.label} at cell [${r}, ${c}]`,
        );
      }
    }
  }
}

function isPair(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}
