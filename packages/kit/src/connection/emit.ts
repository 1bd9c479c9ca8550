import { roleDefaults } from "@carter/protocol";
import { checkDisplayName, checkName, ConnectionError } from "./checks.js";
import type { Connection } from "./connection.js";

/** A layout `connection` block (layout.md §3), written camelCase. */
export interface LayoutConnectionBlock {
  url?: string;
  token?: string;
  mode?: "room";
  e2eeKey?: string;
  hub?: string;
  identity: { name: string; channel: string; role: string; canBroadcast: boolean; canRoute: boolean };
}

/** The pairing QR JSON exactly as the app decodes it (session-protocol §3.2). */
export interface PairingPayload {
  url: string;
  channel: string;
  role: string;
  token?: string;
  k?: string;
}

export type E2eeMode = "room" | "app" | "hub";

/** Options for the MeshSocket client library, for a hub dialing with this connection. */
export interface ConnectionClientOptions {
  url: string;
  name: string;
  channel: string;
  role: string;
  token?: string;
  canBroadcast: boolean;
  canRoute: boolean;
  e2ee?: { key: string; mode: E2eeMode };
  /** Connect+ device credential details for token refresh (device connections only). */
  device?: { id?: string; refreshToken?: string; validatorUrl?: string };
}

export interface LayoutBlockOptions {
  /** Identity display name; default: the parsed name, else `device`. */
  name?: string;
  /** Default `controller`. */
  role?: string;
  /** Host the phone dials to reach a `local` relay (default `127.0.0.1`): give the LAN address. */
  host?: string;
}

export interface PairingOptions {
  /** Default `viewer`, the app's default. */
  role?: string;
  /** Host the phone dials to reach a `local` relay (default `127.0.0.1`): give the LAN address. */
  host?: string;
}

export interface ClientOptionsOptions {
  /** Default: the connection's `hub` name, else `hub`. */
  name?: string;
  /** Default: the credential's role (`hub`) for device connections, else `device`. */
  role?: string;
}

function localUrl(conn: Connection, host = "127.0.0.1"): string {
  return `ws://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${conn.port ?? 8765}`;
}

/**
 * The layout `connection` block a phone loads. The token is written only for self-hosted and
 * local relays (never a Connect+ device token); Connect+ blocks carry no url (the app dials its
 * own account relay). A key adds `e2eeKey` (and `mode:"room"` in room mode).
 */
export function toLayoutBlock(conn: Connection, options: LayoutBlockOptions = {}): LayoutConnectionBlock {
  const role = checkName("role", options.role ?? "controller");
  const name = checkDisplayName("name", options.name ?? conn.name ?? "device");
  const block: Partial<LayoutConnectionBlock> = {};
  if (conn.kind === "local") block.url = localUrl(conn, options.host);
  else if (conn.kind === "selfhosted" || (conn.kind === "account" && conn.url !== undefined))
    block.url = conn.url;
  if ((conn.kind === "local" || conn.kind === "selfhosted") && conn.token !== undefined)
    block.token = conn.token;
  if (conn.e2eeKey !== undefined) {
    if (conn.room) block.mode = "room";
    block.e2eeKey = conn.e2eeKey;
  }
  if (conn.hub !== undefined) block.hub = conn.hub;
  const caps = roleDefaults(role);
  block.identity = {
    name,
    channel: conn.channel,
    role,
    canBroadcast: caps.canBroadcast,
    canRoute: caps.canRoute,
  };
  return block as LayoutConnectionBlock;
}

/** The pairing QR payload `{url, channel, role, token?, k?}`. Device credentials are hub-only and refused. */
export function toPairingPayload(conn: Connection, options: PairingOptions = {}): PairingPayload {
  if (conn.kind === "device") {
    throw new ConnectionError(
      "kind",
      "a device credential is hub-only; pair phones with a self-hosted or local relay",
    );
  }
  const url = conn.kind === "local" ? localUrl(conn, options.host) : conn.url;
  if (url === undefined) throw new ConnectionError("url", "a pairing payload needs the relay url");
  const payload: PairingPayload = {
    url,
    channel: conn.channel,
    role: checkName("role", options.role ?? "viewer"),
  };
  if (conn.kind !== "account" && conn.token !== undefined) payload.token = conn.token;
  if (conn.e2eeKey !== undefined) payload.k = conn.e2eeKey;
  return payload;
}

/**
 * Client-library options for a hub. Refuses `account` connections (a phone session cannot serve:
 * mint a hub credential); local relays are dialed on loopback.
 */
export function toClientOptions(
  conn: Connection,
  options: ClientOptionsOptions = {},
): ConnectionClientOptions {
  if (conn.kind === "account") {
    throw new ConnectionError(
      "kind",
      "an account connection cannot dial as a hub; mint a hub credential (Add Hub) and use it",
    );
  }
  const url = conn.kind === "local" ? localUrl(conn) : conn.url;
  if (url === undefined) throw new ConnectionError("url", "the connection has no relay url");
  const role = checkName("role", options.role ?? (conn.kind === "device" ? (conn.role ?? "hub") : "device"));
  const result: ConnectionClientOptions = {
    url,
    name: checkName("name", options.name ?? conn.hub ?? "hub"),
    channel: conn.channel,
    role,
    canBroadcast: true,
    canRoute: roleDefaults(role).canRoute,
  };
  if (conn.token !== undefined) result.token = conn.token;
  if (conn.e2eeKey !== undefined) result.e2ee = { key: conn.e2eeKey, mode: conn.room ? "room" : "hub" };
  if (conn.kind === "device") {
    result.device = {};
    if (conn.did !== undefined) result.device.id = conn.did;
    if (conn.refresh !== undefined) result.device.refreshToken = conn.refresh;
    if (conn.validator !== undefined) result.device.validatorUrl = conn.validator;
  }
  return result;
}
