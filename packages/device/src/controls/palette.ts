/** Series/slice colours when the data and config name none (the first is the control tint). */
import { cssColor } from "./color.js";

export const PALETTE = [
  "#667EEA",
  "#34C759",
  "#FF9F0A",
  "#FF375F",
  "#64D2FF",
  "#BF5AF2",
  "#FFD60A",
  "#30D158",
  "#5E5CE6",
  "#FF6482",
];

export function seriesColor(index: number, own: unknown, configured: unknown, tint: string): string {
  if (typeof own === "string") return cssColor(own, tint);
  if (Array.isArray(configured) && configured.length > 0)
    return cssColor(configured[index % configured.length], tint);
  return index === 0 ? tint : PALETTE[index % PALETTE.length];
}

/** A translucent version of a hex colour for canvas fills (canvas can't read CSS variables). */
export function withAlpha(colour: string, alphaHex: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour + alphaHex : colour;
}
