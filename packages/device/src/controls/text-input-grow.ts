/** How many rows a growing textInput (the composer and the `multiline` style) shows. */

/** The minLines/maxLines pair as whole numbers ≥ 1 with max ≥ min (defaults 1 and 6). */
export function lineBounds(minLines: number, maxLines: number): { min: number; max: number } {
  const min = Number.isFinite(minLines) ? Math.max(1, Math.round(minLines)) : 1;
  const max = Number.isFinite(maxLines) ? Math.max(min, Math.round(maxLines)) : Math.max(min, 6);
  return { min, max };
}

/**
 * Rows for content whose laid-out height (`scrollHeight` minus vertical padding) is
 * `contentHeight` at `lineHeight` px a line: its line count clamped to min..max (past max the
 * field scrolls inside).
 */
export function growRows(contentHeight: number, lineHeight: number, min: number, max: number): number {
  const lines = lineHeight > 0 ? Math.max(1, Math.round(contentHeight / lineHeight)) : min;
  return Math.min(max, Math.max(min, lines));
}
