import { parseJsonBounded } from "@carter/protocol";

/**
 * Document controls may still hold JSON text (a `defaultValue`, a string sync): parse it once,
 * bounded like a frame because the text may come from the wire.
 */
export function parseDocument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text === "") return undefined;
  return parseJsonBounded(text);
}

export { isJsonObject as isRecord } from "@carter/protocol";
