/**
 * A Backplane across relay processes, on Redis.
 *
 * Every process keeps a full replica of the mesh's membership (its own members and proxies for the
 * others'), so the relay's synchronous Backplane calls (`byId`, `byName`, `members`) stay local and
 * cheap. Redis holds the membership (`scripts.ts`) and carries three kinds of traffic:
 * - control events on one channel: joins, leaves, dead processes, numbered in one order;
 * - broadcasts on one channel per (namespace, channel) and one per namespace for global scope,
 *   subscribed only by processes with members there, published once per broadcast and only when
 *   another process has members there;
 * - per-process traffic on the process's own channel: routed requests to its members, routed
 *   replies to the process that is waiting, and its liveness canary.
 * Frames cross as the exact bytes the sending process built, so every client sees the same bytes
 * it would see from one process.
 */
import { randomBytes } from "node:crypto";
import { createClient, type RedisClientType } from "@redis/client";
import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Backplane, BackplaneHealth, MeshMember, RelayNode } from "@carter/relay";
import { DEREGISTER, HEARTBEAT, JOIN, LEAVE, SYNC } from "./scripts.js";
import { ScriptRunner } from "./script-runner.js";

export interface RedisBackplaneOptions {
  /** `redis://host:port` (or `rediss://`, with credentials in the URL). */
  url: string;
  /** This process's id in the mesh: letters, digits, `-`, `_` (at most 64). Default: random. */
  nodeId?: string;
  /** Prefix of every key and channel, so several meshes can share one Redis. Default `carter:mesh:`. */
  keyPrefix?: string;
  /** How often the process refreshes its heartbeat and looks for dead processes. Default 1000 ms. */
  heartbeatMs?: number;
  /** A process whose heartbeat is older than this is dead. Default 3000 ms. */
  nodeTtlMs?: number;
  /** How often the process publishes its canary to itself. Default 1000 ms. */
  canaryIntervalMs?: number;
  /** Connected, yet no canary for this long: pub/sub is losing messages. Default 3 × canaryIntervalMs. */
  canaryTimeoutMs?: number;
  /** The relay's route timeout: how long a process remembers where to send a routed reply. Default 5000 ms. */
  routeTimeoutMs?: number;
  /** Delay between reconnection attempts. Default 500 ms. */
  reconnectDelayMs?: number;
  logger?: Logger;
}

export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The reply a routed request gets when its target's process cannot be reached. */
export const BACKPLANE_UNAVAILABLE = { error: "backplane unavailable", status: "failed" } as const;

/** Most routed requests one process remembers the origin of at once (oldest forgotten first). */
const MAX_ROUTE_ORIGINS = 65_536;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const FRAME_ID_OFFSET = '{"id":"'.length;
/** Per-process message kinds (first byte). */
const KIND_DELIVER = 0x44; // D <origin>\n<member id>\n<frame>
const KIND_REPLY = 0x52; // R <route id>\n<from id>\n<payload JSON>
const KIND_CANARY = 0x43; // C <sequence>

type FailureOp = "broadcast" | "deliver" | "reply" | "join" | "leave" | "sync" | "heartbeat" | "canary";
const FAILURE_OPS: readonly FailureOp[] = [
  "broadcast",
  "deliver",
  "reply",
  "join",
  "leave",
  "sync",
  "heartbeat",
  "canary",
];

/** A member of another process: delivering to it publishes to that process. */
class RemoteMember implements MeshMember {
  constructor(
    readonly backplane: RedisBackplane,
    readonly node: string,
    readonly id: string,
    readonly name: string,
    readonly channel: string,
    readonly role: string,
    readonly namespace: string,
  ) {}

  deliver(data: Buffer): void {
    this.backplane.deliverRemote(this, data);
  }

  /** Nothing to do here: the owning process evicts its socket when it sees the newer join. */
  evict(): void {}
}

interface Entry {
  member: MeshMember;
  node: string;
  /** Position in the mesh's registration order; 0 while a local join is not yet confirmed. */
  seq: number;
}

type MemberRecord = [id: string, name: string, channel: string, role: string, namespace: string];

function scopedKey(namespace: string, value: string): string {
  return namespace === "" ? value : `${namespace} ${value}`;
}

/** Broadcast interest keys: members of a channel, and members of a namespace (global scope). */
function channelKey(member: MeshMember): string {
  return `c ${scopedKey(member.namespace, member.channel)}`;
}

