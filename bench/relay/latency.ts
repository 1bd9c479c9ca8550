import { setTimeout as sleep } from "node:timers/promises";
import { newId } from "@carter/protocol";
import { countClosed, type Member } from "../lib/clients.js";
import { median, percentile } from "../lib/stats.js";
import { waitUntil } from "./window.js";

export interface LatencyOptions {
  broadcastsPerSecond: number;
  warmupMs: number;
  windowMs: number;
  drainTimeoutMs: number;
  /** Filler bytes in each payload (0 for the smallest frame). */
  padBytes?: number;
}

export const defaultLatencyOptions: LatencyOptions = {
  broadcastsPerSecond: 50,
  warmupMs: 500,
  windowMs: 3_000,
  drainTimeoutMs: 5_000,
};

export interface LatencyResult {
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  maxMs: number | undefined;
  samples: number;
  expected: number;
  closedViewers: number;
}

const SENT_AT_KEY = Buffer.from('"bench_sent_at":');
const SENT_AT_DIGITS = 24;

/**
 * Several latency runs as one: the median of each percentile over the runs, samples summed. On a
 * shared machine one run can land on a burst of someone else's work; the median of a few runs,
 * taken alternately for every server compared, is what a single run would show without it.
 */
export function medianLatency(runs: LatencyResult[]): LatencyResult {
  if (runs.length === 0) throw new RangeError("medianLatency needs at least one run");
  return {
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    maxMs: median(runs.map((run) => run.maxMs)),
    samples: runs.reduce((sum, run) => sum + run.samples, 0),
    expected: runs.reduce((sum, run) => sum + run.expected, 0),
    closedViewers: Math.max(...runs.map((run) => run.closedViewers)),
  };
}

/**
 * Round by round, `runs[i].p99Ms − baselineRuns[i].p99Ms` (runs taken alternately, so a round's two
 * runs share the machine's state); rounds where either run has no p99 are left out.
 */
export function p99DifferencePerRound(runs: LatencyResult[], baselineRuns: LatencyResult[]): number[] {
  return runs.flatMap((run, round) => {
    const baseline = baselineRuns[round];
    return run.p99Ms === undefined || baseline?.p99Ms === undefined ? [] : [run.p99Ms - baseline.p99Ms];
  });
}

/**
 * Reads the send timestamp out of a delivered frame by a byte search: every viewer takes a sample
 * from every broadcast, and none of them pays for a JSON.parse.
 */
export function readSentAt(data: Buffer): number | undefined {
  const at = data.indexOf(SENT_AT_KEY);
  if (at < 0) return undefined;
  const start = at + SENT_AT_KEY.length;
  const value = Number.parseFloat(
    data.toString("latin1", start, Math.min(data.length, start + SENT_AT_DIGITS)),
  );
  return Number.isFinite(value) ? value : undefined;
}

/**
 * End-to-end latency at a fixed broadcast rate: the publisher stamps `performance.now()` into the
 * payload and each viewer subtracts it on arrival; both run in this process, so one clock.
 */
export async function measureLatency(
  publisher: Member,
  viewers: Member[],
  options: LatencyOptions = defaultLatencyOptions,
): Promise<LatencyResult> {
  const intervalMs = 1000 / options.broadcastsPerSecond;
  const total = Math.round((options.warmupMs + options.windowMs) / intervalMs);
  const samples = new Float64Array(total * viewers.length);
  let count = 0;
  let measuredBroadcasts = 0;
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupMs;

  const onDelivery = (data: Buffer): void => {
    const sentAt = readSentAt(data);
    if (sentAt === undefined || sentAt < measureFrom || count >= samples.length) return;
    samples[count++] = performance.now() - sentAt;
  };
  for (const viewer of viewers) viewer.onMessage = onDelivery;
  publisher.onMessage = () => {};
  const pad = options.padBytes ? `"pad":"${"x".repeat(options.padBytes)}",` : "";

  // Sends are scheduled against the start time, so timer lateness does not lower the rate.
  for (let sequence = 0; sequence < total; sequence++) {
    const due = startedAt + sequence * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    if (sentAt >= measureFrom) measuredBroadcasts++;
    publisher.send(
      `{"id":"${newId()}","type":"broadcast_request","payload":{"msg_type":"metrics","seq":${sequence},${pad}"bench_sent_at":${sentAt.toFixed(4)}},"reply_to":null}`,
    );
  }
  const expected = measuredBroadcasts * viewers.length;
  await waitUntil(() => count >= expected, options.drainTimeoutMs);
  for (const viewer of viewers) viewer.onMessage = () => {};

  return {
    p50Ms: percentile(samples, count, 50),
    p99Ms: percentile(samples, count, 99),
    maxMs: percentile(samples, count, 100),
    samples: count,
    expected,
    closedViewers: countClosed(viewers),
  };
}
