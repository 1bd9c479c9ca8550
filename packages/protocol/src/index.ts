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
export { type Identity, type IdentifyResult, parseIdentify, DEFAULT_CHANNEL, DEFAULT_ROLE } from "./identify.js";
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
