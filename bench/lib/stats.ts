/** Nearest-rank percentile (p in 0..100) of the first `count` samples; undefined when empty. */
export function percentile(samples: Float64Array, count: number, p: number): number | undefined {
  if (count <= 0) return undefined;
  if (p < 0 || p > 100) throw new RangeError(`percentile p must be within 0..100, got ${p}`);
  const sorted = samples.slice(0, count).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * count));
  return sorted[rank - 1];
}

/** CPU time in microseconds between two `process.cpuUsage()` readings. */
export function cpuMicros(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage): number {
  return after.user - before.user + (after.system - before.system);
}

/** Share of one core used over a wall-clock interval, in percent. */
export function cpuPercent(cpuUs: number, wallMs: number): number {
  return wallMs > 0 ? (cpuUs / (wallMs * 1000)) * 100 : 0;
}

/** The middle value (the lower one of an even count), skipping undefined; undefined when none. */
export function median(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  return defined.length === 0 ? undefined : defined[Math.floor((defined.length - 1) / 2)];
}
