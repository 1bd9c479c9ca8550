/** A frame waiting for admission; sealed only when flushed, with the new connection's E2EE session. */
export interface BufferedFrame {
  id: string;
  type: string;
  payload: unknown;
  replyTo: string | null;
}

/** The opt-in RAM offline buffer: at most `capacity` frames, oldest evicted first. */
export class OfflineBuffer {
  private frames: BufferedFrame[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new RangeError("offlineBuffer must be an integer >= 0");
  }

  get size(): number {
    return this.frames.length;
  }

  /** Queues a frame; returns the evicted oldest frame when the buffer was full. */
  push(frame: BufferedFrame): BufferedFrame | undefined {
    this.frames.push(frame);
    return this.frames.length > this.capacity ? this.frames.shift() : undefined;
  }

  /** Removes and returns every queued frame, oldest first. */
  drain(): BufferedFrame[] {
    const out = this.frames;
    this.frames = [];
    return out;
  }
}
