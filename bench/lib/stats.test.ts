import { describe, expect, it } from "vitest";
import { cpuMicros, cpuPercent, percentile } from "./stats.js";

describe("percentile", () => {
  const samples = Float64Array.from([5, 1, 4, 2, 3, 99, 99]);

  it("uses the nearest rank over the first `count` samples only", () => {
    expect(percentile(samples, 5, 50)).toBe(3);
    expect(percentile(samples, 5, 100)).toBe(5);
    expect(percentile(samples, 5, 0)).toBe(1);
    expect(percentile(samples, 5, 99)).toBe(5);
  });

  it("sorts numerically, not as strings", () => {
    expect(percentile(Float64Array.from([10, 9, 100]), 3, 50)).toBe(10);
  });

  it("leaves the samples untouched", () => {
    percentile(samples, 5, 50);
    expect(Array.from(samples)).toEqual([5, 1, 4, 2, 3, 99, 99]);
  });

  it("is undefined for no samples and rejects p outside 0..100", () => {
    expect(percentile(samples, 0, 50)).toBeUndefined();
    expect(() => percentile(samples, 3, 101)).toThrow(/0\.\.100/);
  });
});

describe("cpu helpers", () => {
  it("adds user and system time and scales to a core", () => {
    expect(cpuMicros({ user: 100, system: 50 }, { user: 1_100, system: 550 })).toBe(1_500);
    expect(cpuPercent(500_000, 1_000)).toBe(50);
    expect(cpuPercent(1, 0)).toBe(0);
  });
});
