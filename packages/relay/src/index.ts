export { startRelay, type RunningRelay, type RelayStats } from "./relay.js";
export { relayOptionsFromEnv, type RelayOptions, DEFAULTS as RELAY_DEFAULTS } from "./options.js";
export {
  type AuthHook,
  type AuthDecision,
  type AdmissionSession,
  type AdmittedMember,
  tokenAuth,
  openAuth,
} from "./auth.js";
export {
  type Backplane,
  type BackplaneHealth,
  type MeshMember,
  type RelayNode,
  MemoryBackplane,
} from "./backplane.js";
export { MAX_OUTSTANDING_ROUTES, isFanOutVerb } from "./relay-core.js";
export { isLoopback } from "./network.js";
