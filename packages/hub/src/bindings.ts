import { HubError } from "./errors.js";
import { filterMatches, isJsonObject, splitValuePath, valueAtPath, type JsonObject } from "@carter/protocol";

/** A meshsocket sync binding a hub can drive: frames of type `broadcast` (layout.md §7). */
export interface BroadcastSync {
  filter: JsonObject;
  /** Path segments; empty means the binding takes the whole payload. */
  path: string[];
}

/** Where a control's action arrives at the hub (session-protocol §4.11). */
export type ActionRoute = { kind: "broadcast"; msgType: string } | { kind: "routed"; type: string };

/** A layout node with an id: a control or a group. */
export interface LayoutNode extends JsonObject {
  id: string;
}

function syncList(node: LayoutNode): JsonObject[] {
  const sync = node.sync;
  // A lone object is accepted for the app docs' single-binding examples (layout.md §7).
  const list = Array.isArray(sync) ? sync : isJsonObject(sync) ? [sync] : [];
  return list.filter(isJsonObject);
}

function isMeshSocket(sync: JsonObject): boolean {
  return sync.method === undefined || sync.method === "meshsocket";
}

function syncEvent(sync: JsonObject): unknown {
  return sync.event === undefined ? "broadcast" : sync.event;
}

/** The control's first meshsocket binding on `broadcast`, or `null` when it has none. */
export function findBroadcastSync(node: LayoutNode): BroadcastSync | null {
  for (const sync of syncList(node)) {
    if (isMeshSocket(sync) && syncEvent(sync) === "broadcast") {
      return { filter: isJsonObject(sync.filter) ? sync.filter : {}, path: splitValuePath(sync.valuePath) };
    }
  }
  return null;
}

/** Like {@link findBroadcastSync}, but says why a control cannot be driven. */
export function requireBroadcastSync(node: LayoutNode): BroadcastSync {
  const found = findBroadcastSync(node);
  if (found) return found;
  const routed = syncList(node)
    .filter(isMeshSocket)
    .map((sync) => String(syncEvent(sync)));
  if (routed.length > 0) {
    throw new HubError(
      "routed_sync_only",
      `control '${node.id}' only listens on event(s) ${routed.map((e) => `'${e}'`).join(", ")}, not 'broadcast'; ` +
        `send those frames with hub.client`,
    );
  }
  throw new HubError("no_sync", `control '${node.id}' has no broadcast sync binding`);
}

function setAtPath(target: JsonObject, path: string[], value: unknown): void {
  let cursor = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cursor[path[i]];
    if (isJsonObject(next)) {
      // Copy on the way down so a filter object shared with the layout is never mutated.
      const copy = { ...next };
      cursor[path[i]] = copy;
      cursor = copy;
    } else {
      const created: JsonObject = {};
      cursor[path[i]] = created;
      cursor = created;
    }
  }
  cursor[path[path.length - 1]] = value;
}

/**
 * The broadcast payload that makes a control show `value`: a copy of its sync `filter` with the
 * value set at `valuePath` (nested objects created). Without a path the value must be an object
 * and is merged; the filter's keys are written last so the frame still matches the binding.
 */
export function frameFor(node: LayoutNode, value: unknown): JsonObject {
  const sync = requireBroadcastSync(node);
  const frame: JsonObject = { ...sync.filter };
  if (sync.path.length > 0) {
    setAtPath(frame, sync.path, value);
    return frame;
  }
  if (!isJsonObject(value)) {
    throw new HubError(
      "bad_value",
      `control '${node.id}' has no valuePath (it reads the whole payload), so its value must be an object, got ${describe(value)}`,
    );
  }
  return { ...value, ...sync.filter };
}

/** What `sync` delivers from `payload` (layout.md §7.1): `undefined` when the filter or the path misses. */
export function readBinding(sync: BroadcastSync, payload: JsonObject): unknown {
  return filterMatches(sync.filter, payload) ? valueAtPath(payload, sync.path) : undefined;
}

/**
 * A copy of `payload` without the value at `path` (copying only the objects on the way down), or
 * `null` when the path does not lead through objects to an existing key.
 */
export function withoutPath(payload: JsonObject, path: string[]): JsonObject | null {
  if (path.length === 0 || !Object.hasOwn(payload, path[0])) return null;
  const copy = { ...payload };
  if (path.length === 1) {
    delete copy[path[0]];
    return copy;
  }
  const child = payload[path[0]];
  if (!isJsonObject(child)) return null;
  const pruned = withoutPath(child, path.slice(1));
  if (!pruned) return null;
  copy[path[0]] = pruned;
  return copy;
}

/** True when one path is a prefix of the other, so the values they read share data. */
export function pathsOverlap(a: string[], b: string[]): boolean {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where the control's `action` and `longPressAction` arrive, per session-protocol §4.11. */
export function actionRoutes(node: LayoutNode): ActionRoute[] {
  const routes: ActionRoute[] = [];
  for (const key of ["action", "longPressAction"] as const) {
    const action = node[key];
    if (!isJsonObject(action) || (action.method !== undefined && action.method !== "meshsocket")) continue;
    const payload = action.payload;
    if (action.event === "broadcast_request") {
      const msgType = isJsonObject(payload) ? payload.msg_type : undefined;
      if (typeof msgType !== "string" || msgType.length === 0) {
        throw new HubError(
          "no_action",
          `control '${node.id}' ${key} broadcasts without a payload msg_type, so there is nothing to demux on`,
        );
      }
      routes.push({ kind: "broadcast", msgType });
    } else if (action.event === "route_msg" || action.event === "route_msg_noreply") {
      const inner = isJsonObject(payload) ? payload.type : undefined;
      if (typeof inner !== "string" || inner.length === 0) {
        throw new HubError("no_action", `control '${node.id}' ${key} routes without an inner payload type`);
      }
      routes.push({ kind: "routed", type: inner });
    }
  }
  if (routes.length === 0) {
    throw new HubError("no_action", `control '${node.id}' has no meshsocket action to handle`);
  }
  return routes;
}

/** A short description of a value's JSON type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
