export interface BackoffOptions {
  /** First retry delay. Default 2000 ms. */
  initialDelayMs?: number;
  /** Cap on the delay. Default 30000 ms. */
  maxDelayMs?: number;
  /** Relative jitter: each delay is scaled by a random factor in [1 − jitter, 1 + jitter]. Default 0.2. */
  jitter?: number;
}

/**
 * Reconnect delays: initial, doubling up to the cap, randomized so a relay restart is not met by
 * every client at the same instant. `reset()` on admission starts over from the initial delay.
 */
export class Backoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  private base: number;

  constructor(
    options: BackoffOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.initialDelayMs = options.initialDelayMs ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.jitter = options.jitter ?? 0.2;
    if (!(this.initialDelayMs >= 0)) throw new RangeError("reconnect.initialDelayMs must be >= 0");
    if (!(this.maxDelayMs >= this.initialDelayMs))
      throw new RangeError("reconnect.maxDelayMs must be >= initialDelayMs");
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new RangeError("reconnect.jitter must be within 0…1");
    this.base = this.initialDelayMs;
  }

  /** The next delay to wait, in ms; advances the sequence. */
  next(): number {
    const base = this.base;
    this.base = Math.min(this.base * 2, this.maxDelayMs);
    const factor = 1 + this.jitter * (2 * this.random() - 1);
    return Math.round(Math.min(base * factor, this.maxDelayMs));
  }

  reset(): void {
    this.base = this.initialDelayMs;
  }
}
