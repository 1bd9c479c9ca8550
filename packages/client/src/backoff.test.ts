import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";

describe("Backoff", () => {
  it("starts at 2 s, doubles to a 30 s cap and resets", () => {
    const b = new Backoff({ jitter: 0 });
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    b.reset();
    expect(b.next()).toBe(2000);
  });

  it("spreads each delay by the jitter fraction, never past the cap", () => {
    const low = new Backoff({ initialDelayMs: 100, maxDelayMs: 150, jitter: 0.5 }, () => 0);
    const high = new Backoff({ initialDelayMs: 100, maxDelayMs: 150, jitter: 0.5 }, () => 0.999999);
    expect([low.next(), low.next()]).toEqual([50, 75]);
    expect([high.next(), high.next()]).toEqual([150, 150]);
  });

  it("refuses nonsense settings", () => {
    expect(() => new Backoff({ initialDelayMs: -1 })).toThrow(/initialDelayMs/);
    expect(() => new Backoff({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
    expect(() => new Backoff({ jitter: 2 })).toThrow(/jitter/);
  });
});
