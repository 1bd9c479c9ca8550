/**
 * Connection slots per account and product. Acquire before admitting, release exactly once when the
 * member ends. The in-process counter serves a single gateway; `RedisSlots` serves a cluster.
 */
export interface SlotCounter {
  acquire(account: string, product: string, limit: number): Promise<boolean>;
  release(account: string, product: string): void;
  /** Slots in use per `account product` as this process knows them (for metrics). */
  used(): ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export class LocalSlots implements SlotCounter {
  private readonly counts = new Map<string, number>();

  acquire(account: string, product: string, limit: number): Promise<boolean> {
    const key = `${account} ${product}`;
    const used = this.counts.get(key) ?? 0;
    if (used >= limit) return Promise.resolve(false);
    this.counts.set(key, used + 1);
    return Promise.resolve(true);
  }

  release(account: string, product: string): void {
    const key = `${account} ${product}`;
    const used = this.counts.get(key) ?? 0;
    if (used <= 1) this.counts.delete(key);
    else this.counts.set(key, used - 1);
  }

  used(): ReadonlyMap<string, number> {
    return this.counts;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
