/**
 * Bounds concurrent inbound handlers per client: at most `maxInflight` run at once (64, as the
 * reference client); further frames wait in a FIFO of at most `maxQueued`; past that a frame is
 * dropped and reported through `onOverflow` (the client counts and logs it).
 */
export class HandlerPool {
  private inflight = 0;
  private readonly queue: Array<() => Promise<void>> = [];

  constructor(
    readonly maxInflight: number,
    readonly maxQueued: number,
    private readonly onOverflow: () => void,
  ) {
    if (!Number.isInteger(maxInflight) || maxInflight < 1)
      throw new RangeError("maxInflightHandlers must be >= 1");
  }

  run(task: () => Promise<void>): void {
    if (this.inflight < this.maxInflight) {
      this.start(task);
    } else if (this.queue.length < this.maxQueued) {
      this.queue.push(task);
    } else {
      this.onOverflow();
    }
  }

  /** Forgets queued (not yet started) tasks, e.g. when their connection is gone. */
  clearQueue(): void {
    this.queue.length = 0;
  }

  private start(task: () => Promise<void>): void {
    this.inflight++;
    void task().finally(() => {
      this.inflight--;
      const next = this.queue.shift();
      if (next) this.start(next);
    });
  }
}
