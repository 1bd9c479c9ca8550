import type { ActionTokens } from "../controls/types.js";
import { isObject } from "./json.js";
import { splitValuePath, valueAtPath } from "@carter/protocol";

const EXACT_TOKEN = /^\{\{(\w+)\}\}$/;
const EMBEDDED_TOKEN = /\{\{(\w+)\}\}/g;
const VALUE_PATH = /^\$value((?:\.[^.\s]+)+)$/;

/** The text form of a token inside a longer string: strings as is, objects as JSON text. */
export function tokenText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function substituteString(text: string, tokens: ActionTokens): unknown {
  const exact = EXACT_TOKEN.exec(text);
  if (exact && Object.prototype.hasOwnProperty.call(tokens, exact[1])) return tokens[exact[1]] ?? null;
  const path = VALUE_PATH.exec(text);
  if (path) return valueAtPath(tokens.value, splitValuePath(path[1])) ?? null;
  if (!text.includes("{{")) return text;
  return text.replace(EMBEDDED_TOKEN, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(tokens, name) ? tokenText(tokens[name]) : whole,
  );
}

/**
 * Substitutes tokens in an action payload (layout.md §8.1): walks it recursively and changes only
 * strings. A string that is exactly `{{name}}` becomes the token's native JSON value; a token
 * inside a longer string becomes its text; `$value.x` reaches into an object value. Tokens the
 * caller did not supply are left as written, except `{{value}}`, which a valueless control (a
 * button) supplies as `null`.
 */
export function substitute(payload: unknown, tokens: ActionTokens): unknown {
  if (typeof payload === "string") return substituteString(payload, tokens);
  if (Array.isArray(payload)) return payload.map((item) => substitute(item, tokens));
  if (isObject(payload)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(payload)) out[key] = substitute(payload[key], tokens);
    return out;
  }
  return payload;
}
