import {
  createE2ee,
  E2eeError,
  encodeFrame,
  isEnvelope,
  isFailedReply,
  newId,
  parseFrame,
  RelayVerb,
  ServerFrame,
  type E2eeSession,
  type InboundFrame,
  type JsonObject,
  type RosterEntry,
} from "@carter/protocol";
import { Backoff } from "./backoff.js";
import { CredentialRejectedError, CredentialRevokedError } from "./device-credential.js";
import { expectsSealedReply, mustBeSealed, sealOutgoing } from "./e2ee-policy.js";
import { isSealedNotification, openSealedNotification } from "./sealed-notification.js";
import { TypedEmitter } from "./emitter.js";
import { DisconnectedError, NotConnectedError, RequestFailedError, RequestTimeoutError } from "./errors.js";
import { HandlerPool } from "./handler-pool.js";
import { completeLogger, safeUrl, type Logger } from "./logger.js";
import { OfflineBuffer } from "./offline-buffer.js";
import { buildIdentify, validateOptions, type MeshClientOptions } from "./options.js";
import { OPEN, resolveWebSocket, type WebSocketLike } from "./websocket.js";

/**
 * `idle` never started (or gave up with reconnect off) · `connecting` dialing or waiting to redial ·
 * `awaiting` socket open, identify sent · `ready` admitted · `parked` open but not admitted within
 * the admission timeout · `closed` after `close()`.
 */
export type ClientState = "idle" | "connecting" | "awaiting" | "ready" | "parked" | "closed";

export interface ClientEvents {
  /** Each admission, with the relay's `welcome` payload. */
  ready: { id: string; name: string };
  /** An admitted link dropped (never fired for attempts that were not admitted). */
  disconnect: { code: number; reason: string };
  /** A redial is scheduled after `delayMs`. */
  reconnecting: { delayMs: number; attempt: number };
  /** Socket open but no `welcome` within the admission timeout; still waiting on the same socket. */
  parked: { waitedMs: number };
  state: ClientState;
  /** Something went wrong that the client survived: failed attempt, keepalive death, handler error. */
  error: Error;
}

/** A handler gets the (opened) payload; its return value, unless `undefined`, is sent as the reply. */
export type Handler<P = unknown> = (payload: P, frame: InboundFrame) => unknown;

export type RouteTarget = string | { id: string } | { name: string };

export interface RequestOptions {
  /** Milliseconds to wait for the reply. Default: the client's `requestTimeoutMs` (5000). */
  timeout?: number;
}

/** What the client dropped, and why. */
export interface ClientStats {
  invalidFrames: number;
  strayReplies: number;
  undecryptable: number;
  plaintextDropped: number;
  /** Our own broadcasts a relay fanned back to us (the reference relay includes the sender). */
  ownEchoes: number;
  handlerOverflow: number;
  offlineEvicted: number;
}

interface Link {
  socket: WebSocketLike;
  admitted: boolean;
  sealer: E2eeSession | null;
  /**
   * `broadcast_request` payloads as written (`null` once echoed, or when the relay is known not to
   * echo), by frame id, until the relay's receipt (`{status:"sent"}` or a failure) replies to them.
   * A relay that fans out to the sender too (the reference relay does) delivers that echo before the
   * receipt, so a broadcast equal to one of these is our own.
   */
  unreceipted: Map<string, string | null>;
  /**
   * Whether this relay fans our broadcasts back to us: unknown (`null`) until the first successful
   * receipt, which arrives after the echo if there is one. Ours never echoes, and once that is
   * known inbound broadcasts are no longer compared with ours.
   */
  relayEchoes: boolean | null;
  admissionTimer: ReturnType<typeof setTimeout> | null;
  /** Parked with a credential: the token was refreshed and identify sent again once. */
  reidentified: boolean;
  keepaliveTimer: ReturnType<typeof setInterval> | null;
  pingOutstanding: boolean;
  closed: Promise<void>;
}

interface Pending {
  type: string;
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  sealed: boolean;
}

