/**
 * Layout colours as the device reads them (layout.md §1): `#RRGGBB`, `#RRGGBBAA` (alpha last),
 * `#RGB`/`#RGBA`, the same without `#`, and CSS colour names. The picker (`<input type=color>`)
 * takes only `#rrggbb`, so a colour is split into that and its alpha.
 */

export interface Colour {
  /** `#rrggbb`, lower case: what `<input type=color>` takes. */
  rgb: string;
  /** Two hex digits of alpha when the colour has one, else `null`. */
  alpha: string | null;
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAME = /^[a-z]{3,20}$/i;

/**
 * The colour `text` names, or `null` when it is none. A name goes through `named` (in the browser,
 * the canvas resolves CSS names); without it names are not colours.
 */
export function parseColour(text: string, named?: (name: string) => string | null): Colour | null {
  const trimmed = text.trim();
  const hex = HEX.exec(trimmed);
  if (hex) {
    let digits = hex[1].toLowerCase();
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join("");
    return { rgb: `#${digits.slice(0, 6)}`, alpha: digits.length === 8 ? digits.slice(6) : null };
  }
  if (!NAME.test(trimmed) || !named) return null;
  const resolved = named(trimmed.toLowerCase());
  return resolved === null ? null : parseColour(resolved);
}

/**
 * What picking `rgb` makes of the field's `previous` text: the same form where it can (keeps the
 * alpha, the `#` or its absence, upper or lower case), `#RRGGBB` for a name or nothing.
 */
export function pickedColour(previous: string | undefined, rgb: string): string {
  const digits = rgb.replace(/^#/, "");
  const old = previous === undefined ? null : HEX.exec(previous.trim());
  if (!old) return `#${digits.toUpperCase()}`;
  const upper = old[1] === old[1].toUpperCase() && /[a-f]/i.test(old[1]);
  const alpha = old[1].length === 8 ? old[1].slice(6) : old[1].length === 4 ? old[1][3].repeat(2) : "";
  const body =
    upper || !/[a-f]/i.test(old[1]) ? (digits + alpha).toUpperCase() : (digits + alpha).toLowerCase();
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
