import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from "node:net";
import type { TLSSocket } from "node:tls";
import type { Layout } from "@carter/kit";
import { startRelay } from "@carter/relay";
import { localHostFor, urlHost } from "./hosts.js";

export interface DemoRelayOptions {
  host: string;
  port: number;
  /** The per-run secret: the relay token and the layout's URL path. */
  token: string;
  /** The layout to serve (read per request); its `connection.url` becomes the address each request used. */
  layout: () => Layout;
  /**
   * Also accept TLS (`https://`, `wss://`) on the same port with this certificate: pages served
   * over HTTPS may only dial `wss://`, while the in-process hub keeps dialing plain `ws://` on
   * loopback. The first byte of each connection tells them apart.
   */
  tls?: { cert: string; key: string };
}

export interface DemoRelay {
  /** `ws://` URL on the bound address (loopback when bound to every interface). */
  readonly url: string;
  readonly port: number;
  /** Path of the served layout (the secret is part of it). */
  readonly layoutPath: string;
  close(): Promise<void>;
}

/** Host header values safe to echo into a URL: a name, IPv4 or bracketed IPv6, and a port. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * The demo's relay: a token-guarded MeshSocket relay and, on the same port, the layout at a path
 * only holders of the token know. Whoever can read the layout can join the channel, so the layout
 * is exactly as secret as the token; the device page itself is public and carries neither.
 * The layout's `connection.url` is the address the request came in on, so a phone that reached
 * the layout through the LAN address dials the relay through it too.
 */
export async function startDemoRelay(options: DemoRelayOptions): Promise<DemoRelay> {
  const layoutPath = `/demo/${options.token}/layout.json`;
  const expected = digest(layoutPath);
  const localHost = urlHost(localHostFor(options.host));
  // This relay's `host:port` on this machine, known once listening (port 0 binds any free port).
  let localAddress = "";

  const serveLayout = (req: IncomingMessage, res: ServerResponse) => {
    const host =
      req.headers.host !== undefined && HOST_HEADER.test(req.headers.host) ? req.headers.host : localAddress;
    const layout = options.layout();
    const secure = (req.socket as TLSSocket).encrypted === true;
    const connection = { ...layout.connection, url: `${secure ? "wss" : "ws"}://${host}` };
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      // The device page is served from another port: a cross-origin read it must be allowed.
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : JSON.stringify({ ...layout, connection }));
  };

  let handleRelayRequest: (req: IncomingMessage, res: ServerResponse) => boolean = () => false;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://demo").pathname;
    if ((req.method === "GET" || req.method === "HEAD") && timingSafeEqual(digest(path), expected)) {
      serveLayout(req, res);
      return;
    }
    if (handleRelayRequest(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("carter demo relay: connect with a WebSocket\n");
  });
  const listening = options.tls ? bothProtocols(server, options.tls) : server;
  await new Promise<void>((resolve, reject) => {
    listening.once("error", reject);
    listening.listen(options.port, options.host, () => {
      listening.off("error", reject);
      resolve();
    });
  });
  const { port } = listening.address() as AddressInfo;
  localAddress = `${localHost}:${port}`;
  const relay = await startRelay({
    server,
    authToken: options.token,
    // Admission is the token's job: a LAN phone's page origin (any of this machine's addresses, at
    // the device port) cannot be listed up front, and no ambient credential rides a WebSocket here.
    allowedOrigins: ["*"],
    logLevel: "silent",
  });
  handleRelayRequest = relay.handleRequest;

  let closing: Promise<void> | null = null;
  return {
    url: `ws://${localAddress}`,
    port,
    layoutPath,
    close() {
      closing ??= (async () => {
        await relay.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => {
          listening.close(() => resolve());
          if (listening !== server) server.close();
        });
      })();
      return closing;
    },
  };
}

/**
 * One port for plain and TLS connections: a TLS client's first byte is a handshake record (0x16),
 * which no HTTP request starts with. TLS connections are decrypted by an HTTPS server that hands
 * requests and WebSocket upgrades to the plain server's listeners.
 */
function bothProtocols(
  plain: ReturnType<typeof createServer>,
  tls: { cert: string; key: string },
): NetServer {
  const secure = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) =>
    plain.emit("request", req, res),
  );
  secure.on("upgrade", (req, socket, head) => plain.emit("upgrade", req, socket, head));
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  front.on("close", () => {
    for (const socket of sockets) socket.destroy();
    secure.close();
  });
  return front;
}
