import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerStats } from "../lib/ipc.js";
import { cpuMicros, cpuPercent } from "../lib/stats.js";

/** Whatever reports the CPU of the server side: one server process, or several summed. */
export interface StatsSource {
  stats(timeoutMs?: number): Promise<ServerStats>;
}

/** A counter read over a measured interval, with the CPU both processes spent in it. */
export interface WindowSample {
  count: number;
  wallMs: number;
  serverCpuUs: number;
  loadgenCpuUs: number;
  /** Busy CPU of the whole machine (all processes), when /proc/stat is readable. */
  machineCpuUs: number | undefined;
}

/** Linux's USER_HZ: /proc/stat counts CPU time in 1/100 s ticks. */
const MICROS_PER_TICK = 10_000;

/** Busy CPU time of the whole machine so far (µs), or undefined off Linux. */
function machineBusyMicros(): number | undefined {
  try {
    const cpuLine = readFileSync("/proc/stat", "latin1").split("\n", 1)[0];
    // cpu user nice system idle iowait irq softirq steal ...
    const ticks = cpuLine.trim().split(/\s+/).slice(1).map(Number);
    const busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks[7] ?? 0);
    return Number.isFinite(busy) ? busy * MICROS_PER_TICK : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `counter` and both processes' CPU at the start and end of a `windowMs` interval while
 * traffic keeps flowing. The sleep is the measurement interval itself, not a synchronization.
 */
export async function sampleWindow(
  server: StatsSource,
  windowMs: number,
  counter: () => number,
): Promise<WindowSample> {
  const serverBefore = await server.stats();
  const countBefore = counter();
  const loadgenBefore = process.cpuUsage();
  const machineBefore = machineBusyMicros();
  const startedAt = performance.now();
  await sleep(windowMs);
  const serverAfter = await server.stats();
  const countAfter = counter();
  const loadgenAfter = process.cpuUsage();
  const machineAfter = machineBusyMicros();
  return {
    count: countAfter - countBefore,
    wallMs: performance.now() - startedAt,
    serverCpuUs: cpuMicros(serverBefore.cpu, serverAfter.cpu),
    loadgenCpuUs: cpuMicros(loadgenBefore, loadgenAfter),
    machineCpuUs:
      machineBefore === undefined || machineAfter === undefined ? undefined : machineAfter - machineBefore,
  };
}

export function perSecond(sample: WindowSample): number {
  return sample.wallMs > 0 ? (sample.count * 1000) / sample.wallMs : 0;
}

/** Server CPU microseconds per counted event (delivery, round trip). */
export function serverCpuPerEvent(sample: WindowSample): number | undefined {
  return sample.count > 0 ? sample.serverCpuUs / sample.count : undefined;
}

const SATURATED_PERCENT = 85;
const CONTENDED_PERCENT = 25;

/**
 * Which process ran out of CPU during the window, e.g. "server 97% · loadgen 61% · others 3% of a
 * core → server-bound". "others" is everything else on the machine: other engineers' test runs on
 * a shared box show up there, and make the figures unreliable.
 */
export function describeSaturation(sample: WindowSample): string {
  const server = cpuPercent(sample.serverCpuUs, sample.wallMs);
  const loadgen = cpuPercent(sample.loadgenCpuUs, sample.wallMs);
  const others =
    sample.machineCpuUs === undefined
      ? undefined
      : Math.max(0, cpuPercent(sample.machineCpuUs, sample.wallMs) - server - loadgen);
  const serverBound = server >= SATURATED_PERCENT;
  const loadgenBound = loadgen >= SATURATED_PERCENT;
  let verdict =
    serverBound && loadgenBound
      ? "both saturated"
      : serverBound
        ? "server-bound"
        : loadgenBound
          ? "loadgen-bound"
          : "neither saturated (flow-control window, latency or CPU contention)";
  if (others !== undefined && others >= CONTENDED_PERCENT)
    verdict += "; other processes contended for the CPU";
  const othersText = others === undefined ? "" : ` · others ${others.toFixed(0)}%`;
  return `server ${server.toFixed(0)}% · loadgen ${loadgen.toFixed(0)}%${othersText} of a core → ${verdict}`;
}

/** Resolves once `done()` holds, polling every 10 ms; false if `timeoutMs` passed first. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Waits (at most `timeoutMs`) until the server process is nearly idle, e.g. after mass disconnects.
 * A server too backlogged to answer within the deadline is left as it is: the next measurement's
 * saturation note will show it.
 */
export async function waitForQuietServer(server: StatsSource, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const remaining = (): number => Math.max(1, deadline - performance.now());
  try {
    let previous = await server.stats(remaining());
    let previousAt = performance.now();
    while (performance.now() < deadline) {
      await sleep(100);
      const current = await server.stats(remaining());
      const now = performance.now();
      if (cpuPercent(cpuMicros(previous.cpu, current.cpu), now - previousAt) < 10) return;
      previous = current;
      previousAt = now;
    }
  } catch {
    return;
  }
}
