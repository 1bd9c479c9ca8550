/**
 * Layout colours as the device reads them (layout.md §1): `#RRGGBB`, `#RRGGBBAA` (alpha last),
 * `#RGB`/`#RGBA`, the same without `#`, and CSS colour names. The picker (`<input type=color>`)
 * takes only `#rrggbb`, so a colour is split into that and its alpha.
 */
import { readLayoutColor } from "@carter/kit";

export interface Colour {
  /** `#rrggbb`, lower case: what `<input type=color>` takes. */
  rgb: string;
  /** Two hex digits of alpha when the colour has one, else `null`. */
  alpha: string | null;
}

/**
 * The colour `text` names (the kit's layout-colour grammar), or `null` when it is none. A name goes
 * through `named` (in the browser, the canvas resolves CSS names); without it names are not colours.
 */
export function parseColour(text: string, named?: (name: string) => string | null): Colour | null {
  const color = readLayoutColor(text);
  if (color?.kind === "hex") {
    let digits = color.digits.toLowerCase();
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join("");
    return { rgb: `#${digits.slice(0, 6)}`, alpha: digits.length === 8 ? digits.slice(6) : null };
  }
  if (color === undefined || !named) return null;
  const resolved = named(color.name);
  return resolved === null ? null : parseColour(resolved);
}

/**
 * What picking `rgb` makes of the field's `previous` text: the same form where it can (keeps the
 * alpha, the `#` or its absence, upper or lower case), `#RRGGBB` for a name or nothing.
 */
export function pickedColour(previous: string | undefined, rgb: string): string {
  const digits = rgb.replace(/^#/, "");
  const old = readLayoutColor(previous);
  if (old?.kind !== "hex") return `#${digits.toUpperCase()}`;
  const written = old.digits;
  const upper = written === written.toUpperCase() && /[a-f]/i.test(written);
  const alpha = written.length === 8 ? written.slice(6) : written.length === 4 ? written[3].repeat(2) : "";
  const body =
    upper || !/[a-f]/i.test(written) ? (digits + alpha).toUpperCase() : (digits + alpha).toLowerCase();
  return previous?.trim().startsWith("#") ? `#${body}` : body;
}

/** A resolver for CSS colour names through a 2D canvas (browsers only); unknown names give `null`. */
export function canvasNamedColour(): (name: string) => string | null {
  const context = document.createElement("canvas").getContext("2d");
  return (name) => {
    if (!context) return null;
    context.fillStyle = "#010203";
    context.fillStyle = name;
    const out = String(context.fillStyle);
    return out === "#010203" && name !== "#010203" ? null : out;
  };
}
