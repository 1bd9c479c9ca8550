import { monitorEventLoopDelay } from "node:perf_hooks";
import type { ChildMessage, ParentMessage, ServerStats } from "../lib/ipc.js";

/** A server under test, listening on 127.0.0.1. */
export interface BenchServer {
  port: number;
  /** What the server was started with, printed beside the results. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

const gc = (globalThis as { gc?: () => void }).gc;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function readStats(collect: boolean): ServerStats {
  if (collect && gc) {
    // Two passes: the first can only queue weakly held objects for the second to free.
    gc();
    gc();
  }
  const memory = process.memoryUsage();
  // The histogram counts nanoseconds. A collected reading starts a new period (after its own GC pause).
  const delay = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
  if (collect) loopDelay.reset();
  return {
    loopDelay: delay,
    cpu: process.cpuUsage(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    collected: collect && gc !== undefined,
  };
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Runs `start` in this process and serves the bench's IPC requests for it. Exits when the parent
 * goes away, so an aborted bench never leaves a server behind.
 */
export async function hostOverIpc(start: () => Promise<BenchServer>): Promise<void> {
  if (!process.send) {
    throw new Error("bench servers need an IPC channel: they are started by bench/lib/server-process.ts");
  }
  process.on("disconnect", () => process.exit(0));
  let server: BenchServer;
  try {
    server = await start();
  } catch (error) {
    send({ kind: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  process.on("message", (raw: ParentMessage) => {
    if (raw.cmd === "stats" || raw.cmd === "gc-stats") {
      send({ kind: "stats", seq: raw.seq, stats: readStats(raw.cmd === "gc-stats") });
      return;
    }
    void server.close().finally(() => {
      send({ kind: "closed", seq: raw.seq });
      process.disconnect();
    });
  });
  send({ kind: "ready", port: server.port, config: server.config });
}
