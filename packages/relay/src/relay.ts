import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { pino, type Logger } from "pino";
import type { Registry } from "prom-client";
import { WebSocketServer } from "ws";
import { openAuth, tokenAuth } from "./auth.js";
import { MemoryBackplane, type Backplane } from "./backplane.js";
import { RelayMetrics } from "./metrics.js";
import { isLoopback, normalizeAddress, OriginPolicy } from "./network.js";
import { DEFAULTS, type RelayOptions } from "./options.js";
import { RelayCore } from "./relay-core.js";

/** How long shutdown waits for clients to acknowledge 1001 before destroying their sockets. */
const SHUTDOWN_GRACE_MS = 3000;

export interface RelayStats {
  /** Open sockets, identified or not. */
  connections: number;
  /** Members admitted through this relay. */
  members: number;
  /** Sockets that have not finished identifying. */
  pending: number;
  /** Sockets admission parked (open, outside the mesh). */
  parked: number;
}

export interface RunningRelay {
  /** `ws://host:port` to connect to. */
  readonly url: string;
  /** The bound port; still readable after `close()`, so a restart can reuse it. */
  readonly port: number;
  readonly host: string;
  /** This relay's Prometheus registry (also served at `/metrics`). */
  readonly metrics: Registry;
  readonly backplane: Backplane;
  readonly logger: Logger;
  stats(): RelayStats;
  /** Serves `GET /healthz` and `GET /metrics`; false for any other request. For relays attached to a `server`. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Closes every client with 1001, stops listening (if it owns the server) and resolves when done. */
  close(): Promise<void>;
}

function defaultLogger(level: string): Logger {
  return pino(
    { name: "carter-relay", level, redact: ["token", "auth_token", "*.token", "*.auth_token"] },
    pino.destination(2),
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Starts a MeshSocket relay. Resolves once it accepts connections. */
export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const logger = options.logger ?? defaultLogger(options.logLevel ?? DEFAULTS.logLevel);
  const backplane: Backplane = options.backplane ?? new MemoryBackplane();
  const host = options.host ?? DEFAULTS.host;
  const open = options.auth === undefined && !options.authToken;
  const auth = options.auth ?? (options.authToken ? tokenAuth(options.authToken) : openAuth);
  const maxSize = options.maxSize ?? DEFAULTS.maxSize;

  let core: RelayCore | null = null;
  const metrics = new RelayMetrics(() => ({
    connections: core?.connections.size ?? 0,
    members: core?.memberCount ?? 0,
    parked: core?.parkedCount ?? 0,
  }));
  core = new RelayCore(
    {
      auth,
      origins: new OriginPolicy(
        options.allowedOrigins ?? DEFAULTS.allowedOrigins,
        options.allowedOrigins === undefined,
      ),
      trustedProxies: new Set((options.trustedProxies ?? []).map(normalizeAddress)),
      maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
      maxPendingPerIp: options.maxPendingPerIp ?? DEFAULTS.maxPendingPerIp,
      rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
      routeTimeoutMs: options.routeTimeoutMs ?? DEFAULTS.routeTimeoutMs,
      authTimeoutMs: options.authTimeoutMs ?? DEFAULTS.authTimeoutMs,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULTS.keepaliveIntervalMs,
      sendBufferLimit: options.sendBufferLimit ?? DEFAULTS.sendBufferLimit,
    },
    backplane,
    metrics,
    logger,
  );
  const relayCore = core;
  backplane.registerMetrics?.(metrics.registry);

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: maxSize,
    clientTracking: false,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (options.path !== undefined && new URL(req.url ?? "/", "http://relay").pathname !== options.path)
      return;
    wss.handleUpgrade(req, socket, head, (ws) => relayCore.accept(ws, req));
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? "/", "http://relay").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === "/healthz") {
      const backplaneHealth = backplane.health?.();
      const status = backplaneHealth?.status ?? "ok";
      const body = JSON.stringify({
        status,
        connections: relayCore.connections.size,
        members: relayCore.memberCount,
        ...(backplaneHealth === undefined ? {} : { backplane: backplaneHealth }),
      });
      res.writeHead(status === "unhealthy" ? 503 : 200, {
        "content-type": "application/json",
        "cache-control": "no-store",
      });
      res.end(body);
      return true;
    }
    if (path === "/metrics") {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": metrics.registry.contentType });
          res.end(text);
        },
        (error: unknown) => {
          logger.error({ err: error }, "metrics collection failed");
          res.writeHead(500).end();
        },
      );
      return true;
    }
    return false;
  };

  const owned = options.server === undefined;
  const server =
    options.server ??
    createServer((req, res) => {
      if (handleRequest(req, res)) return;
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("carter relay: connect with a WebSocket; GET /healthz, GET /metrics\n");
    });
  server.on("upgrade", onUpgrade);

  if (owned) {
    try {
      await listen(server, options.port ?? DEFAULTS.port, host);
    } catch (error) {
      server.off("upgrade", onUpgrade);
      await relayCore.shutdown(0);
      throw error;
    }
  }

  const address = (): AddressInfo | null => {
    const info = server.address();
    return info !== null && typeof info === "object" ? info : null;
  };
  // Remembered once known, so the port still reads after close() (a restart on the same port needs it).
  let knownPort = address()?.port;
  const port = (): number => {
    knownPort = address()?.port ?? knownPort;
    return knownPort ?? options.port ?? 0;
  };
  const boundHost = owned ? host : (address()?.address ?? host);
  if (open && owned && !isLoopback(host)) {
    logger.warn(
      { host: boundHost },
      "relay is reachable from the network with no auth token: anyone who can reach it can join; set MESH_AUTH_TOKEN",
    );
  }

  let closing: Promise<void> | null = null;
  return {
    get url() {
      return `ws://${urlHost(boundHost)}:${port()}${options.path ?? ""}`;
    },
    get port() {
      return port();
    },
    host: boundHost,
    metrics: metrics.registry,
    backplane,
    logger,
    stats: () => ({
      connections: relayCore.connections.size,
      members: relayCore.memberCount,
      pending: relayCore.pendingCount,
      parked: relayCore.parkedCount,
    }),
    handleRequest,
    close() {
      closing ??= (async () => {
        server.off("upgrade", onUpgrade);
        await relayCore.shutdown(SHUTDOWN_GRACE_MS);
        wss.close();
        if (owned) {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
        }
        logger.info("relay stopped");
      })();
      return closing;
    },
  };
}
