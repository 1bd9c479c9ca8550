import type { Server } from "node:http";
import type { Logger } from "pino";
import type { AuthHook } from "./auth.js";
import type { Backplane } from "./backplane.js";

/** How to run a relay. Every limit has an env twin, read by {@link relayOptionsFromEnv}. */
export interface RelayOptions {
  /** Interface to bind. Default `127.0.0.1`: serving the LAN (`0.0.0.0`) is an explicit choice. */
  host?: string;
  /** TCP port; `0` picks a free one. Default 8765. */
  port?: number;
  /** Shared secret every `identify` must carry (`auth_token` or `token`). Unset: open relay. */
  authToken?: string;
  /** Custom admission (e.g. the Connect+ gateway). Wins over `authToken`. */
  auth?: AuthHook;
  /** Origins a browser may connect from; `*` allows any. A page served by this host is always allowed. */
  allowedOrigins?: string[];
  /** TCP peers whose `X-Real-IP` / `X-Forwarded-For` headers are believed. */
  trustedProxies?: string[];
  /** Open sockets, identified or not; the next one is closed with 4429. */
  maxConnections?: number;
  /** Sockets per IP that have not finished identifying; the next one is closed with 4429. */
  maxPendingPerIp?: number;
  /** Inbound frames per second per socket (token bucket, burst = one second); 0 = unlimited. */
  rateLimit?: number;
  /** Largest inbound frame in bytes; bigger closes with 1009. */
  maxSize?: number;
  /** How long a routed request waits for the target's reply. */
  routeTimeoutMs?: number;
  /** How long a new socket has to send `identify`. */
  authTimeoutMs?: number;
  /** Protocol ping period; a socket that has not answered the previous ping by the next one is dropped. */
  keepaliveIntervalMs?: number;
  /** Bytes a socket may have queued for sending; past it the consumer is closed with 1013. */
  sendBufferLimit?: number;
  /** Membership and delivery across relay processes. Default: this process only. */
  backplane?: Backplane;
  logger?: Logger;
  /** pino level for the default logger (`LOG_LEVEL`). */
  logLevel?: string;
  /** Attach to this HTTP server's upgrades instead of listening; `/healthz` and `/metrics` are then served by `handleRequest`. */
  server?: Server;
  /** With `server`: only upgrades to this path are the relay's. */
  path?: string;
}

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 8765,
  allowedOrigins: ["http://127.0.0.1", "http://localhost"],
  maxConnections: 2000,
  maxPendingPerIp: 10,
  rateLimit: 50,
  maxSize: 262_144,
  routeTimeoutMs: 5000,
  authTimeoutMs: 5000,
  keepaliveIntervalMs: 20_000,
  sendBufferLimit: 1_048_576,
  logLevel: "info",
} as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * Reads the reference relay's `MESH_*` knobs (plus `MESH_HOST`, `MESH_PORT`, `LOG_LEVEL`).
 * Unset or empty variables are left out so defaults apply; a malformed value throws an Error naming it.
 */
export function relayOptionsFromEnv(env: NodeJS.ProcessEnv): RelayOptions {
  const options: RelayOptions = {};
  const host = env.MESH_HOST?.trim();
  if (host) options.host = host;
  const numeric: [keyof RelayOptions, string, number, number?][] = [
    ["port", "MESH_PORT", 0, 65535],
    ["maxConnections", "MESH_MAX_CONNECTIONS", 1],
    ["maxPendingPerIp", "MESH_MAX_PENDING_PER_IP", 1],
    ["rateLimit", "MESH_RATE_LIMIT", 0],
    ["maxSize", "MESH_MAX_SIZE", 64],
    ["routeTimeoutMs", "MESH_ROUTE_TIMEOUT_MS", 1],
    ["authTimeoutMs", "MESH_AUTH_TIMEOUT_MS", 1],
    ["keepaliveIntervalMs", "MESH_KEEPALIVE_INTERVAL_MS", 1],
    ["sendBufferLimit", "MESH_SEND_BUFFER_LIMIT", 1024],
  ];
  for (const [key, name, min, max] of numeric) {
    const value = integer(env, name, min, max);
    if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  }
  if (env.MESH_AUTH_TOKEN) options.authToken = env.MESH_AUTH_TOKEN;
  const origins = list(env, "MESH_ALLOWED_ORIGINS");
  if (origins) options.allowedOrigins = origins;
  const proxies = list(env, "MESH_TRUSTED_PROXIES");
  if (proxies) options.trustedProxies = proxies;
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  if (level) {
    if (!LOG_LEVELS.includes(level))
      throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
    options.logLevel = level;
  }
  return options;
}
