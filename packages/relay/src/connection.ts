import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import {
  CloseCode,
  NAMESPACED_NAME_PATTERN,
  parseFrame,
  parseIdentify,
  type Identity,
  type InboundFrame,
} from "@carter/protocol";
import { NAMESPACE_PATTERN, type AdmissionSession, type AuthDecision } from "./auth.js";
import type { MeshMember } from "./backplane.js";
import { canWriteDirect, directWriter, textFrame, type DirectWriter } from "./frame-writer.js";
import type { RelayCore } from "./relay-core.js";

/** Socket lifecycle. Plain numbers keep the per-connection object small and the checks cheap. */
export const State = {
  /** Connected, waiting for `identify`. */
  PENDING: 0,
  /** `identify` received, admission decision outstanding; frames are queued. */
  AUTHORIZING: 1,
  /** Admission parked the socket: open, never in the mesh, frames dropped; a new identify asks again. */
  PARKED: 2,
  /** In the mesh. */
  MEMBER: 3,
  /** Closed or closing: nothing more is processed or sent. */
  CLOSED: 4,
} as const;
type StateValue = (typeof State)[keyof typeof State];

/** Frames a client may send between `identify` and an async admission decision. */
const MAX_QUEUED_BEFORE_ADMISSION = 64;
/** How long a slow consumer gets to take its 1013 close frame before the socket is destroyed. */
const SLOW_CONSUMER_GRACE_MS = 2000;
const TEXT = { binary: false };

function onAuthTimeout(connection: Connection): void {
  if (connection.state === State.PENDING || connection.state === State.AUTHORIZING) {
    connection.reject("auth_timeout", CloseCode.NORMAL, "identify timeout");
  }
}

function destroy(ws: WebSocket): void {
  ws.terminate();
}

/** Applies an account namespace to a name or channel: `porch` → `4410027.porch`. Null if it names another account. */
function qualify(value: string, namespace: string): string | null {
  if (!NAMESPACED_NAME_PATTERN.test(value)) return `${namespace}.${value}`;
  return value.startsWith(`${namespace}.`) ? value : null;
}

/** One client socket: its admission state, identity, rate budget, and delivery with a bounded send buffer. */
export class Connection implements MeshMember {
  id = "";
  name = "";
  channel = "";
  role = "";
  namespace = "";
  canBroadcast = false;
  canRoute = false;
  canMonitor = false;
  canCrossChannelRoute = false;
  globalScope = false;
  state: StateValue = State.PENDING;
  /** Answered the last keepalive ping (or sent anything since). */
  alive = true;
  outstandingRoutes = 0;
  private tokens: number;
  private refilledAt: number;
  private queue: InboundFrame[] | null = null;
  private authTimer: NodeJS.Timeout | null;
  private holdsPendingSlot = true;
  private session: AdmissionSession | null = null;
  /** Null when frames must go through `ws.send` (see frame-writer.ts). */
  private readonly writer: DirectWriter | null;

