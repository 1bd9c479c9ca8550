/**
 * The split between a relay's own sockets and mesh-wide membership and delivery, after the
 * socket.io adapter: a relay process owns sockets; the backplane owns "who is in the mesh" and
 * "get these bytes to them". The in-memory backplane is one process (or several relays in one
 * process sharing it); a Redis backplane can implement the same interface across processes, with
 * remote members represented by proxies whose `deliver` publishes to the owning process.
 */
import type { Registry } from "prom-client";

/** A mesh member as the backplane sees it. */
export interface MeshMember {
  readonly id: string;
  readonly name: string;
  readonly channel: string;
  readonly role: string;
  /** Account namespace (`""` for none). Members only ever see members of their own namespace. */
  readonly namespace: string;
  /** Writes one encoded frame (UTF-8 JSON) to the member. Never throws; a closed member ignores it. */
  deliver(data: Buffer): void;
  /** Closes the member because a newer socket reclaimed its name. */
  evict(): void;
}

/** What a relay offers its backplane: completion of the routed requests it started. */
export interface RelayNode {
  /** Hands `payload` back to whoever is waiting on `routeId` if `from` is its target; false if unknown. */
  completeRoute(routeId: string, from: MeshMember, payload: unknown): boolean;
  /** `member` left the mesh (closed or evicted): requests routed to it can no longer be answered. */
  memberLeft(member: MeshMember): void;
}

/** How a backplane is doing, served under `backplane` in `/healthz`. */
export interface BackplaneHealth {
  /**
   * `ok`; `degraded`: local members are served, the rest of the mesh is unreachable (HTTP 200);
   * `unhealthy`: the backplane looks connected but is losing messages (HTTP 503, so a load
   * balancer moves clients to another process).
   */
  status: "ok" | "degraded" | "unhealthy";
  /** Why, in words, when not ok. */
  reason?: string;
  [detail: string]: unknown;
}

export interface Backplane {
  /** Connects a relay; returns the function that disconnects it. */
  attach(node: RelayNode): () => void;
  /**
   * Adds a member; a live member with the same name in the same namespace is removed and evicted
   * first (last writer wins).
   * Every removal, here or in `leave`, is reported to each attached relay's `memberLeft`.
   */
  join(member: MeshMember): void;
  /** Removes `member` only if it is still the registered holder of its id and name; true if removed. */
  leave(member: MeshMember): boolean;
  byId(id: string): MeshMember | undefined;
  /** The member called `name` within `namespace` (an unnamespaced `4410027.hub` is not account 4410027's hub). */
  byName(namespace: string, name: string): MeshMember | undefined;
  /** Every member, in registration order. */
  members(): Iterable<MeshMember>;
  /**
   * Delivers `data` to every member of the sender's namespace in `channel` (or, when `channel` is
   * null, in any channel) except the sender itself. Returns how many members it was delivered to.
   */
  fanOut(data: Buffer, sender: MeshMember, channel: string | null): number;
  /** Passes a routed reply to the relay waiting for it. False when no relay was waiting. */
  routeReply(routeId: string, from: MeshMember, payload: unknown): boolean;
  /** Calls `listener` after membership changed (join, leave, eviction); returns the unsubscribe function. */
  onRosterChange(listener: () => void): () => void;
  /** Optional: the backplane's state for `/healthz`; absent = always ok. */
  health?(): BackplaneHealth;
  /** Optional: adds the backplane's own metrics to a relay's Prometheus registry. */
  registerMetrics?(registry: Registry): void;
}

/**
 * The key of a name or channel within its namespace. Names and channels never contain a space, so
 * account 42's `42.home` (`42 42.home`) and an unnamespaced member's `42.home` stay apart.
 */
function scopedKey(namespace: string, value: string): string {
  return namespace === "" ? value : `${namespace} ${value}`;
}

/** Membership and delivery within this process. */
export class MemoryBackplane implements Backplane {
  private readonly byIdMap = new Map<string, MeshMember>();
  /** Members by {@link scopedKey} of their name. */
  private readonly byNameMap = new Map<string, MeshMember>();
  /** Members by {@link scopedKey} of their channel. */
  private readonly channels = new Map<string, Set<MeshMember>>();
  private readonly nodes = new Set<RelayNode>();
  private readonly listeners = new Set<() => void>();

  attach(node: RelayNode): () => void {
    this.nodes.add(node);
    return () => this.nodes.delete(node);
  }

  join(member: MeshMember): void {
    const nameKey = scopedKey(member.namespace, member.name);
    const incumbent = this.byNameMap.get(nameKey);
    if (incumbent !== undefined && incumbent !== member) {
      this.remove(incumbent);
      incumbent.evict();
    }
    this.byIdMap.set(member.id, member);
    this.byNameMap.set(nameKey, member);
    const channelKey = scopedKey(member.namespace, member.channel);
    let channel = this.channels.get(channelKey);
    if (channel === undefined) {
      channel = new Set();
      this.channels.set(channelKey, channel);
    }
    channel.add(member);
    this.changed();
  }

  leave(member: MeshMember): boolean {
    if (this.byIdMap.get(member.id) !== member) return false;
    this.remove(member);
    this.changed();
    return true;
  }

  byId(id: string): MeshMember | undefined {
    return this.byIdMap.get(id);
  }

  byName(namespace: string, name: string): MeshMember | undefined {
    return this.byNameMap.get(scopedKey(namespace, name));
  }

  members(): Iterable<MeshMember> {
    return this.byIdMap.values();
  }

  fanOut(data: Buffer, sender: MeshMember, channel: string | null): number {
    let delivered = 0;
    const namespace = sender.namespace;
    if (channel !== null) {
      const members = this.channels.get(scopedKey(namespace, channel));
      if (members === undefined) return 0;
      for (const member of members) {
        if (member === sender) continue;
        member.deliver(data);
        delivered++;
      }
      return delivered;
    }
    for (const member of this.byIdMap.values()) {
      if (member === sender || member.namespace !== namespace) continue;
      member.deliver(data);
      delivered++;
    }
    return delivered;
  }

  routeReply(routeId: string, from: MeshMember, payload: unknown): boolean {
    for (const node of this.nodes) if (node.completeRoute(routeId, from, payload)) return true;
    return false;
  }

  onRosterChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private remove(member: MeshMember): void {
    this.byIdMap.delete(member.id);
    const nameKey = scopedKey(member.namespace, member.name);
    if (this.byNameMap.get(nameKey) === member) this.byNameMap.delete(nameKey);
    const channelKey = scopedKey(member.namespace, member.channel);
    const channel = this.channels.get(channelKey);
    if (channel !== undefined) {
      channel.delete(member);
      if (channel.size === 0) this.channels.delete(channelKey);
    }
    for (const node of this.nodes) node.memberLeft(member);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
