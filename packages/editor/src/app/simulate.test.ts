import { describe, expect, it } from "vitest";
import { sampleFrames } from "./simulate.js";

const layout = {
  name: "Sim",
  version: 1,
  tabs: [
    {
      title: "Main",
      children: [
        {
          id: "temp",
          type: "gauge",
          position: [0, 0],
          min: -10,
          max: 40,
          sync: { event: "broadcast", filter: { msg_type: "env" }, valuePath: "air.temp" },
        },
        {
          id: "fan",
          type: "toggle",
          position: [0, 1],
          sync: { filter: { msg_type: "env" }, valuePath: "fan" },
        },
        {
          id: "jobs",
          type: "list",
          position: [1, 0],
          sync: { filter: { msg_type: "jobs" }, valuePath: "rows" },
        },
        { id: "mqtt", type: "gauge", position: [1, 1], sync: { method: "mqtt", topic: "t" } },
        { id: "plain", type: "label", position: [2, 0] },
      ],
    },
  ],
};

describe("sampleFrames", () => {
  it("merges the bindings of one frame type and filter into one payload of native values", () => {
    for (let tick = 0; tick < 20; tick++) {
      const frames = sampleFrames(layout, tick);
      expect(frames.map((f) => [f.event, f.controls])).toEqual([
        ["broadcast", ["temp", "fan"]],
        ["broadcast", ["jobs"]],
      ]);
      const env = frames[0].payload as { msg_type: string; air: { temp: number }; fan: unknown };
      expect(env.msg_type).toBe("env");
      expect(env.air.temp).toBeGreaterThanOrEqual(-10);
      expect(env.air.temp).toBeLessThanOrEqual(40);
      expect(typeof env.fan).toBe("boolean");
      const rows = (frames[1].payload as { rows: { name: string; value: number }[] }).rows;
      expect(rows.length).toBeGreaterThan(1);
      expect(typeof rows[0].value).toBe("number");
    }
  });

  it("moves the values from one tick to the next", () => {
    const temp = (tick: number) =>
      (sampleFrames(layout, tick)[0].payload as { air: { temp: number } }).air.temp;
    expect(new Set([0, 1, 2, 3].map(temp)).size).toBeGreaterThan(1);
  });

  it("fires nothing for a layout without meshsocket sync bindings", () => {
    expect(sampleFrames({ name: "x", version: 1, tabs: [{ title: "t", children: [] }] }, 0)).toEqual([]);
  });
});
