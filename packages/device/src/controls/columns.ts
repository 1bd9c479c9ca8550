/**
 * `list` column resolution (layout.md §13.2): a key is tried as a flat key first, then as a dot
 * path whose integer segments index arrays; unresolved cells show an em dash.
 */
import { formatValue } from "./format.js";
import { isRecord } from "./document.js";

export const MISSING_CELL = "—";

export interface ListColumn {
  key: string;
  label: string;
  format?: string;
}

export function resolveKey(row: unknown, key: string): unknown {
  if (isRecord(row) && Object.prototype.hasOwnProperty.call(row, key)) return row[key];
  let node: unknown = row;
  for (const segment of key.split(".")) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

export function cellText(row: unknown, column: ListColumn): string {
  const value = resolveKey(row, column.key);
  if (value === undefined || value === null) return MISSING_CELL;
  return formatValue(value, column.format);
}

/** The declared columns (bad entries dropped), else one column per key of the first rows. */
export function listColumns(declared: unknown, rows: unknown[]): ListColumn[] {
  if (Array.isArray(declared)) {
    const columns = declared
      .filter((c): c is Record<string, unknown> => isRecord(c) && typeof c.key === "string")
      .map((c) => ({
        key: c.key as string,
        label: typeof c.label === "string" ? c.label : (c.key as string),
        format: typeof c.format === "string" ? c.format : undefined,
      }));
    if (columns.length > 0) return columns;
  }
  const keys = new Set<string>();
  for (const row of rows.slice(0, 20)) if (isRecord(row)) for (const key of Object.keys(row)) keys.add(key);
  return [...keys].map((key) => ({ key, label: key }));
}
