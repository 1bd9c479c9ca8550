/**
 * `valueMap` / `iconMap` / `colorMap` lookups (layout.md §13.2): the key is the value as text; a
 * boolean also finds yes/no, on/off and 1/0 keys; numbers match numerically equal keys (`61`
 * finds `"61.00"`); then a case-insensitive match; then the `"default"` catch-all.
 */
import { toNumber } from "./format.js";

const TRUE_KEYS = ["true", "yes", "on", "1"];
const FALSE_KEYS = ["false", "no", "off", "0"];

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** The value as map-key text. */
export function keyText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Looks a value up in a map; undefined on a miss (callers then show the raw value or own icon/tint). */
export function lookupMap<T>(map: unknown, value: unknown): T | undefined {
  if (!map || typeof map !== "object" || Array.isArray(map)) return undefined;
  const entries = map as Record<string, T>;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(entries, key);
  const text = keyText(value);
  if (has(text)) return entries[text];

  const keys = Object.keys(entries);
  const flag = asBoolean(value);
  if (flag !== undefined) {
    const aliases = flag ? TRUE_KEYS : FALSE_KEYS;
    const hit = keys.find((key) => aliases.includes(key.toLowerCase()));
    if (hit !== undefined) return entries[hit];
  }

  const n = toNumber(value);
  if (n !== undefined) {
    const hit = keys.find((key) => toNumber(key) === n);
    if (hit !== undefined) return entries[hit];
  }

  const lower = text.toLowerCase();
  const folded = keys.find((key) => key.toLowerCase() === lower);
  if (folded !== undefined) return entries[folded];

  return has("default") ? entries.default : undefined;
}
