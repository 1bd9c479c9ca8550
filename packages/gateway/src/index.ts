export {
  startGateway,
  GATEWAY_DEFAULTS,
  NOTIFICATION_MSG_TYPE,
  type GatewayOptions,
  type RunningGateway,
} from "./gateway.js";
export { REVOKED_CLOSE_CODE, SLOTS_FULL_CLOSE_CODE } from "./admission.js";
export { openStore, type StoreLocation } from "./store/drivers.js";
export type { GatewayStore, Account, Device, Revocation, RevocationKind } from "./store/store.js";
export { KeyRing, type TokenClaims } from "./tokens.js";
export { developmentTls, loadTls, type TlsMaterial } from "./tls.js";
export {
  httpAdmin,
  storeAdmin,
  runningGateway,
  type GatewayAdmin,
  type DeviceCredential,
  type RunningMarker,
} from "./admin.js";
export { parseNotification, type Notification } from "./notify.js";
