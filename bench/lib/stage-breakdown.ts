import type { StageName, StageStamp } from "../servers/stages.js";
import { percentile } from "./stats.js";

/** One interval of a broadcast's path, over every broadcast that has both ends stamped. */
export interface StageInterval {
  label: string;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  count: number;
}

type Path = Partial<Record<StageName | "sent", number>>;

const INTERVALS: { label: string; from: keyof Path; to: keyof Path }[] = [
  { label: "load generator send → publisher's process starts the fan-out", from: "sent", to: "fanout" },
  {
    label: "publisher's fan-out → its socket writes / Redis publish written",
    from: "fanout",
    to: "fanout-written",
  },
  {
    // From the fan-out's start: "written" is stamped in a later loop phase, which on a shared core can
    // run after the subscribing process already has the message.
    label: "publisher's fan-out starts → subscribing process receives it through Redis",
    from: "fanout",
    to: "received",
  },
  { label: "subscribing process receives → every socket written", from: "received", to: "received-written" },
];

/**
 * Where a broadcast's time goes between the load generator and the viewers' sockets, from the
 * relay processes' stage stamps (`bench/servers/stages.ts`). `loadgenOffsetMs` turns the load
 * generator's `performance.now()` send stamps into the processes' shared monotonic clock.
 */
export function stageBreakdown(stamps: StageStamp[], loadgenOffsetMs: number): StageInterval[] {
  const paths = new Map<number, Path>();
  for (const [sentAt, stage, atMs] of stamps) {
    let path = paths.get(sentAt);
    if (path === undefined) {
      path = { sent: sentAt + loadgenOffsetMs };
      paths.set(sentAt, path);
    }
    path[stage] ??= atMs;
  }
  return INTERVALS.flatMap(({ label, from, to }) => {
    const values: number[] = [];
    for (const path of paths.values()) {
      const start = path[from];
      const end = path[to];
      if (start !== undefined && end !== undefined) values.push(end - start);
    }
    if (values.length === 0) return [];
    const samples = Float64Array.from(values);
    return [
      {
        label,
        p50Ms: percentile(samples, samples.length, 50),
        p99Ms: percentile(samples, samples.length, 99),
        count: samples.length,
      },
    ];
  });
}

/** `performance.now()` + this = `process.hrtime` in milliseconds, in this process. */
export function hrtimeOffsetMs(): number {
  return Number(process.hrtime.bigint()) / 1e6 - performance.now();
}
