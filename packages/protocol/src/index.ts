export { type Frame, newId, makeFrame, encodeFrame } from "./frame.js";
export {
  parseFrame,
  type FrameError,
  type FrameErrorKind,
  type InboundFrame,
  type ParseOptions,
  type ParseResult,
} from "./parse.js";
export { type Capabilities, type BroadcastScope, roleDefaults, parseFlag } from "./roles.js";
export { NAME_PATTERN, NAMESPACED_NAME_PATTERN, isValidName, sanitizeName } from "./names.js";
export {
  type Identity,
  type IdentifyResult,
  parseIdentify,
  DEFAULT_CHANNEL,
  DEFAULT_ROLE,
} from "./identify.js";
export { CloseCode } from "./close-codes.js";
export {
  RelayVerb,
  ServerFrame,
  ClientVerb,
  ACTION_EVENTS,
  RelayError,
  type FailedReply,
  type RosterEntry,
  isFailedReply,
} from "./verbs.js";
export {
  createE2ee,
  decodeE2eeKey,
  isEnvelope,
  E2eeError,
  type E2eeErrorCode,
  type E2eeMode,
  type E2eeOptions,
  type E2eeSession,
  type Envelope,
  E2EE_KEY_BYTES,
  E2EE_SALT_BYTES,
  DEFAULT_REPLAY_WINDOW,
} from "./e2ee.js";
export {
  type JsonObject,
  isJsonObject,
  jsonEqual,
  MAX_JSON_DEPTH,
  exceedsJsonDepth,
  parseJsonBounded,
} from "./json.js";
export { splitValuePath, valueAtPath, filterMatches } from "./binding.js";
