import { writeFileSync } from "node:fs";
import type { Backplane } from "@carter/relay";
import { RedisBackplane } from "@carter/relay-redis";

/**
 * Per-stage timestamps of the latency bench's broadcasts inside a relay process, for the cluster
 * suite's breakdown of where cross-process latency goes. Only frames carrying the latency stamp
 * (`"bench_sent_at":`) are recorded, keyed by that stamp. Times are `process.hrtime` (the machine's
 * monotonic clock, the same in every process), in milliseconds.
 */
export type StageName =
  /** The publisher's process starts the fan-out of the frame. */
  | "fanout"
  /** The check phase after that fan-out: its socket writes and its Redis publish have been written. */
  | "fanout-written"
  /** A subscribing process gets the broadcast from Redis. */
  | "received"
  /** The check phase after the subscribing process's fan-out: every socket write done. */
  | "received-written";

export type StageStamp = [sentAt: number, stage: StageName, atMs: number];

const SENT_AT_KEY = Buffer.from('"bench_sent_at":');

function sentAtOf(data: Buffer): number | undefined {
  const at = data.indexOf(SENT_AT_KEY);
  if (at < 0) return undefined;
  const start = at + SENT_AT_KEY.length;
  const value = Number.parseFloat(data.toString("latin1", start, Math.min(data.length, start + 24)));
  return Number.isFinite(value) ? value : undefined;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

interface ReceivingBackplane {
  onBroadcast(key: string, message: Buffer): void;
}

/**
 * Wraps the backplane's `fanOut` (and, on the Redis backplane, its receiving side) to stamp each
 * stage, and writes the stamps to `file` as JSON when the process exits.
 */
export function recordStages(backplane: Backplane, file: string): void {
  const stamps: StageStamp[] = [];
  const stamp = (sentAt: number, stage: StageName): void => {
    stamps.push([sentAt, stage, nowMs()]);
  };
  const fanOut = backplane.fanOut.bind(backplane);
  backplane.fanOut = (data, sender, channel) => {
    const sentAt = sentAtOf(data);
    if (sentAt !== undefined) stamp(sentAt, "fanout");
    const delivered = fanOut(data, sender, channel);
    if (sentAt !== undefined) setImmediate(stamp, sentAt, "fanout-written");
    return delivered;
  };
  if (backplane instanceof RedisBackplane) {
    const receiving = backplane as unknown as Partial<ReceivingBackplane>;
    if (typeof receiving.onBroadcast !== "function")
      throw new Error("RedisBackplane has no onBroadcast: update bench/servers/stages.ts");
    const onBroadcast = receiving.onBroadcast.bind(backplane);
    const ownPrefix = Buffer.from(`${backplane.nodeId}\n`);
    receiving.onBroadcast = (key, message) => {
      // A process subscribed to a channel it publishes to gets its own broadcasts back, and drops them.
      const own = message.subarray(0, ownPrefix.length).equals(ownPrefix);
      const sentAt = own ? undefined : sentAtOf(message);
      if (sentAt !== undefined) stamp(sentAt, "received");
      onBroadcast(key, message);
      if (sentAt !== undefined) setImmediate(stamp, sentAt, "received-written");
    };
  }
  process.on("exit", () => writeFileSync(file, JSON.stringify(stamps)));
}
