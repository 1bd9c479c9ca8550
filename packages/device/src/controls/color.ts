/**
 * Layout colours (layout.md §1): `#RRGGBB`, `#RRGGBBAA` (alpha last, as CSS reads it), `#RGB`,
 * and the same without `#`. Anything else yields the fallback so layout text never reaches CSS.
 */
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAMED = /^[a-z]{3,20}$/i;

/** The device's one colour parser: a layout colour as CSS, or undefined when it is not one. */
export function readColor(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  const hex = HEX.exec(text);
  if (hex) return `#${hex[1]}`;
  return NAMED.test(text) ? text.toLowerCase() : undefined;
}

/** {@link readColor}, or `fallback` when the input is not a colour. */
export function cssColor(input: unknown, fallback: string): string {
  return readColor(input) ?? fallback;
}

/** `#RRGGBB` (upper case) for inputs that need an opaque six-digit colour, else undefined. */
export function hexRgb(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const hex = HEX.exec(input.trim());
  if (!hex) return undefined;
  let digits = hex[1];
  if (digits.length <= 4) digits = [...digits.slice(0, 3)].map((d) => d + d).join("");
  return `#${digits.slice(0, 6).toUpperCase()}`;
}
