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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The control's value, or its `defaultValue` while no value has arrived. */
export function valueOrDefault(value: unknown, def: { defaultValue?: unknown }): unknown {
  return value === undefined ? def.defaultValue : value;
}
