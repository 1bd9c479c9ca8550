import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { CloseCode, isJsonObject, MAX_JSON_DEPTH, RelayError, type InboundFrame } from "@carter/protocol";
import type { AuthHook } from "./auth.js";
import type { Backplane, MeshMember, RelayNode } from "./backplane.js";
import { Connection, State } from "./connection.js";
import { frameAddress } from "./frame-address.js";
import { CorkBatch } from "./frame-writer.js";
import type { OutVerb, RelayMetrics } from "./metrics.js";
import { clientAddress, type OriginPolicy } from "./network.js";

/** At most this many routed requests per client may wait for their targets at once. */
export const MAX_OUTSTANDING_ROUTES = 16;

/** Verbs that fan out to the channel (`broadcast_request` and the legacy ones). */
export function isFanOutVerb(type: string): boolean {
  return FAN_OUT_VERBS.has(type);
}

export interface CoreSettings {
  auth: AuthHook;
  origins: OriginPolicy;
  trustedProxies: ReadonlySet<string>;
  maxConnections: number;
  maxPendingPerIp: number;
  rateLimit: number;
  routeTimeoutMs: number;
  authTimeoutMs: number;
  keepaliveIntervalMs: number;
  sendBufferLimit: number;
}

interface PendingRoute {
  sender: Connection;
  senderFrameId: string | null;
  targetId: string;
  timer: NodeJS.Timeout;
}

/** A verb the relay re-emits to the sender's channel (or every channel, for global scope). */
interface FanOutVerb {
  outType: OutVerb;
  /** The `"type":"…"` prefix of the outbound frame after the id, pre-encoded. */
  encodedType: string;
  okReply: string;
}

function fanOutVerb(outType: OutVerb, okStatus: string): FanOutVerb {
  return {
    outType,
    encodedType: `","type":${JSON.stringify(outType)},"payload":`,
    okReply: JSON.stringify({ status: okStatus }),
  };
}

const FAN_OUT_VERBS = new Map<string, FanOutVerb>([
  ["broadcast_request", fanOutVerb("broadcast", "sent")],
  ["node_status", fanOutVerb("node_status", "broadcasted")],
  ["service_log", fanOutVerb("service_log", "broadcasted")],
  ["iCloud_data_Broadcast", fanOutVerb("iCloudListen", "sent")],
  ["place_visit_Broadcast", fanOutVerb("placeVisitListen", "sent")],
  ["request_prediction", fanOutVerb("request_prediction", "forwarded")],
  ["prediction_result", fanOutVerb("prediction_result", "forwarded")],
]);

function failure(error: string): string {
  return JSON.stringify({ error, status: "failed" });
}

