import { describe, expect, it } from "vitest";
import { actionTokens, previewBinding, sampleFrame } from "./binding.js";

const frame = JSON.stringify({ msg_type: "stats", cpu: 42, disks: [{ free: 7 }] });

describe("a sync binding's preview against a sample frame", () => {
  it("takes the value at valuePath, array indexes included, the whole payload without one", () => {
    expect(previewBinding({ filter: { msg_type: "stats" }, valuePath: "cpu" }, frame)).toEqual({
      status: "ok",
      value: 42,
    });
    expect(previewBinding({ valuePath: "disks.0.free" }, frame)).toEqual({ status: "ok", value: 7 });
    expect(previewBinding({}, frame)).toEqual({ status: "ok", value: JSON.parse(frame) });
  });

  it("says when the filter does not match, the path finds nothing or the frame is no JSON", () => {
    expect(previewBinding({ filter: { msg_type: "other" }, valuePath: "cpu" }, frame).status).toBe(
      "filtered",
    );
    expect(previewBinding({ valuePath: "disks.3.free" }, frame)).toMatchObject({
      status: "missing",
      message: expect.stringContaining("disks.3.free") as unknown,
    });
    expect(previewBinding({ valuePath: "cpu" }, "{cpu:")).toMatchObject({ status: "invalid" });
  });

  it("unwraps a whole frame of the binding's event to its payload", () => {
    const whole = JSON.stringify({ type: "broadcast", payload: { msg_type: "stats", cpu: 3 } });
    expect(previewBinding({ filter: { msg_type: "stats" }, valuePath: "cpu" }, whole)).toEqual({
      status: "ok",
      value: 3,
    });
  });
});

const layout = {
  name: "t",
  version: 1,
  tabs: [
    {
      title: "Main",
      children: [
        {
          id: "g",
          type: "gauge",
          position: [0, 0],
          min: 0,
          max: 100,
          sync: [{ event: "broadcast", filter: { msg_type: "stats" }, valuePath: "cpu.load" }],
        },
        {
          id: "j",
          type: "joystick",
          position: [1, 0],
          action: {
            event: "broadcast_request",
            payload: { msg_type: "move", x: "$value.x", v: "{{value}}" },
          },
        },
      ],
    },
  ],
};

describe("samples and tokens from the kit's contract", () => {
  it("builds a payload that reaches a binding", () => {
    const sample = sampleFrame(layout, "$.tabs[0].children[0].sync[0]");
    expect(sample).toMatchObject({ msg_type: "stats", cpu: { load: expect.any(Number) as unknown } });
    expect(previewBinding(layout.tabs[0].children[0].sync?.[0], JSON.stringify(sample)).status).toBe("ok");
    expect(sampleFrame(layout, "$.tabs[0].children[5].sync[0]")).toBeNull();
  });

  it("lists {{value}} and the type's tokens with the kinds they yield", () => {
    const tokens = actionTokens("joystick", layout, "$.tabs[0].children[1].action");
    expect(tokens).toContainEqual({ token: "{{value}}", kind: "object" });
    expect(tokens).toContainEqual({ token: "$value.x", kind: "number" });
    expect(tokens.map((t) => t.token)).toContain("$value.y");
    expect(actionTokens("gauge", layout, "$.nowhere")).toEqual([{ token: "{{value}}", kind: "number" }]);
  });
});
