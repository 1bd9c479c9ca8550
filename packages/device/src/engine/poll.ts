import { isObject } from "./json.js";

/** One `pollGroups` entry, checked (layout.md §10.3). */
export interface PollGroup {
  name: string;
  event: string;
  intervalMs: number;
  payload: unknown;
}

/** The usable poll groups of a layout; entries without an `event` or a positive `interval` are skipped. */
export function compilePollGroups(pollGroups: unknown): PollGroup[] {
  if (!isObject(pollGroups)) return [];
  const out: PollGroup[] = [];
  for (const [name, entry] of Object.entries(pollGroups)) {
    if (!isObject(entry) || typeof entry.event !== "string" || entry.event === "") continue;
    const interval = entry.interval;
    if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) continue;
    out.push({ name, event: entry.event, intervalMs: interval * 1000, payload: entry.payload ?? null });
  }
  return out;
}

/**
 * Fires poll groups while the device is connected and the page is visible: once on start (layout
 * load, reconnect, page shown again), then every `interval` seconds (session-protocol §9.11).
 */
export class PollRunner {
  private timers: ReturnType<typeof setInterval>[] = [];
  private connected = false;
  private foreground = true;
  private groups: PollGroup[] = [];

  constructor(private readonly fire: (group: PollGroup) => void) {}

  setGroups(groups: PollGroup[]): void {
    this.stop();
    this.groups = groups;
    this.update();
  }

  setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    this.update();
  }

  setForeground(foreground: boolean): void {
    if (foreground === this.foreground) return;
    this.foreground = foreground;
    this.update();
  }

  get running(): boolean {
    return this.timers.length > 0;
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private update(): void {
    const shouldRun = this.connected && this.foreground;
    if (!shouldRun) {
      this.stop();
      return;
    }
    if (this.running) return;
    for (const group of this.groups) {
      this.fire(group);
      this.timers.push(setInterval(() => this.fire(group), group.intervalMs));
    }
  }
}
