import { batch, signal, type Signal } from "@preact/signals";
import { UNPACED, type FlushPacer } from "./frame-budget.js";

/** Schedules `flush` before the next paint; the browser uses `requestAnimationFrame`. */
export type FrameScheduler = (flush: () => void) => void;

export const animationFrameScheduler: FrameScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * Control values. The engine writes the latest normalized value at once (`current`, what
 * receivers and read-back verbs see); the signals components subscribe to follow in one batched
 * flush per animation frame, so any number of frames between two paints costs one render. A
 * pacer may cap how many controls one flush applies: the rest stay queued, oldest first, for the
 * next frame, and show their latest value when their turn comes.
 */
export class ValueStore {
  private readonly current = new Map<string, unknown>();
  private readonly signals = new Map<string, Signal<unknown>>();
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Flushes that changed at least one signal. */
  renders = 0;

  constructor(
    private readonly schedule: FrameScheduler,
    private readonly pacer: FlushPacer = UNPACED,
  ) {}

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
    this.requestFlush();
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
    let quota = this.pacer.begin();
    let applied = 0;
    batch(() => {
      // A Set iterates in insertion order and re-adding keeps an id's place: oldest first.
      for (const id of this.dirty) {
        if (quota-- <= 0) break;
        this.signals.get(id)!.value = this.current.get(id);
        this.dirty.delete(id);
        applied++;
      }
    });
    this.pacer.flushed(applied, this.dirty.size);
    if (this.dirty.size > 0) this.requestFlush();
  };

  private requestFlush(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(this.flush);
  }
}
