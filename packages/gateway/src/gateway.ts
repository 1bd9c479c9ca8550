import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { isLoopback, MemoryBackplane, startRelay, type RelayOptions, type RunningRelay } from "@carter/relay";
import { AlertWatcher } from "./alerts.js";
import { Admission } from "./admission.js";
import { RUNNING_FILE, type RunningMarker } from "./admin.js";
import { GatewayApi } from "./api.js";
import { GatewayMetrics } from "./metrics.js";
import { Notifier } from "./notifier.js";
import { WebPush } from "./push.js";
import { RATE_DEFAULTS, type RateLimits } from "./rate.js";
import { RevocationIndex } from "./revocations.js";
import { RedisCluster } from "./cluster.js";
import { LocalSlots, type SlotCounter } from "./slots.js";
import { openStore } from "./store/drivers.js";
import type { GatewayStore, Revocation } from "./store/store.js";
import { TappedBackplane } from "./tap.js";
import { developmentTls, loadTls, type TlsMaterial } from "./tls.js";
import { KeyRing } from "./tokens.js";

export interface GatewayOptions {
  /** Keeps the embedded database, the development certificate and the admin token. */
  dataDir: string;
  host?: string;
  /** Default 8443; 0 picks a free port. */
  port?: number;
  /** PEM files; without them a development certificate is made in `dataDir/tls`. */
  certFile?: string;
  keyFile?: string;
  /** Serve plain `ws://`/`http://` (no TLS). Refused on a non-loopback host unless `forcePlain`. */
  plain?: boolean;
  forcePlain?: boolean;
  /** `postgres://…` to share state between gateway processes; default the embedded database in `dataDir/db`. */
  database?: string;
  /** An open store to use instead (tests, embedding); the gateway does not close it. */
  store?: GatewayStore;
  /** The operator's credential for the admin endpoints; default read from (or made in) `dataDir/admin-token`. */
  adminToken?: string;
  /** Product that device tokens meter slots against. Default `connect`. */
  product?: string;
  /** Slots a new account gets when none are given. Default 10. */
  defaultSlots?: number;
  /** Device token lifetime. Default 1 h (clients refresh every 40 min). */
  deviceTokenTtlMs?: number;
  /** Longest lifetime any token may have; rotated-out keys verify this long. Default 30 days. */
  maxTokenTtlMs?: number;
  /** How often revocations made by other processes are read from the store. Default 250 ms. */
  revocationPollMs?: number;
  /** Per-connection and per-account rate limits (0 turns one off); the relay's own frame limit applies too. */
  rateLimits?: Partial<RateLimits>;
  /** Relay knobs (rate limit, sizes, origins…); host, port, auth and server are the gateway's. */
  relay?: Omit<RelayOptions, "host" | "port" | "auth" | "authToken" | "server" | "logger">;
  /**
   * `redis://…` shared by every gateway process of a cluster: connection slots counted across all
   * of them, revocations published to all at once. Default: slots per process.
   */
  redis?: string;
  /** With `redis`: how long a slot lease lives unrenewed (a dead process's slots free after it). Default 15 s. */
  slotLeaseMs?: number;
  /**
   * Web Push to offline browsers: the VAPID subject (`mailto:` or `https:` URL the push services may
   * contact) and extra CA certificates to trust for push services. `false` turns Web Push off.
   * Default subject `mailto:gateway@localhost`.
   */
  push?: false | { subject?: string; extraCa?: string };
  /** How often alert rules registered through other processes are read from the store. Default 5 s. */
  alertRulesPollMs?: number;
  /**
   * Extra GET routes served before the API (e.g. the demo's layout): answer and return true, or
   * return false to let the gateway answer.
   */
  routes?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  logger?: Logger;
  logLevel?: string;
}

export interface RunningGateway {
  /** `wss://host:port` (or `ws://` when plain). */
  readonly url: string;
  /** `https://host:port` (or `http://`): the validator API. */
  readonly httpUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly tls: TlsMaterial | null;
  readonly adminToken: string;
  readonly store: GatewayStore;
  readonly keys: KeyRing;
  readonly relay: RunningRelay;
  readonly metrics: GatewayMetrics;
  /** The Redis link of a clustered gateway. */
  readonly cluster: RedisCluster | null;
  /** Web Push (null when turned off): its VAPID public key is what browsers subscribe with. */
  readonly push: WebPush | null;
  /** Sends a notification to the account's devices (online ones on this process, then Web Push). */
  notify: Notifier["deliver"];
  /** Records a revocation and closes the live sockets it covers on this process. */
  revoke(
    revocation: Omit<Revocation, "id" | "createdAtMs">,
  ): Promise<{ revocation: Revocation; closed: number }>;
  /** Stops accepting, closes every socket with 1001, stops polling, closes the store it opened. */
  close(): Promise<void>;
}

