import { describe, expect, it } from "vitest";
import { pulseFires, pulseSpec } from "./pulse.js";

describe("group pulse", () => {
  it("reads the pulse object with the documented defaults", () => {
    expect(pulseSpec({ color: "#FF0000" })).toBeUndefined();
    expect(pulseSpec({ event: "reading" })).toMatchObject({
      event: "reading",
      direction: "outward",
      style: { "--pulse-color": "#34C759", "--pulse-spread": "0.1", "--pulse-duration": "0.9s" },
    });
  });

  it("fires on the frame type or a broadcast's msg_type/event, when the filter matches", () => {
    const spec = pulseSpec({ event: "reading", filter: { device: "a" } })!;
    expect(pulseFires(spec, "broadcast", { msg_type: "reading", device: "a" })).toBe(true);
    expect(pulseFires(spec, "broadcast", { event: "reading", device: "a" })).toBe(true);
    expect(pulseFires(spec, "reading", { device: "a" })).toBe(true);
    expect(pulseFires(spec, "broadcast", { msg_type: "reading", device: "b" })).toBe(false);
    expect(pulseFires(spec, "broadcast", { msg_type: "other", device: "a" })).toBe(false);
  });
});
