export {
  MeshClient,
  type ClientEvents,
  type ClientState,
  type ClientStats,
  type Handler,
  type RequestOptions,
  type RouteTarget,
} from "./client.js";
export type { MeshClientOptions, E2eeClientOptions, KeepaliveOptions } from "./options.js";
export type { BackoffOptions } from "./backoff.js";
export type { Logger } from "./logger.js";
export type { WebSocketConstructor, WebSocketLike } from "./websocket.js";
export {
  MeshClientError,
  NotConnectedError,
  RequestTimeoutError,
  DisconnectedError,
  RequestFailedError,
} from "./errors.js";
export {
  DeviceCredential,
  CredentialRejectedError,
  CredentialRevokedError,
  type DeviceCredentialOptions,
  type RefreshedCredential,
  type FetchLike,
} from "./device-credential.js";
export { liveEditDevices, routeVerb, LiveVerbError } from "./live-edit.js";
