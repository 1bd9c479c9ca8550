/** Messages between the bench (parent) and a server process it spawned, over the Node IPC channel. */

export interface ServerStats {
  /** `process.cpuUsage()` of the server process: user and system CPU, microseconds. */
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
  /** Whether `global.gc()` ran before the reading (the process was started with --expose-gc). */
  collected: boolean;
  /** Event-loop delay of the server process since the previous collected (`gc-stats`) reading, in milliseconds. */
  loopDelay: { p99Ms: number; maxMs: number };
}

export type ParentMessage = { seq: number; cmd: "stats" | "gc-stats" | "close" };

export type ChildMessage =
  | { kind: "ready"; port: number; config: Record<string, unknown> }
  | { kind: "stats"; seq: number; stats: ServerStats }
  | { kind: "closed"; seq: number }
  | { kind: "failed"; error: string };
