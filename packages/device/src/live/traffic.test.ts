import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ControlDef } from "../controls/types.js";
import { TRAFFIC_VALUE_LIMIT, TrafficTap, trafficValue } from "./traffic.js";

const gauge: ControlDef = {
  type: "gauge",
  id: "volts",
  position: [0, 0],
  sync: [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }],
};

describe("TrafficTap", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("forwards at most one value per control per sample window, the latest winning", () => {
    const sent: Record<string, unknown>[] = [];
    const tap = new TrafficTap(
      (p) => sent.push(p),
      () => gauge,
      Date.now,
    );
    tap.observe("volts", 1, "broadcast", { msg_type: "rack" });
    expect(sent).toEqual([]);
    expect(tap.configure({ enable: true, sample_ms: 10 })).toEqual({ ok: true });
    for (let v = 1; v <= 5; v++)
      tap.observe("volts", v, "broadcast", { msg_type: "rack", psu: { volts: v } });
    expect(sent).toEqual([
      {
        msg_type: "studio.traffic",
        control: "volts",
        value: 1,
        valuePath: "psu.volts",
        event: "broadcast",
        frameMsgType: "rack",
      },
    ]);
    vi.advanceTimersByTime(249);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map((p) => p.value)).toEqual([1, 5]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
    expect(tap.configure({ enable: false })).toEqual({ ok: true });
    tap.observe("volts", 6, "broadcast", { msg_type: "rack" });
    expect(sent).toHaveLength(2);
  });

  it("filters by control id or msg_type and rejects bad requests by field", () => {
    const sent: Record<string, unknown>[] = [];
    const tap = new TrafficTap(
      (p) => sent.push(p),
      () => undefined,
      Date.now,
    );
    expect(tap.configure({ enable: true, filter: "weather" })).toEqual({ ok: true });
    tap.observe("volts", 1, "broadcast", { msg_type: "rack" });
    tap.observe("temp", 2, "broadcast", { msg_type: "weather" });
    tap.observe("log", "x", "log_stream", "x");
    expect(sent).toEqual([
      { msg_type: "studio.traffic", control: "temp", value: 2, event: "broadcast", frameMsgType: "weather" },
    ]);
    expect(tap.configure({})).toEqual({ ok: false, error: "enable: must be true or false" });
    expect(tap.configure({ enable: true, sample_ms: "fast" })).toMatchObject({
      error: expect.stringMatching(/^sample_ms/),
    });
    expect(tap.configure({ enable: true, filter: 3 })).toMatchObject({
      error: expect.stringMatching(/^filter/),
    });
  });

  it("cuts values to 1 KB of JSON", () => {
    expect(trafficValue({ a: 1 })).toEqual({ value: { a: 1 } });
    const big = trafficValue("é".repeat(2000));
    expect(big.truncated).toBe(true);
    expect(new TextEncoder().encode(big.value as string).length).toBeLessThanOrEqual(TRAFFIC_VALUE_LIMIT);
    expect((big.value as string).startsWith('"éé')).toBe(true);
  });
});
