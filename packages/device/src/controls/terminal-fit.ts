/**
 * The terminal label's pane-matched scaling: the font size at which the source's column count
 * exactly fills the view's width (layout: label `style: "terminal"`).
 */

/** The pane's column count: the `CSI 8;rows;cols t` report when the source sent one, else the widest line. */
export function terminalColumns(text: string, reported?: number): number {
  if (reported !== undefined && reported > 0) return reported;
  let widest = 0;
  for (const line of text.split("\n")) widest = Math.max(widest, [...line.replace(/\r$/, "")].length);
  return Math.max(1, widest);
}

/**
 * Font size (px) that makes `columns` monospace cells span `width` px, where one cell is
 * `charRatio` × the font size wide; `cap` (the label's `fontSize`) limits it when set.
 */
export function fitFontSize(width: number, columns: number, charRatio: number, cap?: number): number {
  if (!(width > 0) || !(charRatio > 0)) return cap ?? 12;
  const fitted = width / (Math.max(1, columns) * charRatio);
  return cap !== undefined && cap > 0 ? Math.min(cap, fitted) : fitted;
}
