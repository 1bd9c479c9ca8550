import { sanitizeName } from "@carter/protocol";
import { parseConnection } from "@carter/kit";
import { isObject } from "./json.js";

/** Client options for the device's own link (the MeshClient options it uses). */
export interface DeviceLinkOptions {
  url: string;
  name: string;
  channel: string;
  role: string;
  token?: string;
  canBroadcast?: boolean;
  canRoute?: boolean;
  e2ee?: { key: string; mode: "room" | "app" };
  /** Mesh name of the serving hub, when the source names one. */
  hub?: string;
}

function decodeBase64Url(text: string): string {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The pairing payload in a URL fragment `#pair=<URI-encoded JSON or base64url JSON>`, or `null`
 * when the fragment carries none. Throws naming the problem when it is there but unreadable.
 */
export function pairingFromFragment(hash: string): Record<string, unknown> | null {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  const params = new URLSearchParams(fragment);
  const raw = params.get("pair");
  if (raw === null) return null;
  const candidates: (() => string)[] = [() => raw, () => decodeBase64Url(raw)];
  for (const decode of candidates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decode());
    } catch {
      continue;
    }
    if (isObject(parsed)) return parsed;
    throw new Error("#pair: the pairing payload must be a JSON object {url, channel, role?, token?, k?}");
  }
  throw new Error("#pair: neither URI-encoded JSON nor base64url JSON");
}

/**
 * Link options from a layout `connection` block or a pairing payload (session-protocol §3). The
 * identity name is sanitized into a mesh name (`fallbackName` when there is none); pairing
 * sessions default to `viewer` but may broadcast, because the Studio Mirror narrates over the
 * link (§9.8). A key selects room mode when `mode:"room"`, else the app-side directional cipher.
 */
export function linkOptions(
  source: unknown,
  kind: "layout" | "pairing",
  fallbackName: string,
): DeviceLinkOptions {
  const conn = parseConnection(source);
  if (conn.url === undefined) {
    throw new Error(`${kind === "layout" ? "connection.url" : "url"}: the browser device needs a relay URL`);
  }
  const options: DeviceLinkOptions = {
    url: conn.url,
    name: sanitizeName(conn.name ?? fallbackName, fallbackName),
    channel: conn.channel,
    role: conn.role ?? (kind === "pairing" ? "viewer" : "controller"),
  };
  if (conn.token !== undefined) options.token = conn.token;
  if (kind === "pairing") options.canBroadcast = true;
  else {
    if (conn.canBroadcast !== undefined) options.canBroadcast = conn.canBroadcast;
    if (conn.canRoute !== undefined) options.canRoute = conn.canRoute;
  }
  // A key implies the room cipher (layout.md §3, session-protocol §3.4): every holder seals and opens `grp v2`.
  if (conn.e2eeKey !== undefined) options.e2ee = { key: conn.e2eeKey, mode: "room" };
  if (conn.hub !== undefined) options.hub = conn.hub;
  return options;
}