function namespaceKey(namespace: string): string {
  return `g ${namespace}`;
}

function memberJson(member: MeshMember): string {
  const record: MemberRecord = [member.id, member.name, member.channel, member.role, member.namespace];
  return JSON.stringify(record);
}

function isMemberRecord(value: unknown): value is MemberRecord {
  return Array.isArray(value) && value.length === 5 && value.every((field) => typeof field === "string");
}

/** The `id` of a frame the relay encoded (they all begin `{"id":"<id>"`), or null. */
function frameId(frame: Buffer): string | null {
  if (frame[FRAME_ID_OFFSET - 1] !== QUOTE || frame[0] !== 0x7b) return null;
  const end = frame.indexOf(QUOTE, FRAME_ID_OFFSET);
  return end < 0 ? null : frame.toString("latin1", FRAME_ID_OFFSET, end);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RedisBackplane implements Backplane {
  readonly nodeId: string;
  private readonly prefix: string;
  private readonly controlChannel: string;
  private readonly ownChannel: string;
  private readonly heartbeatMs: number;
  private readonly nodeTtlMs: number;
  private readonly canaryIntervalMs: number;
  private readonly canaryTimeoutMs: number;
  private readonly routeTimeoutMs: number;
  private logger: Logger | undefined;
  private readonly commands: RedisClientType;
  private readonly subscriber: RedisClientType;
  private readonly scripts: ScriptRunner;

  /** Members that joined through this process, in local join order. */
  private readonly local = new Map<string, MeshMember>();
  private readonly byIdMap = new Map<string, Entry>();
  private readonly byNameMap = new Map<string, Entry>();
  /** Confirmed members in registration order (by seq), then {@link pending}. */
  private readonly confirmed = new Map<string, Entry>();
  /** Local members whose join Redis has not confirmed yet, in join order. */
  private readonly pending = new Map<string, Entry>();
  /** Local members by broadcast interest key. */
  private readonly localInterest = new Map<string, Set<MeshMember>>();
  /** How many members of other processes each broadcast interest key has. */
  private readonly remoteInterest = new Map<string, number>();
  /** Broadcast channel subscriptions, by interest key. */
  private readonly subscriptions = new Map<string, { ready: Promise<void>; listener: (m: Buffer) => void }>();
  /** Where the replies to routed requests this process delivered go: route id → origin process and expiry. */
  private readonly routeOrigins = new Map<string, { node: string; expiresAt: number }>();
  /**
   * Joins of other processes that lost their name to a local join not yet numbered (see onJoin), by
   * member id. Their owners evict them on seeing the local join; should the local member leave
   * before its join was announced, they are members after all and come back.
   */
  private readonly shadowed = new Map<string, { node: string; seq: number; record: MemberRecord }>();
  private readonly nodes = new Set<RelayNode>();
  private readonly listeners = new Set<() => void>();

  /** Both connections ready and the replica synchronised with Redis. */
  private online = false;
  private closed = false;
  /** Control events are held (the replica is being rebuilt), from a lost connection until the next sync. */
  private syncing = false;
  private syncRunning = false;
  private syncAgain = false;
  /** The control and own channels are subscribed (the client resubscribes them after reconnecting). */
  private ownChannelsSubscribed = false;
  /** Control events received while a sync is running, applied after its snapshot. */
  private heldEvents: string[] = [];
  /** The last control event applied (events at or below it are already in the replica). */
  private appliedSeq = 0;
  private onlineSince = 0;
  private lastCanaryAt = 0;
  private canarySequence = 0;
  private canaryLost = false;
  /** Relay processes in the mesh (this one included). */
  private readonly liveNodes = new Set<string>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private canaryTimer: NodeJS.Timeout | null = null;
  private lastFailureLogAt = 0;

  readonly stats = {
    published: { broadcast: 0, deliver: 0, reply: 0 },
    received: { broadcast: 0, deliver: 0, reply: 0 },
    remoteDeliveries: 0,
    failures: Object.fromEntries(FAILURE_OPS.map((op) => [op, 0])) as Record<FailureOp, number>,
    syncs: 0,
    nodesLost: 0,
  };

  constructor(options: RedisBackplaneOptions) {
    this.nodeId = options.nodeId ?? randomBytes(6).toString("hex");
    if (!NODE_ID_PATTERN.test(this.nodeId))
      throw new Error(`node id must be 1-64 letters, digits, '-' or '_', got "${this.nodeId}"`);
    this.prefix = options.keyPrefix ?? "carter:mesh:";
    this.controlChannel = `${this.prefix}control`;
    this.ownChannel = `${this.prefix}node:${this.nodeId}`;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.nodeTtlMs = options.nodeTtlMs ?? 3000;
    this.canaryIntervalMs = options.canaryIntervalMs ?? 1000;
    this.canaryTimeoutMs = options.canaryTimeoutMs ?? 3 * this.canaryIntervalMs;
    this.routeTimeoutMs = options.routeTimeoutMs ?? 5000;
    this.logger = options.logger?.child({ backplane: "redis", node: this.nodeId });
    const reconnectDelayMs = options.reconnectDelayMs ?? 500;
    this.commands = createClient({
      url: options.url,
      // Fail cross-process operations at once while Redis is away instead of queueing them.
      disableOfflineQueue: true,
      socket: { reconnectStrategy: () => reconnectDelayMs, connectTimeout: 2000 },
    }) as RedisClientType;
    this.subscriber = this.commands.duplicate() as RedisClientType;
    this.scripts = new ScriptRunner(this.commands);
    for (const client of [this.commands, this.subscriber]) {
      client.on("error", (error: unknown) => this.connectionLost(error));
      client.on("ready", () => this.connectionReady());
    }
  }

  /**
   * Connects to Redis in the background: the relay serves its own members meanwhile (degraded).
   * `logger` (usually the relay's) replaces the one given to the constructor.
   */
  start(logger?: Logger): void {
    if (logger !== undefined) this.logger = logger.child({ backplane: "redis", node: this.nodeId });
    const connect = (client: RedisClientType) =>
      client.connect().catch((error: unknown) => {
        if (!this.closed) this.logger?.error({ err: error }, "redis connection given up");
      });
    void connect(this.commands);
    void connect(this.subscriber).then(() => this.subscribeOwnChannels());
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.heartbeatTimer.unref();
    this.canaryTimer = setInterval(() => this.sendCanary(), this.canaryIntervalMs);
    this.canaryTimer.unref();
  }

  /** Resolves once the backplane is connected and synchronised (for tests and startup logs). */
  async ready(deadlineMs = 10_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (!this.online) {
      if (Date.now() > deadline) throw new Error(`redis backplane not ready after ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Leaves the mesh (other processes drop this one's members at once) and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    if (this.canaryTimer !== null) clearInterval(this.canaryTimer);
    if (this.commands.isReady) {
      await this.scripts
        .run(
          DEREGISTER,
          [this.key("node"), this.key("members"), this.key("seq")],
          [this.prefix, this.controlChannel, this.nodeId],
        )
        .catch((error: unknown) => this.logger?.warn({ err: error }, "could not deregister from redis"));
    }
    this.online = false;
    // A client still trying to reconnect has nothing to flush: destroy it rather than wait.
    await Promise.all(
      [this.commands, this.subscriber].map((client) =>
        client.isReady ? client.close() : client.isOpen ? client.destroy() : undefined,
      ),
    );
  }

  attach(node: RelayNode): () => void {
    this.nodes.add(node);
    return () => this.nodes.delete(node);
  }

  join(member: MeshMember): void {
    const nameKey = scopedKey(member.namespace, member.name);
    const incumbent = this.byNameMap.get(nameKey);
    if (incumbent !== undefined && incumbent.member !== member) {
      this.remove(incumbent);
      incumbent.member.evict();
    }
    const entry: Entry = { member, node: this.nodeId, seq: 0 };
    this.local.set(member.id, member);
    this.index(entry);
    this.pending.set(member.id, entry);
    for (const key of [channelKey(member), namespaceKey(member.namespace)]) {
      let members = this.localInterest.get(key);
      if (members === undefined) {
        members = new Set();
        this.localInterest.set(key, members);
      }
      members.add(member);
    }
    this.changed();
    this.announceJoin(member);
  }

  leave(member: MeshMember): boolean {
    const entry = this.byIdMap.get(member.id);
    if (entry === undefined || entry.member !== member) return false;
    this.remove(entry);
    if (entry.seq === 0) this.restoreShadowed(scopedKey(member.namespace, member.name));
    this.changed();
    return true;
  }

  byId(id: string): MeshMember | undefined {
    return this.byIdMap.get(id)?.member;
  }

  byName(namespace: string, name: string): MeshMember | undefined {
    return this.byNameMap.get(scopedKey(namespace, name))?.member;
  }

  *members(): Iterable<MeshMember> {
    for (const entry of this.confirmed.values()) yield entry.member;
    for (const entry of this.pending.values()) yield entry.member;
  }

  fanOut(data: Buffer, sender: MeshMember, channel: string | null): number {
    const key =
      channel === null ? namespaceKey(sender.namespace) : `c ${scopedKey(sender.namespace, channel)}`;
    let delivered = 0;
    const members = this.localInterest.get(key);
    if (members !== undefined) {
      for (const member of members) {
        if (member === sender) continue;
        member.deliver(data);
        delivered++;
      }
    }
    if ((this.remoteInterest.get(key) ?? 0) > 0) {
      if (!this.online) {
        this.failed("broadcast", null);
      } else {
        this.stats.published.broadcast++;
        const message = Buffer.concat([Buffer.from(`${this.nodeId}\n`), data]);
        this.commands.publish(this.broadcastChannel(key), message).catch((error: unknown) => {
          this.failed("broadcast", error);
        });
      }
    }
    return delivered;
  }

  routeReply(routeId: string, from: MeshMember, payload: unknown): boolean {
    for (const node of this.nodes) if (node.completeRoute(routeId, from, payload)) return true;
    const origin = this.routeOrigins.get(routeId);
    if (origin === undefined) return false;
    this.routeOrigins.delete(routeId);
    if (!this.online) {
      this.failed("reply", null);
      return true;
    }
    this.stats.published.reply++;
    const message = `R${routeId}\n${from.id}\n${JSON.stringify(payload ?? null)}`;
    this.commands.publish(this.nodeChannel(origin.node), message).catch((error: unknown) => {
      this.failed("reply", error);
    });
    return true;
  }

  onRosterChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): BackplaneHealth {
    const base = {
      kind: "redis",
      node: this.nodeId,
      nodes: this.liveNodes.size,
      meshMembers: this.byIdMap.size,
    };
    if (!this.online) {
      return {
        status: "degraded",
        reason:
          this.commands.isReady && this.subscriber.isReady
            ? "synchronising membership with redis"
            : "redis unreachable: serving this process's members only",
        ...base,
      };
    }
    const canaryAgeMs = Date.now() - Math.max(this.lastCanaryAt, this.onlineSince);
    if (canaryAgeMs > this.canaryTimeoutMs) {
      return {
        status: "unhealthy",
        reason: `no pub/sub canary for ${canaryAgeMs} ms: messages between processes are being lost`,
        ...base,
      };
    }
    return { status: "ok", ...base };
  }

  registerMetrics(registry: Registry): void {
    const registers = [registry];
    const stats = this.stats;
    const self = () => this;
    new Gauge({
      name: "mesh_backplane_up",
      help: "1 while the Redis backplane is connected, synchronised and its canary arrives",
      registers,
      collect() {
        this.set(self().health().status === "ok" ? 1 : 0);
      },
    });
    new Gauge({
      name: "mesh_backplane_nodes",
      help: "Relay processes in the mesh, as of the last heartbeat",
      registers,
      collect() {
        this.set(self().liveNodes.size);
      },
    });
    new Gauge({
      name: "mesh_backplane_mesh_members",
      help: "Members of the whole mesh (every process) in this process's replica",
      registers,
      collect() {
        this.set(self().byIdMap.size);
      },
    });
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    const labelled = (name: string, help: string, label: string, read: () => Record<string, number>) =>
      new Counter({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          this.reset();
          for (const [value, count] of Object.entries(read())) this.labels(value).inc(count);
        },
      });
    labelled(
      "mesh_backplane_published_total",
      "Messages published to other processes, by kind",
      "kind",
      () => stats.published,
    );
    labelled(
      "mesh_backplane_received_total",
      "Messages received from other processes, by kind",
      "kind",
      () => stats.received,
    );
    counter(
      "mesh_backplane_remote_deliveries_total",
      "Frames delivered to this process's members from other processes' broadcasts",
      () => stats.remoteDeliveries,
    );
    labelled(
      "mesh_backplane_failures_total",
      "Cross-process operations that failed (Redis unreachable or an error), by operation",
      "op",
      () => stats.failures,
    );
    counter("mesh_backplane_syncs_total", "Full membership resynchronisations with Redis", () => stats.syncs);
    counter(
      "mesh_backplane_nodes_lost_total",
      "Relay processes that left the mesh or were found dead",
      () => stats.nodesLost,
    );
  }

  /** A routed request or direct frame for a member of another process. */
  deliverRemote(member: RemoteMember, data: Buffer): void {
    if (!this.online) {
      this.failed("deliver", null);
      this.failRoute(data, member);
      return;
    }
    this.stats.published.deliver++;
    const message = Buffer.concat([Buffer.from(`D${this.nodeId}\n${member.id}\n`), data]);
    this.commands.publish(this.nodeChannel(member.node), message).catch((error: unknown) => {
      this.failed("deliver", error);
      this.failRoute(data, member);
    });
  }

  /** Answers a routed request whose target could not be reached, at once, as the relay answers any failure. */
  private failRoute(data: Buffer, target: MeshMember): void {
    const routeId = frameId(data);
    if (routeId === null) return;
    for (const node of this.nodes) if (node.completeRoute(routeId, target, BACKPLANE_UNAVAILABLE)) return;
  }

  private key(kind: "node" | "members" | "seq"): string {
    return kind === "seq" ? `${this.prefix}seq` : `${this.prefix}${kind}:${this.nodeId}`;
  }

  private nodeChannel(node: string): string {
    return `${this.prefix}node:${node}`;
  }

  private broadcastChannel(interestKey: string): string {
    return `${this.prefix}b:${interestKey}`;
  }

  private index(entry: Entry): void {
    const member = entry.member;
    this.byIdMap.set(member.id, entry);
    this.byNameMap.set(scopedKey(member.namespace, member.name), entry);
  }

  /** Drops an entry from the replica, tells the relays, and (for a local member) tells Redis. */
  private remove(entry: Entry): void {
    const member = entry.member;
    this.byIdMap.delete(member.id);
    const nameKey = scopedKey(member.namespace, member.name);
    if (this.byNameMap.get(nameKey) === entry) this.byNameMap.delete(nameKey);
    this.confirmed.delete(member.id);
    this.pending.delete(member.id);
    const keys = [channelKey(member), namespaceKey(member.namespace)];
    if (entry.node === this.nodeId) {
      this.local.delete(member.id);
      for (const key of keys) {
        const members = this.localInterest.get(key);
        if (members === undefined) continue;
        members.delete(member);
        if (members.size === 0) {
          this.localInterest.delete(key);
          this.unsubscribe(key);
        }
      }
      this.announceLeave(member);
    } else {
      for (const key of keys) {
        const count = (this.remoteInterest.get(key) ?? 1) - 1;
        if (count === 0) this.remoteInterest.delete(key);
        else this.remoteInterest.set(key, count);
      }
    }
    for (const node of this.nodes) node.memberLeft(member);
  }

  private restoreShadowed(nameKey: string): void {
    for (const [id, shadow] of this.shadowed) {
      if (scopedKey(shadow.record[4], shadow.record[1]) !== nameKey) continue;
      this.shadowed.delete(id);
      if (!this.byNameMap.has(nameKey)) this.addRemote(shadow.node, shadow.seq, shadow.record);
    }
  }

  private addRemote(node: string, seq: number, record: MemberRecord): void {
    const [id, name, channel, role, namespace] = record;
    const entry: Entry = {
      member: new RemoteMember(this, node, id, name, channel, role, namespace),
      node,
      seq,
    };
    this.index(entry);
    this.confirmed.set(id, entry);
    for (const key of [channelKey(entry.member), namespaceKey(namespace)])
      this.remoteInterest.set(key, (this.remoteInterest.get(key) ?? 0) + 1);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Subscribes to a broadcast channel before the join is announced, so no broadcast meant for the member is missed. */
  private subscribe(key: string): Promise<void> {
    const existing = this.subscriptions.get(key);
    if (existing !== undefined) return existing.ready;
    const listener = (message: Buffer) => {
      // A listener outlived by a newer subscription to the same channel stays quiet: no double delivery.
      if (this.subscriptions.get(key)?.listener === listener) this.onBroadcast(key, message);
    };
    const ready = Promise.resolve(
      this.subscriber.subscribe(this.broadcastChannel(key), listener, true),
    ).catch((error: unknown) => {
      if (this.subscriptions.get(key)?.listener === listener) this.subscriptions.delete(key);
      throw error;
    });
    this.subscriptions.set(key, { ready, listener });
    return ready;
  }

  private unsubscribe(key: string): void {
    const subscription = this.subscriptions.get(key);
    if (subscription === undefined) return;
    this.subscriptions.delete(key);
    subscription.ready
      .then(() => this.subscriber.unsubscribe(this.broadcastChannel(key), subscription.listener, true))
      .catch(() => undefined);
  }

  private announceJoin(member: MeshMember): void {
    if (!this.online) return; // the next sync registers it
    const keys = [channelKey(member), namespaceKey(member.namespace)];
    Promise.all(keys.map((key) => this.subscribe(key)))
      .then(() => {
        if (this.local.get(member.id) !== member) return;
        return this.scripts.run(
          JOIN,
          [this.key("seq"), this.key("members")],
          [member.id, memberJson(member), this.controlChannel, this.nodeId],
        );
      })
      .catch((error: unknown) => this.failed("join", error));
  }

  private announceLeave(member: MeshMember): void {
    if (!this.online) return; // the next sync drops it
    this.scripts
      .run(LEAVE, [this.key("seq"), this.key("members")], [member.id, this.controlChannel, this.nodeId])
      .catch((error: unknown) => this.failed("leave", error));
  }

  private subscribeOwnChannels(): void {
    if (this.closed) return;
    Promise.all([
      this.subscriber.subscribe(this.controlChannel, (message: string) => this.onControl(message)),
      this.subscriber.subscribe(this.ownChannel, (message: Buffer) => this.onDirect(message), true),
    ]).then(
      () => {
        this.ownChannelsSubscribed = true;
        this.resync();
      },
      (error: unknown) => {
        this.failed("sync", error);
        if (this.subscriber.isReady) this.subscribeOwnChannels();
      },
    );
  }

  private connectionLost(error: unknown): void {
    if (this.closed) return;
    if (this.online) {
      this.logger?.warn({ err: error }, "redis unreachable: serving local members only until it returns");
    }
    this.online = false;
    // Control events received after the reconnection wait for the next snapshot.
    this.syncing = true;
  }

  private connectionReady(): void {
    if (this.closed || !this.commands.isReady || !this.subscriber.isReady) return;
    if (this.ownChannelsSubscribed) this.resync();
  }

  /**
   * Brings Redis and the replica in line: Redis gets exactly this process's members, the replica
   * gets exactly the mesh in Redis. Events that arrive meanwhile are held and applied afterwards.
   */
  private resync(): void {
    if (this.closed) return;
    this.syncing = true;
    if (this.syncRunning) {
      this.syncAgain = true;
      return;
    }
    this.syncRunning = true;
    void this.runSync().finally(() => {
      this.syncRunning = false;
      if (this.syncAgain) {
        this.syncAgain = false;
        this.resync();
      }
    });
  }

  private async runSync(): Promise<void> {
    if (!this.commands.isReady || !this.subscriber.isReady) return;
    const args = [this.prefix, this.controlChannel, this.nodeId, String(this.nodeTtlMs)];
    const locals = [...this.local.values()];
    for (const member of locals) args.push(member.id, memberJson(member));
    let reply: unknown;
    try {
      // Resubscribe broadcast channels of local members (Redis may have been replaced).
      await Promise.all([...this.localInterest.keys()].map((key) => this.subscribe(key)));
      reply = await this.scripts.run(SYNC, [this.key("node"), this.key("members"), this.key("seq")], args);
    } catch (error) {
      this.failed("sync", error);
      return;
    }
    if (this.closed) return;
    this.applySnapshot(reply as unknown[]);
    this.stats.syncs++;
    const held = this.heldEvents;
    this.heldEvents = [];
    this.syncing = false;
    this.online = true;
    this.onlineSince = Date.now();
    this.canaryLost = false;
    for (const event of held) this.onControl(event);
    this.changed();
    this.logger?.info(
      { members: this.byIdMap.size, nodes: this.liveNodes.size },
      "membership synchronised with redis",
    );
  }

  private applySnapshot(reply: unknown[]): void {
    const snapshotSeq = Number(reply[0]);
    this.liveNodes.clear();
    this.liveNodes.add(this.nodeId);
    for (const node of reply[1] as unknown[]) this.liveNodes.add(String(node));
    const found: { node: string; seq: number; record: MemberRecord }[] = [];
    for (let index = 2; index + 1 < reply.length; index += 2) {
      const node = String(reply[index]);
      const value = String(reply[index + 1]);
      const space = value.indexOf(" ");
      let record: unknown;
      try {
        record = JSON.parse(value.slice(space + 1));
      } catch {
        continue;
      }
      if (isMemberRecord(record)) found.push({ node, seq: Number(value.slice(0, space)), record });
    }
    found.sort((a, b) => a.seq - b.seq);
    // Last writer wins: a name keeps its highest-numbered holder.
    const winners = new Map<string, number>();
    for (const { seq, record } of found) winners.set(scopedKey(record[4], record[1]), seq);
    const live = new Set<string>();
    for (const { seq, record } of found)
      if (winners.get(scopedKey(record[4], record[1])) === seq) live.add(record[0]);
    // Forget what is gone; evict local members that lost their name to a newer join elsewhere.
    for (const entry of [...this.byIdMap.values()]) {
      if (entry.node === this.nodeId) {
        const inRedis = found.some((item) => item.record[0] === entry.member.id);
        if (inRedis && !live.has(entry.member.id)) {
          this.remove(entry);
          entry.member.evict();
        }
      } else if (!live.has(entry.member.id)) {
        this.remove(entry);
      }
    }
    // Rebuild the order: confirmed by seq, then local members Redis does not hold yet.
    const previousPending = [...this.pending.values()];
    this.confirmed.clear();
    this.pending.clear();
    for (const { node, seq, record } of found) {
      if (!live.has(record[0])) continue;
      const existing = this.byIdMap.get(record[0]);
      if (existing !== undefined) {
        existing.seq = seq;
        this.confirmed.set(record[0], existing);
      } else if (node !== this.nodeId) {
        const incumbent = this.byNameMap.get(scopedKey(record[4], record[1]));
        if (incumbent !== undefined) this.remove(incumbent);
        this.addRemote(node, seq, record);
      }
    }
    for (const entry of previousPending)
      if (!this.confirmed.has(entry.member.id)) this.pending.set(entry.member.id, entry);
    for (const member of this.local.values()) {
      if (!this.confirmed.has(member.id) && !this.pending.has(member.id)) {
        const entry = this.byIdMap.get(member.id);
        if (entry !== undefined) this.pending.set(member.id, entry);
      }
    }
    this.shadowed.clear();
    this.appliedSeq = snapshotSeq;
  }

  private onControl(message: string): void {
    if (this.syncing) {
      this.heldEvents.push(message);
      return;
    }
    const parts = message.split(" ", 3);
    const seq = Number(parts[1]);
    if (!(seq > this.appliedSeq)) return;
    this.appliedSeq = seq;
    const node = parts[2];
    switch (parts[0]) {
      case "J": {
        let record: unknown;
        try {
          record = JSON.parse(message.slice(parts[0].length + parts[1].length + node.length + 3));
        } catch {
          return;
        }
        if (isMemberRecord(record)) this.onJoin(node, seq, record);
        return;
      }
      case "L": {
        if (node === this.nodeId) return;
        const id = message.slice(parts[0].length + parts[1].length + node.length + 3);
        this.shadowed.delete(id);
        const entry = this.byIdMap.get(id);
        if (entry !== undefined && entry.node === node) {
          this.remove(entry);
          this.changed();
        }
        return;
      }
      case "N":
        this.liveNodes.add(node);
        return;
      case "D":
        this.onNodeGone(node);
        return;
    }
  }

  private onJoin(node: string, seq: number, record: MemberRecord): void {
    const [id, name, , , namespace] = record;
    const existing = this.byIdMap.get(id);
    if (existing !== undefined) {
      // Our own join confirmed, or a member registered again after a sync: it moves to its new place.
      existing.seq = seq;
      this.pending.delete(id);
      this.confirmed.delete(id);
      this.confirmed.set(id, existing);
      this.changed();
      return;
    }
    if (node === this.nodeId) return; // left before its join was confirmed
    const incumbent = this.byNameMap.get(scopedKey(namespace, name));
    if (incumbent !== undefined) {
      // A local join Redis has not numbered yet is newer than anything numbered already: it wins,
      // and the other process evicts its member when it sees that join.
      if (incumbent.seq === 0) {
        this.shadowed.set(id, { node, seq, record });
        return;
      }
      this.remove(incumbent);
      if (incumbent.node === this.nodeId) incumbent.member.evict();
    }
    this.addRemote(node, seq, record);
    this.changed();
  }

  private onNodeGone(node: string): void {
    if (node === this.nodeId) {
      if (!this.closed) {
        this.logger?.warn("this process was declared dead (heartbeat missed): registering again");
        this.resync();
      }
      return;
    }
    this.stats.nodesLost++;
    for (const [id, shadow] of this.shadowed) if (shadow.node === node) this.shadowed.delete(id);
    let removed = 0;
    for (const entry of [...this.confirmed.values()]) {
      if (entry.node !== node) continue;
      this.remove(entry);
      removed++;
    }
    this.liveNodes.delete(node);
    this.logger?.warn({ lost: node, members: removed }, "relay process left the mesh");
    if (removed > 0) this.changed();
  }

  private onBroadcast(key: string, message: Buffer): void {
    const newline = message.indexOf(NEWLINE);
    if (newline < 0 || message.toString("latin1", 0, newline) === this.nodeId) return;
    this.stats.received.broadcast++;
    const members = this.localInterest.get(key);
    if (members === undefined) return;
    const frame = message.subarray(newline + 1);
    for (const member of members) member.deliver(frame);
    this.stats.remoteDeliveries += members.size;
  }

  private onDirect(message: Buffer): void {
    switch (message[0]) {
      case KIND_DELIVER: {
        const first = message.indexOf(NEWLINE);
        const second = message.indexOf(NEWLINE, first + 1);
        if (first < 0 || second < 0) return;
        this.stats.received.deliver++;
        const member = this.local.get(message.toString("latin1", first + 1, second));
        if (member === undefined) return;
        const frame = message.subarray(second + 1);
        const routeId = frameId(frame);
        if (routeId !== null) this.rememberOrigin(routeId, message.toString("latin1", 1, first));
        member.deliver(frame);
        return;
      }
      case KIND_REPLY: {
        const text = message.toString();
        const first = text.indexOf("\n");
        const second = text.indexOf("\n", first + 1);
        if (first < 0 || second < 0) return;
        this.stats.received.reply++;
        const from = this.byIdMap.get(text.slice(first + 1, second));
        if (from === undefined) return;
        let payload: unknown;
        try {
          payload = JSON.parse(text.slice(second + 1));
        } catch {
          return;
        }
        const routeId = text.slice(1, first);
        for (const node of this.nodes) if (node.completeRoute(routeId, from.member, payload)) return;
        return;
      }
      case KIND_CANARY:
        this.lastCanaryAt = Date.now();
        if (this.canaryLost) {
          // Messages were lost while the canary was: the replica may have missed events.
          this.canaryLost = false;
          this.logger?.warn("pub/sub canary back: resynchronising membership");
          this.resync();
        }
        return;
    }
  }

  private rememberOrigin(routeId: string, node: string): void {
    const origins = this.routeOrigins;
    if (origins.size >= MAX_ROUTE_ORIGINS) origins.delete(origins.keys().next().value!);
    origins.set(routeId, { node, expiresAt: Date.now() + this.routeTimeoutMs });
  }

  private forgetExpiredOrigins(): void {
    const now = Date.now();
    for (const [routeId, origin] of this.routeOrigins) {
      if (origin.expiresAt > now) break;
      this.routeOrigins.delete(routeId);
    }
  }

  private heartbeat(): void {
    this.forgetExpiredOrigins();
    if (!this.online) return;
    this.scripts
      .run(
        HEARTBEAT,
        [this.key("node"), this.key("seq")],
        [this.prefix, this.controlChannel, this.nodeId, String(this.nodeTtlMs)],
      )
      .then(
        (alive) => {
          if (Number(alive) === 0) {
            this.logger?.warn("heartbeat key gone (redis restarted empty?): registering again");
            this.resync();
          }
        },
        (error: unknown) => this.failed("heartbeat", error),
      );
  }

  private sendCanary(): void {
    if (!this.online) return;
    if (!this.canaryLost && this.health().status === "unhealthy") {
      this.canaryLost = true;
      this.logger?.error("pub/sub canary lost: messages between processes are not arriving");
    }
    this.commands
      .publish(this.ownChannel, `C${++this.canarySequence}`)
      .catch((error: unknown) => this.failed("canary", error));
  }

  /** Counts a failed cross-process operation; logs at most once a second so an outage does not flood the log. */
  private failed(op: FailureOp, error: unknown): void {
    this.stats.failures[op]++;
    const now = Date.now();
    if (now - this.lastFailureLogAt < 1000) return;
    this.lastFailureLogAt = now;
    this.logger?.warn(
      { op, failures: this.stats.failures[op] },
      "cross-process %s failed: %s",
      op,
      error === null ? "redis unreachable" : describe(error),
    );
  }
}
