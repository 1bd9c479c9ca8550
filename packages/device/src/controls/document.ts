/** Document controls may still hold JSON text (a `defaultValue`, a string sync): parse it once. */
export function parseDocument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export { isJsonObject as isRecord } from "@carter/protocol";
