import { randomUUID } from "node:crypto";
import { createClient } from "@redis/client";
import type { Logger } from "pino";
import type { SlotCounter } from "./slots.js";
import type { Revocation } from "./store/store.js";

/**
 * Takes a slot if the account has one free. Slots are leases in a sorted set scored by expiry
 * (Redis server time, so process clocks do not matter); expired leases (a process that died) are
 * dropped first. KEYS[1] slot set · ARGV limit, lease member, lease ms.
 */
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
return 1
`;

/** Extends this process's leases. KEYS slot sets · ARGV lease ms, then one member per key. */
const RENEW = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', nowMs + tonumber(ARGV[1]), ARGV[i + 1])
  redis.call('PEXPIRE', key, tonumber(ARGV[1]) * 2)
end
return #KEYS
`;

const REVOCATIONS_CHANNEL = "carter:gateway:revocations";

/** The little of a Redis connection this class uses. */
interface RedisConnection {
  sendCommand(args: string[]): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

export interface RedisClusterOptions {
  url: string;
  /** Prefix for every key, so several gateways can share one Redis. Default `carter:gateway`. */
  prefix?: string;
  /** How long a slot lease lives without renewal; a dead process's slots free after this. Default 15 s. */
  leaseMs?: number;
  logger: Logger;
}

/**
 * What gateway processes share through Redis: connection slots counted atomically across all of
 * them, and revocations published to all of them at once (the store poll remains the fallback).
 */
export class RedisCluster implements SlotCounter {
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly process = randomUUID();
  private sequence = 0;
  /** Leases this process holds: member → slot set key, plus free members per key for reuse. */
  private readonly held = new Map<string, string[]>();
  private readonly counts = new Map<string, number>();
  private readonly renewTimer: NodeJS.Timeout;
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>();

  private constructor(
    private readonly client: RedisConnection,
    private readonly subscriber: RedisConnection,
    options: RedisClusterOptions,
  ) {
    this.prefix = options.prefix ?? "carter:gateway";
    this.leaseMs = options.leaseMs ?? 15_000;
    this.renewTimer = setInterval(() => {
      this.renew().catch((error: unknown) =>
        options.logger.error({ err: error }, "slot lease renewal failed"),
      );
    }, this.leaseMs / 3);
    this.renewTimer.unref();
  }

  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const client = createClient({ url: options.url });
    client.on("error", (error: unknown) => options.logger.error({ err: error }, "redis error"));
    await client.connect();
    const subscriber = client.duplicate();
    subscriber.on("error", (error: unknown) =>
      options.logger.error({ err: error }, "redis subscriber error"),
    );
    await subscriber.connect();
    const cluster = new RedisCluster(client as RedisConnection, subscriber as RedisConnection, options);
    await subscriber.subscribe(`${cluster.prefix}:${REVOCATIONS_CHANNEL}`, (message) => {
      let revocation: Revocation;
      try {
        revocation = JSON.parse(message) as Revocation;
      } catch {
        return;
      }
      for (const listener of cluster.revocationListeners) listener(revocation);
    });
    return cluster;
  }

  private slotKey(account: string, product: string): string {
    return `${this.prefix}:slots:${account}:${product}`;
  }

  async acquire(account: string, product: string, limit: number): Promise<boolean> {
    const key = this.slotKey(account, product);
    const member = `${this.process}:${++this.sequence}`;
    const taken = await this.client.sendCommand([
      "EVAL",
      ACQUIRE,
      "1",
      key,
      String(limit),
      member,
      String(this.leaseMs),
    ]);
    if (taken !== 1) return false;
    const members = this.held.get(key);
    if (members === undefined) this.held.set(key, [member]);
    else members.push(member);
    const countKey = `${account} ${product}`;
    this.counts.set(countKey, (this.counts.get(countKey) ?? 0) + 1);
    return true;
  }

  release(account: string, product: string): void {
    const key = this.slotKey(account, product);
    const member = this.held.get(key)?.pop();
    if (member === undefined) return;
    if (this.held.get(key)!.length === 0) this.held.delete(key);
    const countKey = `${account} ${product}`;
    const count = (this.counts.get(countKey) ?? 1) - 1;
    if (count <= 0) this.counts.delete(countKey);
    else this.counts.set(countKey, count);
    // If Redis is unreachable the lease simply expires.
    this.client.sendCommand(["ZREM", key, member]).catch(() => undefined);
  }

  used(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Tells every gateway process (this one included) about a revocation. */
  async publishRevocation(revocation: Revocation): Promise<void> {
    await this.client.sendCommand([
      "PUBLISH",
      `${this.prefix}:${REVOCATIONS_CHANNEL}`,
      JSON.stringify(revocation),
    ]);
  }

  onRevocation(listener: (revocation: Revocation) => void): void {
    this.revocationListeners.add(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    const releases: Promise<unknown>[] = [];
    for (const [key, members] of this.held) releases.push(this.client.sendCommand(["ZREM", key, ...members]));
    this.held.clear();
    this.counts.clear();
    await Promise.allSettled(releases);
    await Promise.allSettled([this.subscriber.close(), this.client.close()]);
  }

  /** Stops renewing and drops the connections without releasing anything: what a crash looks like. */
  abandon(): void {
    clearInterval(this.renewTimer);
    this.held.clear();
    this.subscriber.destroy();
    this.client.destroy();
  }

  private async renew(): Promise<void> {
    const keys: string[] = [];
    const members: string[] = [];
    for (const [key, held] of this.held) {
      for (const member of held) {
        keys.push(key);
        members.push(member);
      }
    }
    if (keys.length === 0) return;
    await this.client.sendCommand([
      "EVAL",
      RENEW,
      String(keys.length),
      ...keys,
      String(this.leaseMs),
      ...members,
    ]);
  }
}