  constructor(
    readonly relay: RelayCore,
    readonly ws: WebSocket,
    readonly address: string,
  ) {
    this.writer = directWriter(ws);
    this.tokens = relay.rateLimit;
    this.refilledAt = performance.now();
    this.authTimer = setTimeout(onAuthTimeout, relay.authTimeoutMs, this);
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === State.CLOSED) return;
    this.alive = true;
    const relay = this.relay;
    if (relay.rateLimit > 0 && !this.takeToken()) {
      this.reject("rate_limit", CloseCode.POLICY_VIOLATION, "rate limit exceeded");
      return;
    }
    const parsed = parseFrame(isBinary ? data : data.toString(), { acceptBinary: true });
    if (!parsed.ok) {
      if (parsed.error.kind === "too_deep") relay.refuseTooDeep(this, data.toString());
      else relay.metrics.rejected("bad_frame");
      return;
    }
    const frame = parsed.frame;
    switch (this.state) {
      case State.MEMBER:
        if (this.session?.allow !== undefined && frame.reply_to === null && !this.session.allow(frame.type)) {
          relay.refuseLimited(this, frame);
          return;
        }
        relay.dispatch(this, frame);
        return;
      case State.PENDING:
        if (frame.type === "identify") this.identify(frame);
        else relay.metrics.rejected("unauthenticated");
        return;
      case State.AUTHORIZING:
        if (frame.type === "identify") {
          this.reject("reidentify", CloseCode.POLICY_VIOLATION, "already identified");
        } else if (this.queue!.length >= MAX_QUEUED_BEFORE_ADMISSION) {
          this.reject(
            "preadmission_overflow",
            CloseCode.POLICY_VIOLATION,
            "too many frames before admission",
          );
        } else {
          this.queue!.push(frame);
        }
        return;
      case State.PARKED:
        if (frame.type === "identify") {
          relay.parkedCount--;
          this.identify(frame);
        } else {
          relay.metrics.parkedFramesDropped.inc();
        }
        return;
    }
  }

  /**
   * Writes an encoded frame unless the socket is gone or its send buffer is past the limit. The
   * frame goes straight to the socket while `ws` has nothing of its own queued, and through
   * `ws.send` otherwise; either way it lands in the socket's write buffer in call order, where
   * `bufferedAmount` counts it.
   */
  deliver(data: Buffer): void {
    if (this.state !== State.MEMBER) return;
    const ws = this.ws;
    if (ws.bufferedAmount > this.relay.sendBufferLimit) {
      this.dropSlowConsumer();
      return;
    }
    const writer = this.writer;
    if (writer !== null && canWriteDirect(ws, writer.sender))
      this.relay.writes.write(writer, textFrame(data));
    else ws.send(data, TEXT);
  }

  evict(): void {
    this.relay.logger.warn(
      { name: this.name, id: this.id, address: this.address },
      "name reclaimed; evicting the older socket",
    );
    this.close(CloseCode.NORMAL, "name reclaimed by a newer connection");
  }

  /** Counts a rejection and closes. */
  reject(reason: Parameters<RelayCore["metrics"]["rejected"]>[0], code: number, text: string): void {
    this.relay.metrics.rejected(reason);
    this.relay.logger.info(
      { address: this.address, name: this.name || undefined, reason },
      "closing socket: %s",
      text,
    );
    this.close(code, text);
  }

  /** Leaves the mesh at once and starts the close handshake. */
  close(code: number, reason: string): void {
    if (this.state === State.CLOSED) return;
    this.teardown();
    this.ws.close(code, reason);
  }

  /** The socket is gone (or going): release everything it holds. Safe to call twice. */
  teardown(): void {
    if (this.state === State.CLOSED) return;
    const wasMember = this.state === State.MEMBER;
    if (this.state === State.PARKED) this.relay.parkedCount--;
    this.state = State.CLOSED;
    this.queue = null;
    if (this.authTimer !== null) {
      clearTimeout(this.authTimer);
      this.authTimer = null;
    }
    this.releasePendingSlot();
    if (wasMember) {
      this.relay.unregister(this);
      const session = this.session;
      this.session = null;
      session?.ended();
    }
  }

  private takeToken(): boolean {
    const rate = this.relay.rateLimit;
    const now = performance.now();
    const refilled = this.tokens + ((now - this.refilledAt) * rate) / 1000;
    this.tokens = refilled > rate ? rate : refilled;
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private identify(frame: InboundFrame): void {
    this.relay.metrics.frameIn("identify");
    const result = parseIdentify(frame.payload, `Client-${randomUUID().slice(0, 8)}`);
    if (!result.ok) {
      this.reject("bad_identify", CloseCode.POLICY_VIOLATION, result.reason);
      return;
    }
    const identity = result.identity;
    this.state = State.AUTHORIZING;
    let decision: AuthDecision | Promise<AuthDecision>;
    try {
      decision = this.relay.auth(identity.token, this.address, identity);
    } catch (error) {
      this.authFailed(error);
      return;
    }
    if (decision instanceof Promise) {
      this.queue = [];
      decision.then(
        (settled) => {
          // Outside the message handler's guard: a throw here would be an unhandled rejection.
          try {
            this.decide(identity, settled);
          } catch (error) {
            this.relay.internalError(this, error);
          }
        },
        (error: unknown) => this.authFailed(error),
      );
    } else {
      this.decide(identity, decision);
    }
  }

  private authFailed(error: unknown): void {
    if (this.state === State.CLOSED) return;
    this.relay.logger.error({ err: error, address: this.address }, "auth hook failed");
    this.close(CloseCode.INTERNAL_ERROR, "admission failed");
  }

  private decide(identity: Identity, decision: AuthDecision): void {
    if (decision.outcome === "admitted" && decision.session !== undefined) {
      this.session = decision.session;
      this.join(identity, decision);
      // Not a member (closed meanwhile, or refused by the namespace check) and not yet released by teardown.
      if (this.state !== State.MEMBER && this.session !== null) {
        this.session = null;
        decision.session.ended();
      }
      return;
    }
    this.join(identity, decision);
  }

  private join(identity: Identity, decision: AuthDecision): void {
    if (this.state !== State.AUTHORIZING) return;
    if (this.authTimer !== null) {
      clearTimeout(this.authTimer);
      this.authTimer = null;
    }
    this.releasePendingSlot();
    if (decision.outcome === "refused") {
      const code =
        decision.code !== undefined && decision.code >= 4000 && decision.code <= 4999
          ? decision.code
          : CloseCode.POLICY_VIOLATION;
      this.reject("bad_token", code, decision.reason ?? "bad token");
      return;
    }
    if (decision.outcome === "parked") {
      this.state = State.PARKED;
      this.relay.parkedCount++;
      // Frames sent while the decision was pending were never read: they count as dropped too.
      if (this.queue !== null && this.queue.length > 0)
        this.relay.metrics.parkedFramesDropped.inc(this.queue.length);
      this.queue = null;
      this.relay.logger.info({ address: this.address, name: identity.name }, "socket parked");
      return;
    }
    let name = identity.name;
    let channel = identity.channel;
    if (decision.namespace !== undefined) {
      if (!NAMESPACE_PATTERN.test(decision.namespace)) {
        this.authFailed(
          new Error(`auth hook returned an invalid namespace "${decision.namespace}" (digits only)`),
        );
        return;
      }
      const qualifiedName = qualify(name, decision.namespace);
      const qualifiedChannel = qualify(channel, decision.namespace);
      if (qualifiedName === null || qualifiedChannel === null) {
        this.reject(
          "bad_identify",
          CloseCode.POLICY_VIOLATION,
          "name or channel outside the account namespace",
        );
        return;
      }
      this.namespace = decision.namespace;
      name = qualifiedName;
      channel = qualifiedChannel;
    }
    this.id = randomUUID();
    this.name = name;
    this.channel = channel;
    this.role = identity.role;
    this.canBroadcast = identity.canBroadcast;
    this.canRoute = identity.canRoute;
    this.canMonitor = identity.canMonitor;
    this.canCrossChannelRoute = identity.canCrossChannelRoute;
    this.globalScope = identity.broadcastScope === "global";
    this.state = State.MEMBER;
    this.relay.register(this);
    this.session?.joined(this);
    const queued = this.queue;
    this.queue = null;
    if (queued === null) return;
    for (const queuedFrame of queued) {
      if (this.state !== State.MEMBER) return;
      this.relay.dispatch(this, queuedFrame);
    }
  }

  private releasePendingSlot(): void {
    if (!this.holdsPendingSlot) return;
    this.holdsPendingSlot = false;
    this.relay.releasePending(this.address);
  }

  private dropSlowConsumer(): void {
    this.relay.metrics.slowConsumersDropped.inc();
    this.relay.logger.warn(
      { name: this.name, id: this.id, bufferedBytes: this.ws.bufferedAmount },
      "slow consumer: send buffer full, closing with 1013",
    );
    const ws = this.ws;
    this.close(CloseCode.TRY_AGAIN_LATER, "send buffer full");
    setTimeout(destroy, SLOW_CONSUMER_GRACE_MS, ws).unref();
  }
}
