import { normalizeLayout } from "./read.js";

/** Serializes a layout in its canonical form (camelCase identity flags, sync lists), 2-space indented. */
export function writeLayout(layout: unknown): string {
  return `${JSON.stringify(normalizeLayout(layout), null, 2)}\n`;
}
