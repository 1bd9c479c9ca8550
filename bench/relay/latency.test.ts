import { describe, expect, it } from "vitest";
import { medianLatency, p99DifferencePerRound, readSentAt, type LatencyResult } from "./latency.js";

describe("readSentAt", () => {
  it("reads the stamp wherever the server put it in the frame", () => {
    const frame = `{"id":"a","type":"broadcast","payload":{"msg_type":"metrics","seq":3,"bench_sent_at":12345.6789},"reply_to":null}`;
    expect(readSentAt(Buffer.from(frame))).toBe(12345.6789);
  });

  it("tolerates a stamp at the very end of the data", () => {
    expect(readSentAt(Buffer.from('"bench_sent_at":7.5'))).toBe(7.5);
  });

  it("is undefined for frames without a stamp or with a malformed one", () => {
    expect(readSentAt(Buffer.from('{"type":"broadcast","payload":{"seq":1}}'))).toBeUndefined();
    expect(readSentAt(Buffer.from('{"payload":{"bench_sent_at":"x"}}'))).toBeUndefined();
  });
});

const run = (p99Ms: number | undefined, samples = 10): LatencyResult => ({
  p50Ms: p99Ms === undefined ? undefined : p99Ms / 2,
  p99Ms,
  maxMs: p99Ms === undefined ? undefined : p99Ms * 2,
  samples,
  expected: 10,
  closedViewers: 0,
});

describe("medianLatency", () => {
  it("takes the median of each percentile over the runs and sums the samples", () => {
    const merged = medianLatency([run(30), run(10), run(20, 9)]);
    expect(merged).toMatchObject({ p50Ms: 10, p99Ms: 20, maxMs: 40, samples: 29, expected: 30 });
  });

  it("takes the lower middle of an even count and skips runs without samples", () => {
    expect(medianLatency([run(40), run(10), run(undefined, 0), run(20)]).p99Ms).toBe(20);
    expect(medianLatency([run(40), run(10)]).p99Ms).toBe(10);
    expect(() => medianLatency([])).toThrow(RangeError);
  });
});

describe("p99DifferencePerRound", () => {
  it("pairs the runs by round and leaves out rounds where either has no p99", () => {
    const remote = [run(25), run(18), run(undefined, 0), run(30)];
    const single = [run(20), run(21), run(19)];
    expect(p99DifferencePerRound(remote, single)).toEqual([5, -3]);
  });
});
