import { batch, signal, type Signal } from "@preact/signals";

/** Schedules `flush` before the next paint; the browser uses `requestAnimationFrame`. */
export type FrameScheduler = (flush: () => void) => void;

export const animationFrameScheduler: FrameScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * Control values. The engine writes the latest normalized value at once (`current`, what
 * receivers and read-back verbs see); the signals components subscribe to follow in one batched
 * flush per animation frame, so any number of frames between two paints costs one render.
 */
export class ValueStore {
  private readonly current = new Map<string, unknown>();
  private readonly signals = new Map<string, Signal<unknown>>();
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Flushes that changed at least one signal. */
  renders = 0;

  constructor(private readonly schedule: FrameScheduler) {}

  get(id: string): unknown {
    return this.current.get(id);
  }

  has(id: string): boolean {
    return this.current.has(id);
  }

  ids(): IterableIterator<string> {
    return this.current.keys();
  }

  /** The signal components read; created on first use with the current value. */
  signal(id: string): Signal<unknown> {
    let s = this.signals.get(id);
    if (!s) this.signals.set(id, (s = signal(this.current.get(id))));
    return s;
  }

  /** Stores a value and queues its signal for the next flush. */
  set(id: string, value: unknown): void {
    this.current.set(id, value);
    if (!this.signals.has(id)) return;
    this.dirty.add(id);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.flush);
    }
  }

  /** Stores a value and updates its signal now (the user's own edits must not lag a frame). */
  setNow(id: string, value: unknown): void {
    this.current.set(id, value);
    this.dirty.delete(id);
    const s = this.signals.get(id);
    if (s) s.value = value;
  }

  delete(id: string): void {
    this.current.delete(id);
    this.dirty.delete(id);
    const s = this.signals.get(id);
    if (s) s.value = undefined;
  }

  clear(): void {
    this.current.clear();
    this.dirty.clear();
    batch(() => {
      for (const s of this.signals.values()) s.value = undefined;
    });
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.dirty.size === 0) return;
    this.renders++;
    batch(() => {
      for (const id of this.dirty) this.signals.get(id)!.value = this.current.get(id);
    });
    this.dirty.clear();
  };
}
