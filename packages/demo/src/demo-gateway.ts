import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "@carter/gateway";
import type { Layout } from "@carter/kit";

export interface DemoGatewayOptions {
  host: string;
  port: number;
  /** The layout to serve (read per request); its `connection.url` becomes the address each request used. */
  layout: () => Layout;
  /** The gateway's data directory; default a temporary one removed on close. */
  dataDir?: string;
}

export interface DemoGateway {
  /** `wss://` URL on the bound address (loopback when bound to every interface). */
  readonly url: string;
  /** `https://` origin of the gateway (the validator API, and the layout). */
  readonly httpUrl: string;
  readonly port: number;
  /** The account the demo runs in. */
  readonly account: string;
  /** An account session token minted for this run (12 h): hub and devices identify with it. */
  readonly token: string;
  /** The development certificate (PEM) and its SHA-256 fingerprint. */
  readonly ca: string;
  readonly fingerprint: string;
  /** Path of the served layout (a per-run secret is part of it). */
  readonly layoutPath: string;
  close(): Promise<void>;
}

const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;
const SESSION_TTL_MS = 12 * 3_600_000;

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * The demo behind a Connect+ gateway: TLS with a development certificate, a "Demo" account and an
 * account session token minted for the run; the layout (which carries that token) is served by
 * the gateway at a secret path, so a device trusts one origin for the layout and the socket.
 */
export async function startDemoGateway(options: DemoGatewayOptions): Promise<DemoGateway> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "carter-demo-gateway-"));
  let layoutPath = "";
  let expected = digest("");
  let localAddress = "";
  const serveLayout = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (layoutPath === "" || !timingSafeEqual(digest(path), expected)) return false;
    const host =
      req.headers.host !== undefined && HOST_HEADER.test(req.headers.host) ? req.headers.host : localAddress;
    const layout = options.layout();
    const connection = { ...layout.connection, url: `wss://${host}` };
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : JSON.stringify({ ...layout, connection }));
    return true;
  };
  const gateway = await startGateway({
    dataDir,
    host: options.host,
    port: options.port,
    logLevel: "warn",
    routes: serveLayout,
  }).catch((error: unknown) => {
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  try {
    localAddress = new URL(gateway.url).host;
    const account = await gateway.store.createAccount("Demo", 20);
    const { token } = await gateway.keys.mint({
      acct: account.id,
      prod: "connect",
      use: "session",
      expiresAtMs: Date.now() + SESSION_TTL_MS,
    });
    layoutPath = `/demo/${randomBytes(16).toString("base64url")}/layout.json`;
    expected = digest(layoutPath);
    return {
      url: gateway.url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:"),
      httpUrl: gateway.httpUrl.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:"),
      port: gateway.port,
      account: account.id,
      token,
      ca: gateway.tls!.cert,
      fingerprint: gateway.tls!.fingerprint,
      layoutPath,
      async close() {
        await gateway.close();
        if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await gateway.close();
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