const BROADCAST_NOT_ALLOWED = failure(RelayError.BROADCAST_NOT_ALLOWED);
const ROUTING_NOT_ALLOWED = failure(RelayError.ROUTING_NOT_ALLOWED);
const TARGET_NOT_FOUND = failure(RelayError.TARGET_NOT_FOUND);
const CROSS_CHANNEL_DENIED = failure(RelayError.CROSS_CHANNEL_DENIED);
const TARGET_TIMEOUT = failure(RelayError.TARGET_TIMEOUT);
const TOO_MANY_ROUTES = failure(RelayError.TOO_MANY_ROUTES);
const TOO_DEEP = failure(`frame nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
const RATE_LIMITED = failure("rate limited");
/** Verbs the relay answers itself, so a refused one gets a failure reply rather than silence. */
const ANSWERED_VERBS = new Set([
  ...FAN_OUT_VERBS.keys(),
  "route_msg",
  "route_msg_noreply",
  "get_nodes",
  "ping",
]);
const PONG = JSON.stringify("pong");
const NO_CLIENTS = JSON.stringify({ clients: [] });

function encode(type: string, payloadJson: string, replyTo: string | null, id = randomUUID()): Buffer {
  return Buffer.from(
    `{"id":"${id}","type":${JSON.stringify(type)},"payload":${payloadJson},"reply_to":${replyTo === null ? "null" : JSON.stringify(replyTo)}}`,
  );
}

function rosterEntry(member: MeshMember): { id: string; name: string; channel: string; role: string } {
  return { id: member.id, name: member.name, channel: member.channel, role: member.role };
}

function expireRoute(core: RelayCore, routeId: string): void {
  core.expireRoute(routeId);
}

/** Per-socket admission and verb dispatch; delivery and membership go through the backplane. */
export class RelayCore implements RelayNode {
  readonly connections = new Set<Connection>();
  readonly rateLimit: number;
  readonly authTimeoutMs: number;
  readonly sendBufferLimit: number;
  readonly auth: AuthHook;
  /** Writes frames to member sockets; several to one socket within an event-loop turn leave together. */
  readonly writes: CorkBatch;
  private readonly monitors = new Set<Connection>();
  private readonly routes = new Map<string, PendingRoute>();
  /** Pending route ids by target member id, so a departing target fails its routes at once. */
  private readonly routesByTarget = new Map<string, Set<string>>();
  private readonly pendingByIp = new Map<string, number>();
  private readonly detach: () => void;
  private readonly unsubscribe: () => void;
  private readonly keepalive: NodeJS.Timeout;
  /** Sockets admission parked, open and waiting for a better identify. */
  parkedCount = 0;
  private rosterScheduled = false;
  private localMembers = 0;
  private onDrained: (() => void) | null = null;

  constructor(
    private readonly settings: CoreSettings,
    readonly backplane: Backplane,
    readonly metrics: RelayMetrics,
    readonly logger: Logger,
  ) {
    this.rateLimit = settings.rateLimit;
    this.authTimeoutMs = settings.authTimeoutMs;
    this.sendBufferLimit = settings.sendBufferLimit;
    this.writes = new CorkBatch(settings.sendBufferLimit);
    this.auth = settings.auth;
    this.detach = backplane.attach(this);
    this.unsubscribe = backplane.onRosterChange(() => this.scheduleRosterPush());
    this.keepalive = setInterval(() => this.sweepKeepalive(), settings.keepaliveIntervalMs);
    this.keepalive.unref();
  }

  get memberCount(): number {
    return this.localMembers;
  }

  get pendingCount(): number {
    let pending = 0;
    for (const count of this.pendingByIp.values()) pending += count;
    return pending;
  }

  /** Takes an upgraded socket: origin, capacity and per-IP checks, then waits for its identify. */
  accept(ws: WebSocket, req: IncomingMessage): void {
    ws.on("error", (error) => this.onSocketError(ws, error));
    const address = clientAddress(req, this.settings.trustedProxies);
    if (!this.settings.origins.allows(req)) {
      this.refuse(ws, "origin", CloseCode.POLICY_VIOLATION, "origin not allowed", address);
      return;
    }
    if (this.connections.size >= this.settings.maxConnections) {
      this.refuse(ws, "max_connections", CloseCode.TOO_MANY_CONNECTIONS, "too many connections", address);
      return;
    }
    const pending = this.pendingByIp.get(address) ?? 0;
    if (pending >= this.settings.maxPendingPerIp) {
      this.refuse(
        ws,
        "pending_per_ip",
        CloseCode.TOO_MANY_CONNECTIONS,
        "too many pending connections",
        address,
      );
      return;
    }
    this.pendingByIp.set(address, pending + 1);
    const connection = new Connection(this, ws, address);
    this.connections.add(connection);
    ws.on("message", (data, isBinary) => {
      // The last line of defence: a bug in handling one frame costs that socket, never the relay.
      try {
        connection.onMessage(data as Buffer, isBinary);
      } catch (error) {
        this.internalError(connection, error);
      }
    });
    ws.on("pong", () => {
      connection.alive = true;
    });
    ws.on("close", () => {
      connection.teardown();
      this.connections.delete(connection);
      if (this.connections.size === 0) this.onDrained?.();
    });
  }

  releasePending(address: string): void {
    const count = this.pendingByIp.get(address) ?? 0;
    if (count <= 1) this.pendingByIp.delete(address);
    else this.pendingByIp.set(address, count - 1);
  }

  /** Joins an admitted connection to the mesh: register first, then welcome, then (queued) the roster push. */
  register(connection: Connection): void {
    this.backplane.join(connection);
    this.localMembers++;
    if (connection.canMonitor) this.monitors.add(connection);
    connection.deliver(encode("welcome", JSON.stringify({ id: connection.id, name: connection.name }), null));
    this.metrics.framesOut("welcome");
    this.logger.info(
      {
        id: connection.id,
        name: connection.name,
        channel: connection.channel,
        role: connection.role,
        address: connection.address,
      },
      "member joined",
    );
  }

  unregister(connection: Connection): void {
    this.localMembers--;
    this.monitors.delete(connection);
    this.backplane.leave(connection);
    this.logger.debug({ id: connection.id, name: connection.name }, "member left");
  }

  /** Acts on one frame from an admitted member. */
  dispatch(connection: Connection, frame: InboundFrame): void {
    if (frame.reply_to !== null) {
      this.metrics.frameIn("reply");
      this.backplane.routeReply(frame.reply_to, connection, frame.payload);
      return;
    }
    const type = frame.type;
    this.metrics.frameIn(type);
    const fanOut = FAN_OUT_VERBS.get(type);
    if (fanOut !== undefined) {
      this.fanOut(connection, frame, fanOut);
      return;
    }
    switch (type) {
      case "route_msg":
        this.route(connection, frame, true);
        return;
      case "route_msg_noreply":
        this.route(connection, frame, false);
        return;
      case "get_nodes":
        this.getNodes(connection, frame);
        return;
      case "ping":
        this.reply(connection, frame, PONG);
        return;
      case "identify":
        connection.reject("reidentify", CloseCode.POLICY_VIOLATION, "already identified");
        return;
    }
  }

  /**
   * A frame nested past `MAX_JSON_DEPTH`: counted, never parsed, and answered with a failed reply
   * when a member sent it with a readable `type` (so a legitimate client learns why).
   */
  refuseTooDeep(connection: Connection, text: string): void {
    this.metrics.rejected("too_deep");
    if (connection.state !== State.MEMBER) return;
    const address = frameAddress(text);
    if (address === null) return;
    connection.deliver(encode(address.type, TOO_DEEP, address.id));
    this.metrics.framesOut("reply");
  }

  /** An unexpected exception while handling a frame: logged once, counted, and only this socket closes (1011). */
  internalError(connection: Connection, error: unknown): void {
    if (connection.state === State.CLOSED) return;
    this.metrics.rejected("internal_error");
    this.logger.error(
      { err: error, address: connection.address, name: connection.name || undefined },
      "unexpected error handling a frame; closing this socket with 1011",
    );
    connection.close(CloseCode.INTERNAL_ERROR, "internal error");
  }

  /** A frame the member's admission session refused (a rate limit): answered if the verb expects it. */
  refuseLimited(connection: Connection, frame: InboundFrame): void {
    this.metrics.rejected("admission_limit");
    if (ANSWERED_VERBS.has(frame.type)) this.reply(connection, frame, RATE_LIMITED);
  }

  completeRoute(routeId: string, from: MeshMember, payload: unknown): boolean {
    const route = this.routes.get(routeId);
    if (route === undefined || route.targetId !== from.id) return false;
    this.settleRoute(routeId, route, JSON.stringify(payload ?? null));
    return true;
  }

  expireRoute(routeId: string): void {
    const route = this.routes.get(routeId);
    if (route !== undefined) this.settleRoute(routeId, route, TARGET_TIMEOUT);
  }

  /** A departed target will never answer: its waiting senders hear so now rather than at the timeout. */
  memberLeft(member: MeshMember): void {
    const routeIds = this.routesByTarget.get(member.id);
    if (routeIds === undefined) return;
    for (const routeId of routeIds) {
      const route = this.routes.get(routeId);
      if (route !== undefined) this.settleRoute(routeId, route, TARGET_NOT_FOUND);
    }
  }

  /** Closes every socket with 1001 and resolves once they are gone (stragglers are destroyed after `graceMs`). */
  async shutdown(graceMs: number): Promise<void> {
    clearInterval(this.keepalive);
    this.unsubscribe();
    this.detach();
    for (const route of this.routes.values()) clearTimeout(route.timer);
    this.routes.clear();
    this.routesByTarget.clear();
    if (this.connections.size > 0) {
      const drained = new Promise<void>((resolve) => {
        this.onDrained = resolve;
      });
      for (const connection of this.connections)
        connection.close(CloseCode.GOING_AWAY, "relay shutting down");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([drained, late]);
      clearTimeout(timer);
      for (const connection of this.connections) connection.ws.terminate();
    }
  }

  /** Answers the sender waiting on `routeId` with `payloadJson` and forgets the route. */
  private settleRoute(routeId: string, route: PendingRoute, payloadJson: string): void {
    this.routes.delete(routeId);
    clearTimeout(route.timer);
    const targetRoutes = this.routesByTarget.get(route.targetId);
    if (targetRoutes !== undefined) {
      targetRoutes.delete(routeId);
      if (targetRoutes.size === 0) this.routesByTarget.delete(route.targetId);
    }
    route.sender.outstandingRoutes--;
    route.sender.deliver(encode("route_msg", payloadJson, route.senderFrameId));
    this.metrics.framesOut("reply");
  }

  private refuse(
    ws: WebSocket,
    reason: Parameters<RelayMetrics["rejected"]>[0],
    code: number,
    text: string,
    address: string,
  ): void {
    this.metrics.rejected(reason);
    this.logger.info({ address, reason }, "refusing socket: %s", text);
    ws.close(code, text);
  }

  private onSocketError(ws: WebSocket, error: Error & { code?: string }): void {
    // ws has already failed the socket (1002/1007/1009); only this socket is affected.
    this.metrics.rejected(error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? "oversize" : "protocol_error");
    this.logger.info({ code: error.code }, "socket error: %s", error.message);
    if (ws.readyState === ws.OPEN) ws.terminate();
  }

  private reply(connection: Connection, frame: InboundFrame, payloadJson: string): void {
    connection.deliver(encode(frame.type, payloadJson, frame.id));
    this.metrics.framesOut("reply");
  }

  private fanOut(sender: Connection, frame: InboundFrame, verb: FanOutVerb): void {
    if (!sender.canBroadcast) {
      this.reply(sender, frame, BROADCAST_NOT_ALLOWED);
      return;
    }
    const started = performance.now();
    const data = Buffer.from(
      `{"id":"${randomUUID()}${verb.encodedType}${JSON.stringify(frame.payload)},"reply_to":null}`,
    );
    const delivered = this.backplane.fanOut(data, sender, sender.globalScope ? null : sender.channel);
    this.metrics.fanOutSeconds.observe((performance.now() - started) / 1000);
    this.metrics.framesOut(verb.outType, delivered);
    this.reply(sender, frame, verb.okReply);
  }

  private route(sender: Connection, frame: InboundFrame, wantsReply: boolean): void {
    if (!sender.canRoute) {
      this.reply(sender, frame, ROUTING_NOT_ALLOWED);
      return;
    }
    const payload = frame.payload;
    if (!isJsonObject(payload)) {
      this.reply(
        sender,
        frame,
        failure(`${frame.type} payload must be an object {target_id or target_name, type, payload}`),
      );
      return;
    }
    const { target_id: targetId, target_name: targetName, type: innerType } = payload;
    if (targetId !== undefined && targetId !== null && typeof targetId !== "string") {
      this.reply(sender, frame, failure(`${frame.type} target_id must be a string`));
      return;
    }
    if (targetName !== undefined && targetName !== null && typeof targetName !== "string") {
      this.reply(sender, frame, failure(`${frame.type} target_name must be a string`));
      return;
    }
    if (!targetId && !targetName) {
      this.reply(sender, frame, failure(`${frame.type} needs target_id or target_name`));
      return;
    }
    if (typeof innerType !== "string" || innerType.length === 0) {
      this.reply(sender, frame, failure(`${frame.type} type must be a non-empty string`));
      return;
    }
    const target = targetId
      ? this.backplane.byId(targetId)
      : this.backplane.byName(sender.namespace, this.qualifiedName(sender, targetName as string));
    if (target === undefined || target.namespace !== sender.namespace) {
      this.reply(sender, frame, TARGET_NOT_FOUND);
      return;
    }
    if (target.channel !== sender.channel && !sender.canCrossChannelRoute) {
      this.reply(sender, frame, CROSS_CHANNEL_DENIED);
      return;
    }
    const innerPayload = JSON.stringify(payload.payload ?? null);
    if (!wantsReply) {
      target.deliver(encode(innerType, innerPayload, null));
      this.metrics.framesOut("route_request");
      return;
    }
    if (sender.outstandingRoutes >= MAX_OUTSTANDING_ROUTES) {
      this.reply(sender, frame, TOO_MANY_ROUTES);
      return;
    }
    const routeId = randomUUID();
    const timer = setTimeout(expireRoute, this.settings.routeTimeoutMs, this, routeId);
    this.routes.set(routeId, { sender, senderFrameId: frame.id, targetId: target.id, timer });
    const targetRoutes = this.routesByTarget.get(target.id);
    if (targetRoutes === undefined) this.routesByTarget.set(target.id, new Set([routeId]));
    else targetRoutes.add(routeId);
    sender.outstandingRoutes++;
    target.deliver(encode(innerType, innerPayload, null, routeId));
    this.metrics.framesOut("route_request");
  }

  private qualifiedName(sender: Connection, name: string): string {
    if (sender.namespace === "" || name.startsWith(`${sender.namespace}.`)) return name;
    return `${sender.namespace}.${name}`;
  }

  private visibleTo(viewer: Connection, member: MeshMember): boolean {
    return member.namespace === viewer.namespace && (viewer.globalScope || member.channel === viewer.channel);
  }

  private getNodes(connection: Connection, frame: InboundFrame): void {
    if (!connection.canMonitor) {
      this.reply(connection, frame, NO_CLIENTS);
      return;
    }
    const clients = [];
    for (const member of this.backplane.members()) {
      if (member.id !== connection.id && this.visibleTo(connection, member)) {
        clients.push(rosterEntry(member));
      }
    }
    this.reply(connection, frame, JSON.stringify({ clients }));
  }

  private scheduleRosterPush(): void {
    if (this.rosterScheduled) return;
    this.rosterScheduled = true;
    queueMicrotask(() => this.pushRoster());
  }

  /** Sends each monitor the roster it may see (including itself); one encoding per distinct view. */
  private pushRoster(): void {
    this.rosterScheduled = false;
    if (this.monitors.size === 0) return;
    const views = new Map<string, Buffer>();
    for (const monitor of this.monitors) {
      if (monitor.state !== State.MEMBER) continue;
      const key = monitor.globalScope
        ? `g ${monitor.namespace}`
        : `c ${monitor.namespace} ${monitor.channel}`;
      let data = views.get(key);
      if (data === undefined) {
        const clients = [];
        for (const member of this.backplane.members())
          if (this.visibleTo(monitor, member)) clients.push(rosterEntry(member));
        data = encode("server_client_list", JSON.stringify({ clients }), null);
        views.set(key, data);
      }
      monitor.deliver(data);
      this.metrics.framesOut("server_client_list");
    }
  }

  private sweepKeepalive(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.metrics.rejected("keepalive_timeout");
        this.logger.info(
          { address: connection.address, name: connection.name || undefined },
          "keepalive timeout",
        );
        connection.teardown();
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }
}
