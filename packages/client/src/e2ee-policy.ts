import { isFailedReply, RelayVerb, type InboundFrame } from "@carter/protocol";

/**
 * What the relay (or a peer's client library) must read stays clear in an E2EE session
 * (session-protocol §6.3): relay control verbs and client housekeeping verbs.
 */
export const CLEAR_TYPES: ReadonlySet<string> = new Set([
  "identify",
  "welcome",
  "get_nodes",
  "server_client_list",
  "ping",
  "handshake",
  "status_request",
  "node_status",
  "service_log",
]);

function isRouteWrapper(type: string): boolean {
  return type === RelayVerb.ROUTE_MSG || type === RelayVerb.ROUTE_MSG_NOREPLY;
}

/** True when an outgoing frame of this type carries app content that gets sealed. */
export function carriesAppPayload(type: string): boolean {
  return !CLEAR_TYPES.has(type);
}

/**
 * The payload to put on the wire: route wrappers stay clear with only their inner `payload`
 * sealed; control verbs stay clear; every other payload (broadcast_request app payloads, handler
 * replies, app requests) is sealed whole.
 */
export function sealOutgoing(type: string, payload: unknown, seal: (payload: unknown) => unknown): unknown {
  if (isRouteWrapper(type)) {
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return payload;
    const wrapper = payload as Record<string, unknown>;
    return { ...wrapper, payload: seal(wrapper.payload) };
  }
  return CLEAR_TYPES.has(type) ? payload : seal(payload);
}

/**
 * Whether strict mode drops this inbound frame because its payload is plaintext. `replyToSealed`
 * says, for a reply, whether the request it answers was an app request (undefined: not a reply
 * to anything pending). Relay failure replies `{error, status}` are always clear.
 */
export function mustBeSealed(frame: InboundFrame, replyToSealed: boolean | undefined): boolean {
  if (frame.reply_to !== null) return replyToSealed === true && !isFailedReply(frame.payload);
  return !CLEAR_TYPES.has(frame.type);
}