const CLIENT_CLOSE_CODE = 1000;
/** The gateway closed the socket because its token was revoked. */
const REVOKED_CLOSE_CODE = 4403;
/** After a refresh failed for a passing reason, the next try waits at least this long. */
const REFRESH_RETRY_MS = 60_000;
const KEEPALIVE_CLOSE_CODE = 4000;
const CLOSE_WAIT_MS = 5000;
const QUEUED_HANDLERS_PER_SLOT = 16;
/** Broadcasts remembered while awaiting their receipt, bounded for relays that never send one. */
const MAX_UNRECEIPTED = 256;
/** Where the payload starts in an encoded `broadcast_request` frame (ids are `newId()` UUIDs). */
const BROADCAST_PAYLOAD_AT = `{"id":"${"0".repeat(36)}","type":"${RelayVerb.BROADCAST_REQUEST}","payload":`
  .length;
const NO_REPLY_TO_LENGTH = `,"reply_to":null}`.length;

/**
 * A MeshSocket client for Node and browsers: admission, automatic reconnect, request/reply,
 * routed RPC, handlers, keepalive, an optional offline buffer and transparent E2EE v2.
 */
export class MeshClient {
  readonly name: string;
  readonly events: {
    on<K extends keyof ClientEvents>(event: K, fn: (value: ClientEvents[K]) => void): () => void;
  };
  readonly stats: ClientStats = {
    invalidFrames: 0,
    strayReplies: 0,
    undecryptable: 0,
    plaintextDropped: 0,
    ownEchoes: 0,
    handlerOverflow: 0,
    offlineEvicted: 0,
  };

  private readonly options: MeshClientOptions;
  private readonly log: Logger;
  private readonly emitter: TypedEmitter<ClientEvents>;
  private readonly handlers = new Map<string, Handler<never>>();
  private readonly builtins = new Map<string, Handler<never>>();
  private readonly frameListeners = new Set<(frame: InboundFrame) => void>();
  private readonly pending = new Map<string, Pending>();
  private readonly pool: HandlerPool;
  private readonly buffer: OfflineBuffer;
  private readonly backoff: Backoff | null;
  private readonly opener: E2eeSession | null;
  private readonly strict: boolean;
  private readonly admissionTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly keepalive: { intervalMs: number; timeoutMs: number } | null;
  private readonly startedAt = Date.now();

  private _id: string | null = null;
  private _state: ClientState = "idle";
  private link: Link | null = null;
  private running = false;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readyWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private currentToken: string | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private _fault: Error | null = null;
  private _account: string | null = null;

  constructor(options: MeshClientOptions) {
    validateOptions(options);
    this.options = { ...options };
    this.currentToken = options.token;
    this.name = options.name;
    this.log = completeLogger(options.logger);
    this.emitter = new TypedEmitter<ClientEvents>((event, err) =>
      this.log.error(`listener for "${event}" threw`, { error: String(err) }),
    );
    this.events = { on: (event, fn) => this.emitter.on(event, fn) };
    const maxInflight = options.maxInflightHandlers ?? 64;
    this.pool = new HandlerPool(maxInflight, maxInflight * QUEUED_HANDLERS_PER_SLOT, () => {
      this.stats.handlerOverflow++;
      this.log.warn("inbound frame dropped: too many handlers in flight", {
        dropped: this.stats.handlerOverflow,
      });
    });
    this.buffer = new OfflineBuffer(options.offlineBuffer ?? 0);
    this.backoff = options.reconnect === false ? null : new Backoff(options.reconnect ?? {});
    this.opener = options.e2ee ? createE2ee(options.e2ee.key, options.e2ee.mode) : null;
    this.strict = options.e2ee ? options.e2ee.strict !== false : false;
    this.admissionTimeoutMs = options.admissionTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.keepalive =
      options.keepalive === false
        ? null
        : {
            intervalMs: options.keepalive?.intervalMs ?? 30_000,
            timeoutMs: options.keepalive?.timeoutMs ?? 10_000,
          };

    this.builtins.set("ping", () => "pong");
    this.builtins.set("handshake", (payload: unknown) => {
      const t = Number((payload as { t?: unknown } | null)?.t);
      return { server_id: this._id, l: Number.isFinite(t) ? Date.now() / 1000 - t : null };
    });
    this.builtins.set("status_request", () => ({
      name: this.name,
      id: this._id,
      status: "online",
      uptime: (Date.now() - this.startedAt) / 1000,
      memory_usage: "unknown",
    }));
  }

  /** The relay-assigned id from the latest `welcome`; `null` before the first admission. */
  get id(): string | null {
    return this._id;
  }

  get state(): ClientState {
    return this._state;
  }

