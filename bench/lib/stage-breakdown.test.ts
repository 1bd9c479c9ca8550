import { describe, expect, it } from "vitest";
import type { StageStamp } from "../servers/stages.js";
import { hrtimeOffsetMs, stageBreakdown } from "./stage-breakdown.js";

describe("stageBreakdown", () => {
  it("measures each interval over the broadcasts that have both ends, on the shared clock", () => {
    const offset = 1000;
    const stamps: StageStamp[] = [
      // A cross-process broadcast sent at 10 (1010 on the shared clock).
      [10, "fanout", 1011],
      [10, "fanout-written", 1012],
      [10, "received", 1015],
      [10, "received-written", 1025],
      // A single-process one: no Redis stages.
      [50, "fanout", 1053],
      [50, "fanout-written", 1060],
    ];
    const intervals = stageBreakdown(stamps, offset);
    expect(intervals.map((interval) => [interval.p50Ms, interval.count])).toEqual([
      [1, 2],
      [1, 2],
      [4, 1],
      [10, 1],
    ]);
    expect(intervals[0].p99Ms).toBe(3);
    expect(intervals[2].label).toMatch(/Redis/);
  });

  it("keeps the first stamp of a stage and leaves out intervals nobody reached", () => {
    const intervals = stageBreakdown(
      [
        [5, "fanout", 6],
        [5, "fanout", 9],
      ],
      0,
    );
    expect(intervals).toHaveLength(1);
    expect(intervals[0].p50Ms).toBe(1);
  });
});

describe("hrtimeOffsetMs", () => {
  it("maps performance.now() onto process.hrtime", () => {
    const mapped = performance.now() + hrtimeOffsetMs();
    expect(Math.abs(Number(process.hrtime.bigint()) / 1e6 - mapped)).toBeLessThan(50);
  });
});
