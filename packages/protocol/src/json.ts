/** A JSON object as decoded from the wire: not null, not an array. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Typed JSON equality, as sync filters compare values (session-protocol §4.1): `1 == 1.0`,
 * booleans never equal numbers, objects and arrays compare deeply.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!jsonEqual((a as JsonObject)[key], (b as JsonObject)[key])) return false;
  }
  return true;
}

/**
 * The deepest nesting of arrays and objects a frame may carry, the frame's own object included.
 * Real layouts nest far less (a group is two levels: the group object and its `children`), and a
 * bound keeps every recursive consumer (`JSON.stringify`, loggers, renderers, `jsonEqual`) far from
 * the stack limit: `JSON.parse` copes with any depth, most code that walks its result does not.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * True when JSON text opens more than `limit` nested arrays or objects at some point. One pass over
 * the characters with a counter (no recursion, no allocation); brackets inside strings do not
 * count. It does not validate: run it before `JSON.parse`, which still rejects malformed text.
 */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  const length = text.length;
  // Nesting deeper than `limit` needs more than `limit` opening characters.
  if (length <= limit) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** Parses JSON text of at most `MAX_JSON_DEPTH` levels; `undefined` when it is not JSON or nests deeper. */
export function parseJsonBounded(text: string): unknown {
  if (exceedsJsonDepth(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