  /**
   * The Connect+ account this client was admitted into: a gateway welcomes it under the account
   * namespace (`<digits>.<name>`), and the digits are the token's `acct`. Null on an open relay
   * and before the first admission (what `get-connection-status` reports as `account`).
   */
  get account(): string | null {
    return this._account;
  }

  /** Why the client stopped on its own (a rejected or revoked credential); null otherwise. */
  get fault(): Error | null {
    return this._fault;
  }

  /** Starts connecting (with reconnects) and resolves on the first admission. */
  connect(): Promise<void> {
    if (this._state === "closed") return Promise.reject(new NotConnectedError("client is closed"));
    if (this._state === "ready") return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (!this.running) {
      this.running = true;
      this.attempts = 0;
      void this.dial();
      this.scheduleRefresh();
    }
    return ready;
  }

  /** Stops for good: fails pending requests, closes the socket (waiting up to 5 s for the close handshake). */
  async close(): Promise<void> {
    if (this._state === "closed") return;
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    const link = this.link;
    if (link) this.linkDown(link, CLIENT_CLOSE_CODE, "client closed");
    this.setState("closed");
    this.rejectReadyWaiters(new DisconnectedError("client closed"));
    this.pool.clearQueue();
    if (link) {
      try {
        link.socket.close(CLIENT_CLOSE_CODE, "client closed");
      } catch {
        link.socket.terminate?.();
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<"timeout">(
        (resolve) => (timer = setTimeout(() => resolve("timeout"), CLOSE_WAIT_MS)),
      );
      if ((await Promise.race([link.closed, timedOut])) === "timeout") link.socket.terminate?.();
      clearTimeout(timer);
    }
  }

  /** Registers the handler for inbound frames of `type` (one per type; the last registration wins). */
  on<P = unknown>(type: string, handler: Handler<P>): this {
    this.handlers.set(type, handler as Handler<never>);
    return this;
  }

  /** Removes the handler for `type` (only if it is `handler`, when given). */
  off(type: string, handler?: Handler<never>): this {
    if (handler === undefined || this.handlers.get(type) === handler) this.handlers.delete(type);
    return this;
  }

  /** Sees every inbound frame after decryption (and after strict-mode filtering). Returns an unsubscribe. */
  onFrame(listener: (frame: InboundFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => {
      this.frameListeners.delete(listener);
    };
  }

  /**
   * Sends a frame and returns its id. Not admitted: queued when an offline buffer is configured,
   * else throws `NotConnectedError`.
   */
  send(type: string, payload: unknown = null, replyTo: string | null = null): string {
    const id = newId();
    const link = this.readyLink();
    if (link) {
      this.write(link, id, type, payload, replyTo);
      return id;
    }
    if (this.buffer.capacity === 0) throw new NotConnectedError();
    const evicted = this.buffer.push({ id, type, payload, replyTo });
    if (evicted) {
      this.stats.offlineEvicted++;
      this.log.warn("offline buffer full: oldest frame evicted", {
        type: evicted.type,
        evicted: this.stats.offlineEvicted,
      });
    }
    return id;
  }

  /** Exact alias of `send`. */
  emit(type: string, payload: unknown = null, replyTo: string | null = null): string {
    return this.send(type, payload, replyTo);
  }

  /** Fans an app payload `{msg_type, ...data}` out to the channel (`msg_type` always wins). */
  broadcast(msgType: string, data: Record<string, unknown> = {}): string {
    const payload: Record<string, unknown> = { msg_type: msgType, ...data };
    payload.msg_type = msgType;
    return this.send(RelayVerb.BROADCAST_REQUEST, payload);
  }

  /**
   * Sends a frame and resolves with the payload of the frame replying to it. Rejects with
   * `RequestTimeoutError`, `DisconnectedError`, `RequestFailedError` (a `{error, status}` reply) or
   * `NotConnectedError` (not admitted; requests are never buffered).
   */
  request<T = unknown>(type: string, payload: unknown = null, options: RequestOptions = {}): Promise<T> {
    const link = this.readyLink();
    if (!link) return Promise.reject(new NotConnectedError());
    const timeoutMs = options.timeout ?? this.requestTimeoutMs;
    const id = newId();
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(type, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, {
        type,
        resolve: resolve as (payload: unknown) => void,
        reject,
        timer,
        sealed: this.opener !== null && expectsSealedReply(type),
      });
    });
    try {
      this.write(link, id, type, payload, null);
    } catch (err) {
      this.settle(id)?.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return reply;
  }

  /**
   * Routed RPC (`route_msg`): resolves with the target's reply payload. A string target is a name.
   * By name needs a relay that resolves `target_name` here (ours does; the reference relay
   * routes `route_msg` by `target_id` only and answers "Target not found"): use `{id}` from
   * `nodes()` to reach any relay.
   */
  route<T = unknown>(
    target: RouteTarget,
    type: string,
    payload: unknown = null,
    options: RequestOptions = {},
  ): Promise<T> {
    let wrapper: Record<string, unknown>;
    try {
      wrapper = { ...routeAddress(target), type, payload };
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.request<T>(RelayVerb.ROUTE_MSG, wrapper, options);
  }

  /**
   * Fire-and-forget routed message (`route_msg_noreply`); returns the frame id. The reference
   * relay routes it by `target_name` only, so `{id}` needs ours.
   */
  routeNoReply(target: RouteTarget, type: string, payload: unknown = null): string {
    return this.send(RelayVerb.ROUTE_MSG_NOREPLY, { ...routeAddress(target), type, payload });
  }

  /** The channel roster via `get_nodes` (empty unless the client may monitor). */
  async nodes(options: RequestOptions = {}): Promise<RosterEntry[]> {
    const reply = await this.request<unknown>(RelayVerb.GET_NODES, {}, options);
    const clients = (reply as { clients?: unknown } | null)?.clients;
    if (!Array.isArray(clients)) throw new RequestFailedError("get_nodes reply has no clients array", reply);
    return clients.filter(
      (c): c is RosterEntry =>
        typeof c === "object" && c !== null && typeof (c as RosterEntry).id === "string",
    );
  }

  // ── connection lifecycle ────────────────────────────────────────────────────────────────────

  private async dial(): Promise<void> {
    this.reconnectTimer = null;
    if (!this.running) return;
    this.setState("connecting");
    this.attempts++;
    const credential = this.options.credential;
    if (credential !== undefined) {
      try {
        this.currentToken = await credential.token("connect");
      } catch (err) {
        if (this.stopOnCredentialFault(err)) return;
        this.reportError(`device token refresh failed: ${String(err)}`);
        this.scheduleRedial();
        return;
      }
      if (!this.running) return;
    }
    let socket: WebSocketLike;
    try {
      const Ctor = await resolveWebSocket(this.options.WebSocket);
      if (!this.running) return;
      socket = new Ctor(this.options.url);
      socket.binaryType = "arraybuffer";
    } catch (err) {
      this.reportError(`cannot open a WebSocket to ${safeUrl(this.options.url)}: ${String(err)}`);
      this.scheduleRedial();
      return;
    }
    let markClosed!: () => void;
    const link: Link = {
      socket,
      admitted: false,
      sealer: null,
      unreceipted: new Map(),
      relayEchoes: null,
      admissionTimer: null,
      reidentified: false,
      keepaliveTimer: null,
      pingOutstanding: false,
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    this.link = link;
    socket.addEventListener("open", () => this.onOpen(link));
    socket.addEventListener("message", (event: { data: unknown }) => this.onMessage(link, event.data));
    socket.addEventListener("close", (event: { code?: number; reason?: string }) => {
      markClosed();
      this.linkDown(link, event.code ?? 1006, event.reason ?? "");
    });
    socket.addEventListener("error", () => {
      // The close event that follows carries the outcome; the error event itself has no detail.
    });
  }

  private onOpen(link: Link): void {
    if (this.link !== link) return;
    this.setState("awaiting");
    link.sealer = this.options.e2ee ? createE2ee(this.options.e2ee.key, this.options.e2ee.mode) : null;
    this.sendIdentify(link);
    link.admissionTimer = setTimeout(() => {
      link.admissionTimer = null;
      if (this.link !== link || link.admitted) return;
      this.setState("parked");
      this.log.warn("not admitted within the admission timeout: parked, still waiting for welcome", {
        url: safeUrl(this.options.url),
        waitedMs: this.admissionTimeoutMs,
      });
      this.emitter.emit("parked", { waitedMs: this.admissionTimeoutMs });
      if (this.options.credential !== undefined && !link.reidentified) this.reidentify(link);
    }, this.admissionTimeoutMs);
  }

  private sendIdentify(link: Link): void {
    const identify = {
      id: newId(),
      type: RelayVerb.IDENTIFY,
      payload: buildIdentify({ ...this.options, token: this.currentToken }),
      reply_to: null,
    };
    link.socket.send(encodeFrame(identify));
  }

  /** Parked: a gateway parks an expired or revoked token; refresh it and identify again on this socket. */
  private reidentify(link: Link): void {
    link.reidentified = true;
    this.options.credential!.refresh("connect").then(
      (token) => {
        this.currentToken = token;
        if (this.link === link && !link.admitted && link.socket.readyState === OPEN) this.sendIdentify(link);
      },
      (err: unknown) => {
        if (!this.stopOnCredentialFault(err)) this.reportError(`device token refresh failed: ${String(err)}`);
      },
    );
  }

  /** Refreshes the device token on the credential's schedule while the client runs. */
  private scheduleRefresh(delayMs?: number): void {
    const credential = this.options.credential;
    if (credential === undefined || !this.running) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      credential.refresh("loop").then(
        (token) => {
          this.currentToken = token;
          this.scheduleRefresh();
        },
        (err: unknown) => {
          if (this.stopOnCredentialFault(err)) return;
          this.reportError(`device token refresh failed: ${String(err)}`);
          this.scheduleRefresh(Math.max(REFRESH_RETRY_MS, credential.nextRefreshInMs()));
        },
      );
    }, delayMs ?? credential.nextRefreshInMs());
  }

  /** A rejected or revoked credential stops the client for good (no reconnect); true if it was one. */
  private stopOnCredentialFault(err: unknown): boolean {
    if (!(err instanceof CredentialRejectedError || err instanceof CredentialRevokedError)) return false;
    if (this._state === "closed") return true;
    this._fault = err;
    this.log.error(`stopping: ${err.message}`, { url: safeUrl(this.options.url) });
    this.emitter.emit("error", err);
    this.rejectReadyWaiters(err);
    void this.close();
    return true;
  }

  private admit(link: Link, welcome: unknown): void {
    const w = (typeof welcome === "object" && welcome !== null ? welcome : {}) as {
      id?: unknown;
      name?: unknown;
    };
    if (typeof w.id === "string") this._id = w.id;
    const namespaced = typeof w.name === "string" ? /^([0-9]{1,32})\.(.+)$/.exec(w.name) : null;
    this._account = namespaced !== null && namespaced[2] === this.name ? namespaced[1] : null;
    link.admitted = true;
    if (link.admissionTimer) clearTimeout(link.admissionTimer);
    link.admissionTimer = null;
    this.backoff?.reset();
    this.attempts = 0;
    this.setState("ready");
    for (const frame of this.buffer.drain())
      this.write(link, frame.id, frame.type, frame.payload, frame.replyTo);
    this.startKeepalive(link);
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    this.emitter.emit("ready", { id: this._id ?? "", name: typeof w.name === "string" ? w.name : this.name });
  }

  /** Tears down a link's state once (later events from that socket are ignored), then redials. */
  private linkDown(link: Link, code: number, reason: string): void {
    if (this.link !== link) return;
    this.link = null;
    if (link.admissionTimer) clearTimeout(link.admissionTimer);
    if (link.keepaliveTimer) clearInterval(link.keepaliveTimer);
    link.admissionTimer = null;
    link.keepaliveTimer = null;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new DisconnectedError());
    this.pool.clearQueue();
    // Revoked while connected: the next dial refreshes, which tells a revoked device from a revoked token.
    if (code === REVOKED_CLOSE_CODE) this.options.credential?.expire();
    if (link.admitted) {
      this.emitter.emit("disconnect", { code, reason });
    } else if (this.running) {
      this.reportError(
        `connection to ${safeUrl(this.options.url)} closed before admission (code ${code}${reason ? `, ${reason}` : ""})`,
      );
    }
    if (!this.running) return;
    this.scheduleRedial();
  }

