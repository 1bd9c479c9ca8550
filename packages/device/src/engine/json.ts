import { parseJsonBounded } from "@carter/protocol";

export { isJsonObject as isObject, jsonEqual, type JsonObject } from "@carter/protocol";

/**
 * Parses JSON text, or returns `undefined` when it is not JSON. Text from the wire (a string sync
 * holding a document) is bounded like a frame, so rendering its tree never exhausts the stack.
 */
export function tryParseJson(text: string): unknown {
  return parseJsonBounded(text);
}
