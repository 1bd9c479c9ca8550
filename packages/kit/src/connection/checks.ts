import { isValidName } from "@carter/protocol";

/** A connection artifact field that is missing or malformed; `field` names it, `reason` says why. */
export class ConnectionError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "ConnectionError";
  }
}

/**
 * 32 bytes in canonical padded standard base64 are 43 characters plus `=`; the last character
 * carries 2 unused bits that must be zero, which leaves only the 16 letters listed.
 */
const KEY_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function checkE2eeKey(field: string, value: unknown): string {
  if (typeof value !== "string" || !KEY_32_BYTES.test(value)) {
    throw new ConnectionError(field, "must be standard base64 (with padding) of exactly 32 bytes");
  }
  return value;
}

/** A relay URL: `ws://` or `wss://` with a host. */
export function checkRelayUrl(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ConnectionError(field, "must be a ws:// or wss:// URL string");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectionError(field, `'${safeUrl(value)}' is not a URL`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new ConnectionError(field, `scheme must be ws:// or wss://, got ${url.protocol}//`);
  }
  if (url.hostname === "") throw new ConnectionError(field, "URL has no host");
  return value;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The validator of a Connect+ gateway dialed at `url`: the gateway serves its HTTP API on its
 * WebSocket's origin (`wss://host:port/...` → `https://host:port`, `ws:` → `http:`).
 */
export function gatewayValidatorUrl(url: string): string {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === "wss:" ? "https:" : "http:";
  return parsed.origin;
}

/** The Connect+ validator: https, or http on loopback only (session-protocol §7). */
export function checkValidatorUrl(field: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !(url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)))
  ) {
    throw new ConnectionError(field, "must be an https:// URL (http:// only on loopback)");
  }
  return value as string;
}

/** A channel, role or hub name: the relay's name grammar. */
export function checkName(field: string, value: unknown): string {
  if (!isValidName(value)) {
    throw new ConnectionError(
      field,
      `${JSON.stringify(value)} is not a valid name (a letter or digit, then up to 63 letters, digits, _ or -)`,
    );
  }
  return value;
}

/** A human display name: any non-empty string (the app sanitizes it before identifying). */
export function checkDisplayName(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new ConnectionError(field, "must be a non-empty string");
  return value;
}

export function checkSecret(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ConnectionError(field, "must be a string");
  return value;
}

export function checkPort(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConnectionError(field, "must be an integer port 1..65535");
  }
  return value;
}

/** `scheme://host[:port]` only: paths and queries may hold a token, so they are never printed. */
export function safeUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "<invalid url>";
  }
}