  private scheduleRedial(): void {
    if (!this.backoff) {
      this.running = false;
      this.setState("idle");
      this.rejectReadyWaiters(new DisconnectedError("connection lost and reconnect is disabled"));
      return;
    }
    const delayMs = this.backoff.next();
    this.setState("connecting");
    this.emitter.emit("reconnecting", { delayMs, attempt: this.attempts + 1 });
    this.reconnectTimer = setTimeout(() => void this.dial(), delayMs);
  }

  /** Abandons a link known to be dead without waiting for a close handshake that may never come. */
  private kill(link: Link, code: number, reason: string): void {
    this.linkDown(link, code, reason);
    if (link.socket.terminate) {
      link.socket.terminate();
    } else {
      try {
        link.socket.close(code, reason);
      } catch {
        // Already closing: nothing more to do, the link is detached.
      }
    }
  }

  private startKeepalive(link: Link): void {
    const keepalive = this.keepalive;
    if (!keepalive) return;
    link.keepaliveTimer = setInterval(() => {
      if (this.link !== link || link.pingOutstanding) return;
      link.pingOutstanding = true;
      this.request(RelayVerb.PING, null, { timeout: keepalive.timeoutMs }).then(
        () => {
          link.pingOutstanding = false;
        },
        (err: unknown) => {
          link.pingOutstanding = false;
          if (err instanceof RequestTimeoutError && this.link === link) {
            this.reportError(`no pong within ${keepalive.timeoutMs} ms: link presumed dead, reconnecting`);
            this.kill(link, KEEPALIVE_CLOSE_CODE, "keepalive timeout");
          }
        },
      );
    }, keepalive.intervalMs);
  }

