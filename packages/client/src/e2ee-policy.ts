import { isFailedReply, isJsonObject, RelayVerb, type InboundFrame } from "@carter/protocol";

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

/** App verbs the relay fans out and answers itself, with a clear receipt such as `{status:"sent"}`. */
const RELAY_RECEIPTED_TYPES: ReadonlySet<string> = new Set([
  RelayVerb.BROADCAST_REQUEST,
  "iCloud_data_Broadcast",
  "place_visit_Broadcast",
  "request_prediction",
  "prediction_result",
]);

function isRouteWrapper(type: string): boolean {
  return type === RelayVerb.ROUTE_MSG || type === RelayVerb.ROUTE_MSG_NOREPLY;
}

/** True when an outgoing frame of this type carries app content that gets sealed. */
export function carriesAppPayload(type: string): boolean {
  return !CLEAR_TYPES.has(type);
}

/** True when the reply to a request of this type comes from a peer, sealed (not from the relay). */
export function expectsSealedReply(type: string): boolean {
  return carriesAppPayload(type) && !RELAY_RECEIPTED_TYPES.has(type);
}

/**
 * The payload to put on the wire: route wrappers stay clear with only their inner `payload`
 * sealed; control verbs stay clear; every other payload (broadcast_request app payloads, handler
 * replies, app requests) is sealed whole.
 */
export function sealOutgoing(type: string, payload: unknown, seal: (payload: unknown) => unknown): unknown {
  if (isRouteWrapper(type)) {
    return isJsonObject(payload) ? { ...payload, payload: seal(payload.payload) } : payload;
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
