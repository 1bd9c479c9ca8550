export { isJsonObject as isObject, jsonEqual, type JsonObject } from "@carter/protocol";

/** Parses JSON text, or returns `undefined` when it is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
