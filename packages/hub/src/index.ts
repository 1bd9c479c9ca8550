export { createHub, type CreateHubOptions } from "./create-hub.js";
export {
  Hub,
  type HubClient,
  type HubCoreOptions,
  type ActionHandler,
  type ActionMeta,
  type RequestHandler,
  type RequestMeta,
  type BroadcastObserver,
  type SyncRequestObserver,
  type HubErrorReporter,
  type RecordedState,
} from "./hub.js";
export { HubError, type HubErrorCode } from "./errors.js";
export { fetchTrusting, webSocketTrusting, type HubCredential } from "./gateway-link.js";
