import { isJsonObject, jsonEqual, type JsonObject } from "./json.js";

/**
 * How a device reads a value out of a frame (session-protocol §4.1, layout.md §7.1). Devices
 * match with it and hubs derive and replay frames with it, so both sides agree to the letter.
 */

/** A `valuePath` split on `.`, empty segments dropped; anything but a string is the whole payload. */
export function splitValuePath(path: unknown): string[] {
  if (typeof path !== "string") return [];
  return path.split(".").filter((segment) => segment !== "");
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The value at `path` inside `root`, or `undefined` when the path does not resolve: objects are
 * walked by own key, arrays by a non-negative in-range integer, and a scalar mid-path fails.
 */
export function valueAtPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node)) {
      if (!INDEX.test(segment)) return undefined;
      const index = Number(segment);
      if (index >= node.length) return undefined;
      node = node[index];
    } else if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) {
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** True when `payload` is an object carrying every top-level `filter` key with an equal value. */
export function filterMatches(filter: JsonObject | undefined, payload: unknown): boolean {
  if (filter === undefined) return true;
  if (!isJsonObject(payload)) return false;
  for (const key in filter) {
    if (!Object.prototype.hasOwnProperty.call(payload, key)) return false;
    if (!jsonEqual(filter[key], payload[key])) return false;
  }
  return true;
}
