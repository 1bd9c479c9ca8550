/** A token bucket: `rate` per second, holding at most `burst`. Rate 0 lets everything through. */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    if (this.rate <= 0) return true;
    const now = performance.now();
    const refilled = this.tokens + ((now - this.refilledAt) * this.rate) / 1000;
    this.tokens = refilled > this.burst ? this.burst : refilled;
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface RateLimits {
  /** Broadcasts (every fan-out verb) per second per connection; burst twice that. Default 20. */
  connectionBroadcastsPerSecond: number;
  /** Frames per second summed over an account's members on this process; burst twice. Default 500. */
  accountFramesPerSecond: number;
  /** Broadcasts per second summed over an account's members on this process; burst twice. Default 100. */
  accountBroadcastsPerSecond: number;
}

export const RATE_DEFAULTS: RateLimits = {
  connectionBroadcastsPerSecond: 20,
  accountFramesPerSecond: 500,
  accountBroadcastsPerSecond: 100,
};

export function bucket(perSecond: number): TokenBucket {
  return new TokenBucket(perSecond, perSecond * 2);
}
