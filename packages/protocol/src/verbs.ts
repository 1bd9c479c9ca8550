/** Frame types the relay itself acts on. Anything else sent to the relay is dropped. */
export const RelayVerb = {
  IDENTIFY: "identify",
  BROADCAST_REQUEST: "broadcast_request",
  ROUTE_MSG: "route_msg",
  ROUTE_MSG_NOREPLY: "route_msg_noreply",
  GET_NODES: "get_nodes",
  PING: "ping",
  NODE_STATUS: "node_status",
  SERVICE_LOG: "service_log",
} as const;

/** Frame types the relay sends. */
export const ServerFrame = {
  WELCOME: "welcome",
  BROADCAST: "broadcast",
  SERVER_CLIENT_LIST: "server_client_list",
} as const;

/** Verbs clients answer among themselves; the relay never acts on them. */
export const ClientVerb = {
  HANDSHAKE: "handshake",
  STATUS_REQUEST: "status_request",
  WELCOME: "welcome",
  PING: "ping",
} as const;

/** Events a layout action may use: the relay verbs plus the service verbs (layout.md §8.2). */
export const ACTION_EVENTS: ReadonlySet<string> = new Set([
  "broadcast_request",
  "route_msg",
  "route_msg_noreply",
  "node_status",
  "service_log",
  "ping",
  "handshake",
  "status_request",
  "get_nodes",
  "identify",
]);

/** Error strings in `{error, status:"failed"}` replies. Wire API: never reword. */
export const RelayError = {
  BROADCAST_NOT_ALLOWED: "broadcast not allowed",
  ROUTING_NOT_ALLOWED: "routing not allowed",
  TARGET_NOT_FOUND: "Target not found",
  CROSS_CHANNEL_DENIED: "cross-channel route denied",
  TARGET_TIMEOUT: "target timeout",
  TOO_MANY_ROUTES: "too many outstanding routes",
} as const;

/** A relay failure reply payload. */
export interface FailedReply {
  error: string;
  status: "failed";
}

/**
 * True for `{error: string, status: "failed"}` and for bare `{error: string}` replies. A reply that
 * carries `ok` (e.g. `apply-layout`'s `{ok: false, error}`) is an answer, not a failure
 * (session-protocol §5.2: "`error` without `ok` = failure").
 */
export function isFailedReply(payload: unknown): payload is FailedReply {
  if (typeof payload !== "object" || payload === null) return false;
  const reply = payload as { error?: unknown; status?: unknown; ok?: unknown };
  if (typeof reply.error !== "string") return false;
  return reply.status === "failed" || (reply.status === undefined && reply.ok === undefined);
}

/** A roster entry as `get_nodes` and `server_client_list` carry it. */
export interface RosterEntry {
  id: string;
  name: string;
  channel: string;
  role: string;
}
