import { cpus, freemem, hostname, loadavg, totalmem, uptime } from "node:os";

/** One reading of this machine, as the demo hub pushes it. */
export interface SystemSample {
  /** Busy share of all cores since the previous reading, 0–100. */
  cpu: number;
  /** Busy share per core since the previous reading, 0–100. */
  cores: number[];
  memory: { percent: number; usedBytes: number; totalBytes: number };
  /** 1, 5 and 15 minute load averages. */
  load: [number, number, number];
  uptimeSeconds: number;
  host: string;
}

interface CoreTimes {
  busy: number;
  total: number;
}

function coreTimes(): CoreTimes[] {
  return cpus().map(({ times }) => {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    return { busy: total - times.idle, total };
  });
}

function busyPercent(before: CoreTimes | undefined, after: CoreTimes): number {
  const total = after.total - (before?.total ?? 0);
  if (!(total > 0)) return 0;
  return round1(Math.min(100, Math.max(0, ((after.busy - (before?.busy ?? 0)) / total) * 100)));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Reads CPU, memory, load and uptime. CPU is a rate, so each reading covers the time since the
 * previous one (the first covers the time since the meter was made).
 */
export class SystemMeter {
  private previous = coreTimes();

  sample(): SystemSample {
    const now = coreTimes();
    const cores = now.map((times, index) => busyPercent(this.previous[index], times));
    const sum = (list: CoreTimes[]) =>
      list.reduce((acc, t) => ({ busy: acc.busy + t.busy, total: acc.total + t.total }), {
        busy: 0,
        total: 0,
      });
    const cpu = busyPercent(sum(this.previous), sum(now));
    this.previous = now;
    const totalBytes = totalmem();
    const usedBytes = totalBytes - freemem();
    const [one, five, fifteen] = loadavg();
    return {
      cpu,
      cores,
      memory: { percent: round1((usedBytes / totalBytes) * 100), usedBytes, totalBytes },
      load: [round2(one), round2(five), round2(fifteen)],
      uptimeSeconds: Math.floor(uptime()),
      host: hostname(),
    };
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `3d 4h 12m`, `4h 12m`, `12m 5s`. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m ${s % 60}s`;
}

/** `3.2 GiB`, `512 MiB`. */
export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
