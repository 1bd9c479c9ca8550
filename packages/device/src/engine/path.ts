import { isObject } from "./json.js";

/** A compiled `valuePath`: segments split on `.`, empty ones dropped (session-protocol §4.1). */
export type ValuePath = readonly string[];

export function compilePath(path: unknown): ValuePath {
  if (typeof path !== "string" || path === "") return [];
  return path.split(".").filter((segment) => segment !== "");
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The value at `path` inside `root`, or `undefined` when the path does not resolve: objects are
 * walked by key, arrays by a non-negative in-range integer, and a scalar mid-path fails.
 */
export function resolvePath(root: unknown, path: ValuePath): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node)) {
      if (!INDEX.test(segment)) return undefined;
      const index = Number(segment);
      if (index >= node.length) return undefined;
      node = node[index];
    } else if (isObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}
