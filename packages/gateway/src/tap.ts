import type { Registry } from "prom-client";
import type { Backplane, BackplaneHealth, MeshMember, RelayNode } from "@carter/relay";

/** Sees each fanned-out frame after it was delivered: the sender and the encoded frame. */
export type FanOutObserver = (sender: MeshMember, data: Buffer) => void;

/**
 * A backplane that delegates everything to `inner` and shows every fan-out (broadcasts and the
 * other fan-out verbs, from members of this process) to an observer: the seam the gateway's alert
 * rules read broadcast traffic through, without touching the relay. The observer runs after
 * delivery; whatever it throws is reported and never reaches the sender.
 */
export class TappedBackplane implements Backplane {
  readonly health?: () => BackplaneHealth;
  readonly registerMetrics?: (registry: Registry) => void;

  constructor(
    private readonly inner: Backplane,
    private readonly observer: FanOutObserver,
    private readonly onError: (error: unknown) => void,
  ) {
    if (inner.health !== undefined) this.health = inner.health.bind(inner);
    if (inner.registerMetrics !== undefined) this.registerMetrics = inner.registerMetrics.bind(inner);
  }

  attach(node: RelayNode): () => void {
    return this.inner.attach(node);
  }

  join(member: MeshMember): void {
    this.inner.join(member);
  }

  leave(member: MeshMember): boolean {
    return this.inner.leave(member);
  }

  byId(id: string): MeshMember | undefined {
    return this.inner.byId(id);
  }

  byName(namespace: string, name: string): MeshMember | undefined {
    return this.inner.byName(namespace, name);
  }

  members(): Iterable<MeshMember> {
    return this.inner.members();
  }

  fanOut(data: Buffer, sender: MeshMember, channel: string | null): number {
    const delivered = this.inner.fanOut(data, sender, channel);
    try {
      this.observer(sender, data);
    } catch (error) {
      this.onError(error);
    }
    return delivered;
  }

  routeReply(routeId: string, from: MeshMember, payload: unknown): boolean {
    return this.inner.routeReply(routeId, from, payload);
  }

  onRosterChange(listener: () => void): () => void {
    return this.inner.onRosterChange(listener);
  }
}
