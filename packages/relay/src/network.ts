import type { IncomingMessage } from "node:http";

/** `::ffff:10.0.0.2` (IPv4 on a dual-stack socket) → `10.0.0.2`, so limits and lists match either form. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined || address === "") return "unknown";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
 * `X-Real-IP`, else the left-most `X-Forwarded-For` entry.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (!trustedProxies.has(peer)) return peer;
  const realIp = header(req, "x-real-ip")?.trim();
  if (realIp) return normalizeAddress(realIp);
  const forwarded = header(req, "x-forwarded-for")?.split(",", 1)[0]?.trim();
  return forwarded ? normalizeAddress(forwarded) : peer;
}

/** `scheme://host[:port]` with the host lower-cased and default ports dropped; null if not an origin. */
export function canonicalOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.origin === "null") return null;
    return url.origin;
  } catch {
    return null;
  }
}

function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** Decides whether a browser `Origin` may connect. Absent origins (non-browser clients) always may. */
export class OriginPolicy {
  private readonly any: boolean;
  private readonly allowed: ReadonlySet<string>;

  /**
   * `loopbackPages`: with the default list, a page on a loopback host is allowed on any port (the
   * web device and editors run on their own ports beside the relay); an explicit list is exact.
   */
  constructor(
    allowedOrigins: readonly string[],
    private readonly loopbackPages = false,
  ) {
    this.any = allowedOrigins.includes("*");
    this.allowed = new Set(allowedOrigins.map(canonicalOrigin).filter((o): o is string => o !== null));
  }

  allows(req: IncomingMessage): boolean {
    const origin = header(req, "origin");
    if (origin === undefined || this.any) return true;
    const canonical = canonicalOrigin(origin);
    if (canonical === null) return false;
    if (this.allowed.has(canonical)) return true;
    if (this.loopbackPages && isLoopbackHostname(new URL(canonical).hostname)) return true;
    // A page served by this same host:port (the web device, or a demo on the relay's own server).
    const host = header(req, "host");
    if (host === undefined) return false;
    return (
      canonical === canonicalOrigin(`http://${host}`) || canonical === canonicalOrigin(`https://${host}`)
    );
  }
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
