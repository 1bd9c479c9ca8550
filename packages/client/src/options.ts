import { decodeE2eeKey, isValidName, type BroadcastScope, type E2eeMode } from "@carter/protocol";
import type { BackoffOptions } from "./backoff.js";
import type { DeviceCredential } from "./device-credential.js";
import type { Logger } from "./logger.js";
import type { WebSocketConstructor } from "./websocket.js";

export interface E2eeClientOptions {
  /** The shared key: standard base64 of exactly 32 bytes (`e2eeKey` / QR `k`). */
  key: string;
  /** `room`: group cipher; `app`: the app/client side; `hub`: the hub/device side. */
  mode: E2eeMode;
  /** Drop plaintext app frames (control frames still pass). Default true. */
  strict?: boolean;
}

export interface KeepaliveOptions {
  /** Ping frame period while admitted. Default 30000 ms. */
  intervalMs?: number;
  /** Deadline for the relay's `"pong"`; missing it closes the link and reconnects. Default 10000 ms. */
  timeoutMs?: number;
}

export interface MeshClientOptions {
  /** `ws://` or `wss://` relay URL. */
  url: string;
  /** Member name (§2.2 grammar; sanitize human names with `sanitizeName`). */
  name: string;
  channel?: string;
  role?: string;
  /** Gateway/relay token, sent as both `auth_token` and `token`. */
  token?: string;
  /**
   * A Connect+ device credential: its device token (refreshed before connecting, on schedule and
   * when parked or revoked) replaces `token`. A rejected (401) or revoked (3×403) credential stops
   * the client for good, with the error as its `fault`.
   */
  credential?: DeviceCredential;
  canBroadcast?: boolean;
  canRoute?: boolean;
  canMonitor?: boolean;
  canCrossChannelRoute?: boolean;
  broadcastScope?: BroadcastScope;
  e2ee?: E2eeClientOptions;
  /** Time to wait for `welcome` before reporting `parked` (the socket is kept). Default 10000 ms. */
  admissionTimeoutMs?: number;
  /** `false`: never reconnect. Default: 2 s doubling to 30 s, ±20 % jitter. */
  reconnect?: false | BackoffOptions;
  /** `false`: no ping frames. Default 30 s / 10 s. */
  keepalive?: false | KeepaliveOptions;
  /** Frames `send`/`broadcast` may queue while not admitted (oldest evicted). Default 0: throw instead. */
  offlineBuffer?: number;
  /** Concurrent inbound handlers. Default 64; up to 16× that many frames queue behind them. */
  maxInflightHandlers?: number;
  /** Default `request`/`route` timeout. Default 5000 ms. */
  requestTimeoutMs?: number;
  /** WebSocket implementation. Default: `globalThis.WebSocket`, else the `ws` package. */
  WebSocket?: WebSocketConstructor;
  logger?: Partial<Logger>;
}

/** Checks options a relay would otherwise refuse only after connecting (or never report). */
export function validateOptions(options: MeshClientOptions): void {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError("url must be an absolute ws:// or wss:// URL");
  }
  if ((url.protocol !== "ws:" && url.protocol !== "wss:") || url.hostname === "") {
    throw new TypeError("url must be an absolute ws:// or wss:// URL with a host");
  }
  if (!isValidName(options.name)) {
    throw new TypeError("name must be 1–64 letters, digits, _ or -, starting with a letter or digit");
  }
  if (options.channel !== undefined && !isValidName(options.channel)) {
    throw new TypeError("channel must be 1–64 letters, digits, _ or -, starting with a letter or digit");
  }
  if (
    options.broadcastScope !== undefined &&
    options.broadcastScope !== "global" &&
    options.broadcastScope !== "channel"
  ) {
    throw new TypeError('broadcastScope must be "global" or "channel"');
  }
  if (options.e2ee) {
    decodeE2eeKey(options.e2ee.key);
    if (!["room", "app", "hub"].includes(options.e2ee.mode))
      throw new TypeError('e2ee.mode must be "room", "app" or "hub"');
  }
  for (const field of ["admissionTimeoutMs", "requestTimeoutMs"] as const) {
    const v = options[field];
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      throw new RangeError(`${field} must be a positive number`);
  }
  if (options.keepalive) {
    for (const field of ["intervalMs", "timeoutMs"] as const) {
      const v = options.keepalive[field];
      if (v !== undefined && !(Number.isFinite(v) && v > 0))
        throw new RangeError(`keepalive.${field} must be a positive number`);
    }
  }
}

/** The `identify` payload (§1.2): unset capability flags are omitted so the relay's role defaults apply. */
export function buildIdentify(options: MeshClientOptions): Record<string, unknown> {
  const payload: Record<string, unknown> = { name: options.name };
  if (options.token !== undefined) {
    payload.auth_token = options.token;
    payload.token = options.token;
  }
  if (options.channel !== undefined) payload.channel = options.channel;
  if (options.role !== undefined) payload.role = options.role;
  if (options.canBroadcast !== undefined) payload.can_broadcast = options.canBroadcast;
  if (options.canRoute !== undefined) payload.can_route = options.canRoute;
  if (options.canCrossChannelRoute !== undefined)
    payload.can_cross_channel_route = options.canCrossChannelRoute;
  if (options.canMonitor !== undefined) payload.can_monitor = options.canMonitor;
  if (options.broadcastScope !== undefined) payload.broadcast_scope = options.broadcastScope;
  return payload;
}