  // ── inbound ─────────────────────────────────────────────────────────────────────────────────

  private onMessage(link: Link, data: unknown): void {
    if (this.link !== link) return;
    const parsed = parseFrame(data, { acceptBinary: true });
    if (!parsed.ok) {
      this.stats.invalidFrames++;
      this.log.debug("invalid inbound frame ignored", { reason: parsed.error.message });
      return;
    }
    const frame = parsed.frame;

    if (!link.admitted) {
      // Pre-admission only the relay speaks, and only `welcome` matters.
      if (frame.type === ServerFrame.WELCOME && frame.reply_to === null) {
        this.notifyFrame(frame);
        this.admit(link, frame.payload);
      }
      return;
    }

    if (
      frame.reply_to === null &&
      frame.type === ServerFrame.BROADCAST &&
      this.isOwnEcho(link, frame.payload)
    ) {
      this.stats.ownEchoes++;
      return;
    }
    const pending = frame.reply_to !== null ? this.pending.get(frame.reply_to) : undefined;
    if (this.opener && !this.openPayload(link, frame, pending)) return;
    this.notifyFrame(frame);

    if (frame.reply_to !== null) {
      const wasBroadcast = this.receipt(link, frame.reply_to, frame.payload);
      if (!pending) {
        if (wasBroadcast) {
          if (isFailedReply(frame.payload))
            this.reportError(`broadcast refused by the relay: ${frame.payload.error}`);
          return;
        }
        this.stats.strayReplies++;
        this.log.debug("stray reply dropped", { type: frame.type });
        return;
      }
      this.settle(frame.reply_to);
      if (isFailedReply(frame.payload))
        pending.reject(new RequestFailedError(frame.payload.error, frame.payload));
      else pending.resolve(frame.payload);
      return;
    }

    // A `welcome` after admission can only be a peer's forgery routed to us: never honour it.
    if (frame.type === ServerFrame.WELCOME) return;
    const handler = this.handlers.get(frame.type) ?? this.builtins.get(frame.type);
    if (!handler) return;
    this.pool.run(() => this.runHandler(link, frame, handler));
  }

