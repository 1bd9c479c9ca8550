/**
 * Anti-replay sliding window over one sender session's counters (the IPsec/DTLS scheme): the
 * highest counter seen so far plus a bitmap of which of the `size` counters at or below it were
 * already accepted. Exact duplicates and counters that fell below the window are refused;
 * anything newer, or older but still inside the window and unseen, is accepted.
 */
export class ReplayWindow {
  private readonly bits: Uint32Array;
  private highest = -1;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) {
      throw new RangeError("replay window size must be a positive multiple of 32");
    }
    this.bits = new Uint32Array(size / 32);
  }

  /** True when `n` would be accepted now. Does not record it: call `accept` once it authenticated. */
  check(n: number): boolean {
    if (n > this.highest) return true;
    if (n <= this.highest - this.size) return false;
    return !this.isSet(n);
  }

  /** Records `n` as seen; only call after `check(n)` returned true and the frame authenticated. */
  accept(n: number): void {
    if (n > this.highest) {
      const advance = n - this.highest;
      if (advance >= this.size) {
        this.bits.fill(0);
      } else {
        for (let k = this.highest + 1; k <= n; k++) this.clear(k);
      }
      this.highest = n;
    }
    const slot = n % this.size;
    this.bits[slot >>> 5] |= 1 << (slot & 31);
  }

  private isSet(n: number): boolean {
    const slot = n % this.size;
    return (this.bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
  }

  private clear(n: number): void {
    const slot = n % this.size;
    this.bits[slot >>> 5] &= ~(1 << (slot & 31));
  }
}
