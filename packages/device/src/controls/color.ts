import { readLayoutColor } from "@carter/kit";

/** The device's one colour parser: a layout colour (the kit's grammar) as CSS, or undefined when it is not one. */
export function readColor(input: unknown): string | undefined {
  const color = readLayoutColor(input);
  if (color === undefined) return undefined;
  return color.kind === "hex" ? `#${color.digits}` : color.name;
}

/** {@link readColor}, or `fallback` when the input is not a colour. */
export function cssColor(input: unknown, fallback: string): string {
  return readColor(input) ?? fallback;
}

/** `#RRGGBB` (upper case) for inputs that need an opaque six-digit colour, else undefined. */
export function hexRgb(input: unknown): string | undefined {
  const color = readLayoutColor(input);
  if (color?.kind !== "hex") return undefined;
  let digits = color.digits;
  if (digits.length <= 4) digits = [...digits.slice(0, 3)].map((d) => d + d).join("");
  return `#${digits.slice(0, 6).toUpperCase()}`;
}
