import { readFileSync, statSync } from "node:fs";
import type { Connection } from "./connection.js";
import { parseConnection, type ConnectionOverrides } from "./parse.js";

function readIfFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `parseConnection` that also accepts a path to a JSON file (layout, connection block, device
 * credential or pairing payload), as session-protocol §3.4 allows. Node only.
 */
export function loadConnection(source?: unknown, overrides: ConnectionOverrides = {}): Connection {
  return parseConnection(source, overrides, { readFile: readIfFile });
}
