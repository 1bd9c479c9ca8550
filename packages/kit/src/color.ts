/**
 * Layout colours: their grammar (layout.md §1), read alike by the web device and the editor, and
 * the sRGB arithmetic of contrast-checked themes (WCAG 2) the editor and the MCP server share.
 */

const LAYOUT_HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const LAYOUT_NAME = /^[a-z]{3,20}$/i;

/** A layout colour as written: hex digits (`RGB`, `RGBA`, `RRGGBB` or `RRGGBBAA`, alpha last) or a name. */
export type LayoutColor = { kind: "hex"; digits: string } | { kind: "name"; name: string };

/**
 * Reads a layout colour (layout.md §1): `#RRGGBB`, `#RRGGBBAA`, `#RGB`, `#RGBA`, the same without
 * `#`, or a colour name (letters only; what it names is up to the reader). Undefined otherwise, so
 * layout text never reaches CSS.
 */
export function readLayoutColor(input: unknown): LayoutColor | undefined {
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  const hex = LAYOUT_HEX.exec(text);
  if (hex) return { kind: "hex", digits: hex[1] };
  return LAYOUT_NAME.test(text) ? { kind: "name", name: text.toLowerCase() } : undefined;
}

/** 0–255 channels. */
export type Rgb = [number, number, number];

/** `#rgb` or `#rrggbb` (with or without `#`) as channels; null for anything else. */
export function parseHex(value: string): Rgb | null {
  const color = readLayoutColor(value);
  if (color?.kind !== "hex" || (color.digits.length !== 3 && color.digits.length !== 6)) return null;
  const hex = color.digits;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

/** `#RRGGBB`, channels rounded and clamped to 0–255. */
export function toHex([r, g, b]: readonly number[]): string {
  return `#${[r, g, b]
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")
    .toUpperCase()}`;
}

/** WCAG 2 relative luminance (0 black to 1 white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