export const GATEWAY_DEFAULTS = {
  host: "127.0.0.1",
  port: 8443,
  product: "connect",
  defaultSlots: 10,
  deviceTokenTtlMs: 3_600_000,
  maxTokenTtlMs: 30 * 86_400_000,
  revocationPollMs: 250,
  pushSubject: "mailto:gateway@localhost",
  alertRulesPollMs: 5000,
} as const;

export { NOTIFICATION_MSG_TYPE } from "./notifier.js";

/** Revocations are re-read this far back on every poll: a row committed late still gets seen. */
const POLL_OVERLAP_MS = 5000;

function adminTokenFrom(dataDir: string): string {
  const path = join(dataDir, "admin-token");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const token = `adm_${randomBytes(24).toString("base64url")}`;
  writeFileSync(path, token + "\n", { mode: 0o600 });
  return token;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Starts a Connect+ gateway: TLS, the validator API and a relay admitting by token. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? GATEWAY_DEFAULTS.host;
  if (options.plain && !options.forcePlain && !isLoopback(host))
    throw new Error(`plain ws:// is only served on loopback; ${host} needs TLS (or force plain)`);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logger =
    options.logger ??
    pino(
      {
        name: "carter-gateway",
        level: options.logLevel ?? "info",
        redact: ["token", "auth_token", "refreshToken", "deviceToken", "*.token", "*.refreshToken"],
      },
      pino.destination(2),
    );
  const tls = options.plain
    ? null
    : options.certFile !== undefined || options.keyFile !== undefined
      ? loadTls(requireFile(options.certFile, "--cert"), requireFile(options.keyFile, "--key"))
      : await developmentTls(options.dataDir);
  const adminToken = options.adminToken ?? adminTokenFrom(options.dataDir);
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    (await openStore({ database: options.database, embeddedDir: join(options.dataDir, "db") }));
  let cluster: RedisCluster | null = null;
  let slots: SlotCounter = new LocalSlots();
  const cleanup: (() => Promise<void>)[] = [];
  try {
    if (options.redis !== undefined && options.redis !== "") {
      cluster = await RedisCluster.connect({ url: options.redis, leaseMs: options.slotLeaseMs, logger });
      slots = cluster;
    }
    const sharedSlots = slots;
    const redisLink = cluster;
    const keys = await KeyRing.open(store, options.maxTokenTtlMs ?? GATEWAY_DEFAULTS.maxTokenTtlMs);
    const revocations = new RevocationIndex();
    let admission: Admission | null = null;
    const metrics = new GatewayMetrics({
      members: () => admission?.memberCounts() ?? new Map(),
      slotsUsed: () => sharedSlots.used(),
    });
    admission = new Admission(keys, store, revocations, sharedSlots, metrics, logger, {
      ...RATE_DEFAULTS,
      ...options.rateLimits,
    });
    const enforce = admission;
    const push =
      options.push === false
        ? null
        : await WebPush.open(store, {
            subject: options.push?.subject ?? GATEWAY_DEFAULTS.pushSubject,
            extraCa: options.push?.extraCa,
          });
    if (push !== null) cleanup.push(() => Promise.resolve(push.close()));
    const notifier = new Notifier(enforce, store, push, metrics, logger);
    const alerts = new AlertWatcher((fired) => {
      metrics.alertsFired.labels(fired.account).inc();
      logger.info({ account: fired.account, channel: fired.channel, rule: fired.rule.id }, "alert fired");
      notifier
        .deliver(fired.account, fired.notification)
        .catch((error: unknown) => logger.error({ err: error }, "alert delivery failed"));
    });
    alerts.load(await store.alertRules());
    const rulesTimer = setInterval(() => {
      store.alertRules().then(
        (sets) => alerts.load(sets),
        (error: unknown) => logger.error({ err: error }, "alert rules reload failed"),
      );
    }, options.alertRulesPollMs ?? GATEWAY_DEFAULTS.alertRulesPollMs);
    rulesTimer.unref();
    cleanup.push(() => {
      clearInterval(rulesTimer);
      return Promise.resolve();
    });

    // Everything revoked so far, then whatever other processes revoke, within a poll period.
    let polledAtMs = 0;
    const poll = async () => {
      const now = Date.now();
      const since = polledAtMs === 0 ? 0 : polledAtMs - POLL_OVERLAP_MS;
      for (const revocation of await store.revocations(since, now)) {
        if (revocations.apply(revocation)) enforce.enforce(revocation);
      }
      revocations.prune(now);
      polledAtMs = now;
    };
    await poll();
    redisLink?.onRevocation((revocation) => {
      if (revocations.apply(revocation)) enforce.enforce(revocation);
    });
    let polling = false;
    const pollTimer = setInterval(() => {
      if (polling) return;
      polling = true;
      poll()
        .catch((error: unknown) => logger.error({ err: error }, "revocation poll failed"))
        .finally(() => {
          polling = false;
        });
    }, options.revocationPollMs ?? GATEWAY_DEFAULTS.revocationPollMs);
    pollTimer.unref();
    cleanup.push(() => {
      clearInterval(pollTimer);
      return Promise.resolve();
    });

    const revoke = async (request: Omit<Revocation, "id" | "createdAtMs">) => {
      const revocation = await store.revoke({ ...request, createdAtMs: Date.now() });
      metrics.revocations.labels(revocation.kind).inc();
      revocations.apply(revocation);
      const closed = enforce.enforce(revocation);
      // The other processes hear it now through Redis, or within a poll period from the store.
      await redisLink
        ?.publishRevocation(revocation)
        .catch((error: unknown) => logger.error({ err: error }, "revocation publish failed"));
      logger.info({ account: revocation.account, kind: revocation.kind, closed }, "revoked");
      return { revocation, closed };
    };

    let relay: RunningRelay | null = null;
    const operations = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
      if (relay === null) return false;
      if (options.routes?.(req, res, path) === true) return true;
      if (path === "/metrics") {
        Promise.all([relay.metrics.metrics(), metrics.registry.metrics()]).then(
          ([relayText, gatewayText]) => {
            res.writeHead(200, { "content-type": metrics.registry.contentType });
            res.end(relayText + "\n" + gatewayText);
          },
          (error: unknown) => {
            logger.error({ err: error }, "metrics collection failed");
            res.writeHead(500).end();
          },
        );
        return true;
      }
      if (path === "/healthz") {
        const stats = relay.stats();
        const body = JSON.stringify({ status: "ok", ...stats });
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(body);
        return true;
      }
      return false;
    };
    const api = new GatewayApi({
      store,
      keys,
      metrics,
      logger,
      settings: {
        adminToken,
        product: options.product ?? GATEWAY_DEFAULTS.product,
        defaultSlots: options.defaultSlots ?? GATEWAY_DEFAULTS.defaultSlots,
        deviceTokenTtlMs: options.deviceTokenTtlMs ?? GATEWAY_DEFAULTS.deviceTokenTtlMs,
      },
      revoke,
      notify: (account, notification) => notifier.deliver(account, notification),
      push,
      alertRulesChanged: (account, channel, rules) => alerts.set(account, channel, rules),
      accountChanged: (id) => enforce.forgetAccount(id),
      operations,
    });
    const onRequest = (req: IncomingMessage, res: ServerResponse) => void api.handle(req, res);
    const server: Server =
      tls === null
        ? createHttpServer(onRequest)
        : createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest);
    // Broadcast traffic reaches the alert rules through the backplane: every fan-out passes it.
    const backplane = new TappedBackplane(
      options.relay?.backplane ?? new MemoryBackplane(),
      (sender, data) => alerts.observe(sender.namespace, sender.channel, data),
      (error) => logger.error({ err: error }, "alert rule evaluation failed"),
    );
    relay = await startRelay({
      allowedOrigins: ["*"],
      ...options.relay,
      backplane,
      auth: enforce.hook,
      server,
      logger,
    });
    const runningRelay = relay;
    cleanup.unshift(() => runningRelay.close());
    await listen(server, options.port ?? GATEWAY_DEFAULTS.port, host);
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const scheme = tls === null ? "" : "s";
    const httpUrl = `http${scheme}://${urlHost(host)}:${port}`;
    // Admin commands on this data directory go through this process while it runs (the embedded
    // database takes one process at a time).
    const markerPath = join(options.dataDir, RUNNING_FILE);
    const marker: RunningMarker = { pid: process.pid, httpUrl: reachableUrl(httpUrl) };
    writeFileSync(markerPath, JSON.stringify(marker) + "\n", { mode: 0o600 });
    cleanup.unshift(() => {
      rmSync(markerPath, { force: true });
      return Promise.resolve();
    });
    logger.info({ host, port, tls: tls !== null, fingerprint: tls?.fingerprint }, "gateway listening");

    let closing: Promise<void> | null = null;
    return {
      url: `ws${scheme}://${urlHost(host)}:${port}`,
      httpUrl,
      port,
      dataDir: options.dataDir,
      tls,
      adminToken,
      store,
      keys,
      relay: runningRelay,
      metrics,
      cluster: redisLink,
      push,
      notify: (account, notification) => notifier.deliver(account, notification),
      revoke,
      close() {
        closing ??= (async () => {
          for (const step of cleanup) await step();
          await sharedSlots.close();
          if (ownsStore) await store.close();
          logger.info("gateway stopped");
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    await slots.close().catch(() => undefined);
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
}

function requireFile(path: string | undefined, flag: string): string {
  if (path === undefined) throw new Error(`--cert and --key go together: ${flag} is missing`);
  return path;
}

/** A URL this machine can dial: a wildcard bind address becomes loopback. */
function reachableUrl(url: string): string {
  return url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
}
