import { networkInterfaces } from "node:os";

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** The address this machine reaches a server bound to `bindHost` through: loopback for a wildcard bind. */
export function localHostFor(bindHost: string): string {
  if (bindHost === "0.0.0.0") return "127.0.0.1";
  if (bindHost === "::") return "::1";
  return bindHost;
}

/** `host` as a URL spells it: an IPv6 literal in brackets. */
export function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** This machine's LAN addresses for a bind address: every external IPv4 for a wildcard bind. */
export function lanAddresses(bindHost: string): string[] {
  if (isLoopbackHost(bindHost)) return [];
  if (bindHost !== "0.0.0.0" && bindHost !== "::") return [bindHost];
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (!entry.internal && entry.family === "IPv4") addresses.push(entry.address);
    }
  }
  return addresses;
}