  /**
   * Whether a broadcast is the relay echoing one of ours back (seeds: broadcasts reach every
   * *other* member; the reference relay includes the sender). A sealed echo is recognised by
   * its envelope alone; a peer's byte-identical plaintext payload crossing ours in flight is
   * taken for the echo, which only drops a duplicate of what we just announced.
   */
  private isOwnEcho(link: Link, payload: unknown): boolean {
    if (link.relayEchoes === false || link.unreceipted.size === 0) return false;
    const json = JSON.stringify(payload);
    for (const [id, sent] of link.unreceipted) {
      if (sent === json) {
        link.unreceipted.set(id, null);
        return true;
      }
    }
    return false;
  }

  /**
   * Forgets the broadcast a reply receipts, if it is one; the first successful receipt tells
   * whether the relay echoes (the echo, if any, came first).
   */
  private receipt(link: Link, replyTo: string, payload: unknown): boolean {
    const awaitingEcho = link.unreceipted.get(replyTo);
    if (awaitingEcho === undefined) return false;
    link.unreceipted.delete(replyTo);
    if (link.relayEchoes === null && !isFailedReply(payload)) link.relayEchoes = awaitingEcho === null;
    return true;
  }

  /** Opens an enveloped payload in place; false when the frame must be dropped. */
  private openPayload(link: Link, frame: InboundFrame, pending: Pending | undefined): boolean {
    const payload = frame.payload;
    if (isEnvelope(payload)) {
      if ((payload as { s?: unknown }).s === link.sealer?.salt) {
        this.stats.ownEchoes++;
        return false;
      }
      try {
        frame.payload = this.opener!.open(payload);
        return true;
      } catch (err) {
        this.stats.undecryptable++;
        this.log.warn("undecryptable e2ee envelope dropped", {
          type: frame.type,
          reason: err instanceof E2eeError ? err.code : String(err),
          dropped: this.stats.undecryptable,
        });
        return false;
      }
    }
    if (this.opener!.mode === "room" && isSealedNotification(frame)) {
      try {
        frame.payload = openSealedNotification(frame.payload as JsonObject, (enc) => this.opener!.open(enc));
        return true;
      } catch (err) {
        this.stats.undecryptable++;
        this.log.warn("undecryptable sealed notification dropped", {
          reason: err instanceof E2eeError ? err.code : String(err),
          dropped: this.stats.undecryptable,
        });
        return false;
      }
    }
    if (this.strict && mustBeSealed(frame, pending?.sealed)) {
      this.stats.plaintextDropped++;
      this.log.warn("plaintext app frame dropped in strict e2ee session", {
        type: frame.type,
        dropped: this.stats.plaintextDropped,
      });
      return false;
    }
    return true;
  }

