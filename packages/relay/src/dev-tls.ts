import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`. */
  fingerprint: string;
  /** True when the certificate was made here (development). */
  selfSigned: boolean;
  /** Set when the certificate was generated during this start. */
  generated: boolean;
}

function fingerprint(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}

/** Loads `--cert`/`--key`; errors name the file that is missing or wrong. */
export function loadTls(certPath: string, keyPath: string): TlsMaterial {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certPath, "utf8");
  } catch (error) {
    throw new Error(`cannot read --cert ${certPath}: ${(error as Error).message}`);
  }
  try {
    key = readFileSync(keyPath, "utf8");
  } catch (error) {
    throw new Error(`cannot read --key ${keyPath}: ${(error as Error).message}`);
  }
  let print: string;
  try {
    print = fingerprint(cert);
  } catch {
    throw new Error(`--cert ${certPath} is not a PEM certificate`);
  }
  return { cert, key, fingerprint: print, selfSigned: false, generated: false };
}

/** Names the development certificate covers: loopback, this host's name and its addresses. */
type AltName = { type: 2; value: string } | { type: 7; ip: string };

function altNames(): AltName[] {
  const names: AltName[] = [
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    { type: 7, ip: "::1" },
  ];
  const host = hostname();
  if (/^[A-Za-z0-9.-]+$/.test(host) && host !== "localhost") names.push({ type: 2, value: host });
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (!address.internal && address.family === "IPv4") names.push({ type: 7, ip: address.address });
    }
  }
  return names;
}

/**
 * A development certificate kept in `dir` (`dev-cert.pem`, `dev-key.pem`): made on first use
 * (ECDSA P-256, 825 days, for localhost, this host's name and its LAN addresses), reused afterwards
 * so devices that trusted its fingerprint keep trusting it. Shared by the gateway, `carter device
 * --tls` and the demo, so phones get a secure context on the LAN.
 */
export async function developmentCertificate(dir: string, commonName: string): Promise<TlsMaterial> {
  const certPath = join(dir, "dev-cert.pem");
  const keyPath = join(dir, "dev-key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { ...loadTls(certPath, keyPath), selfSigned: true };
  }
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 86_400_000);
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: altNames() },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint: fingerprint(pems.cert),
    selfSigned: true,
    generated: true,
  };
}
