/** Where to send the refusal of a frame the relay will not parse: its top-level `type` and `id`. */
export interface FrameAddress {
  type: string;
  id: string | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;

function stringLiteral(literal: string | null): string | null {
  if (literal === null) return null;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Reads the top-level `"type"` and `"id"` string members of a frame too deep to parse, in one pass
 * over the characters and without building its tree (which, at 100,000 levels, costs `JSON.parse`
 * tens of milliseconds of event loop). Null without a non-empty string `type` (then there is nothing
 * to answer). Keys are matched as written: an escaped spelling of `"type"` is not recognised, so
 * such a frame is only counted.
 */
export function frameAddress(text: string): FrameAddress | null {
  let depth = 0;
  let awaitingValue = false;
  let key = "";
  let typeLiteral: string | null = null;
  let idLiteral: string | null = null;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      if (depth !== 1) continue;
      const literal = text.slice(start, i + 1);
      if (!awaitingValue) key = literal;
      else if (key === '"type"') typeLiteral = literal;
      else if (key === '"id"') idLiteral = literal;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    } else if (depth === 1) {
      if (c === COLON) awaitingValue = true;
      else if (c === COMMA) awaitingValue = false;
    }
  }
  const type = stringLiteral(typeLiteral);
  if (type === null || type.length === 0) return null;
  return { type, id: stringLiteral(idLiteral) };
}