  private notifyFrame(frame: InboundFrame): void {
    for (const listener of this.frameListeners) {
      try {
        listener(frame);
      } catch (err) {
        this.log.error("onFrame listener threw", { error: String(err) });
      }
    }
  }

  private async runHandler(link: Link, frame: InboundFrame, handler: Handler<never>): Promise<void> {
    let result: unknown;
    try {
      result = await (handler as Handler<unknown>)(frame.payload, frame);
    } catch (err) {
      this.log.error(`handler for "${frame.type}" threw`, {
        error: err instanceof Error ? err.message : String(err),
      });
      this.emitter.emit("error", err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (result === undefined || frame.id === null) return;
    // A reply belongs to the link the request came in on; after a reconnect its id means nothing.
    if (this.link !== link || this.readyLink() !== link) return;
    try {
      this.write(link, newId(), frame.type, result, frame.id);
    } catch (err) {
      this.log.error(`reply to "${frame.type}" could not be sent`, { error: String(err) });
    }
  }

  // ── outbound ────────────────────────────────────────────────────────────────────────────────

  private readyLink(): Link | null {
    const link = this.link;
    return link && link.admitted && link.socket.readyState === OPEN ? link : null;
  }

  private write(link: Link, id: string, type: string, payload: unknown, replyTo: string | null): void {
    const sealer = link.sealer;
    const wirePayload = sealer ? sealOutgoing(type, payload, (p) => sealer.seal(p)) : payload;
    const encoded = encodeFrame({ id, type, payload: wirePayload, reply_to: replyTo });
    link.socket.send(encoded);
    if (type === RelayVerb.BROADCAST_REQUEST && replyTo === null) {
      link.unreceipted.set(
        id,
        link.relayEchoes === false
          ? null
          : encoded.slice(BROADCAST_PAYLOAD_AT, encoded.length - NO_REPLY_TO_LENGTH),
      );
      if (link.unreceipted.size > MAX_UNRECEIPTED)
        link.unreceipted.delete(link.unreceipted.keys().next().value!);
    }
  }

  private settle(id: string): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  private setState(state: ClientState): void {
    if (this._state === state) return;
    this._state = state;
    this.emitter.emit("state", state);
  }

  private rejectReadyWaiters(error: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private reportError(message: string): void {
    this.log.warn(message);
    this.emitter.emit("error", new Error(message));
  }
}

function routeAddress(target: RouteTarget): { target_id: string } | { target_name: string } {
  if (typeof target === "string" && target.length > 0) return { target_name: target };
  if (typeof target === "object" && target !== null) {
    if ("id" in target && typeof target.id === "string" && target.id.length > 0)
      return { target_id: target.id };
    if ("name" in target && typeof target.name === "string" && target.name.length > 0)
      return { target_name: target.name };
  }
  throw new TypeError("route target must be a name, {id} or {name} with a non-empty string");
}
