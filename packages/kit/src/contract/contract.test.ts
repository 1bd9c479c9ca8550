import { describe, expect, it } from "vitest";
import { extractContract, placeAtPath, REDACTED } from "./contract.js";

const layout = {
  name: "Rack",
  version: 1,
  connection: {
    url: "ws://10.0.0.2:8765",
    token: "shared-key",
    e2eeKey: "a2V5",
    identity: { name: "tablet", channel: "rack", role: "controller" },
  },
  state: { sync: true, acks: true },
  pollGroups: { tick: { event: "broadcast_request", interval: 15, payload: { msg_type: "rack.poll" } } },
  dynamicTabs: [{ event: "rack.tab" }],
  tabs: [
    {
      title: "Main",
      grid: { columns: 4, rows: 4 },
      children: [
        {
          type: "gauge",
          id: "volts",
          position: [0, 0],
          min: 0,
          max: 30,
          sync: [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }],
        },
        {
          type: "toggle",
          id: "fan",
          position: [0, 1],
          sync: [{ filter: { msg_type: "rack" }, valuePath: "fan" }],
          action: {
            event: "broadcast_request",
            payload: { msg_type: "set_fan", on: "{{value}}", note: "fan is {{value}}" },
          },
        },
        {
          type: "joystick",
          id: "stick",
          position: [1, 0],
          action: {
            event: "broadcast_request",
            payload: { msg_type: "drive", x: "$value.x", y: "$value.y" },
          },
        },
        {
          type: "group",
          id: "scenes",
          position: [2, 0],
          grid: { columns: 2, rows: 1 },
          dynamic: "rack.scenes",
          children: [
            {
              type: "label",
              id: "temp",
              position: [0, 0],
              sync: { method: "mqtt", topic: "rack/temp" },
              longPressAction: { method: "http", url: "https://example.com/hook" },
            },
          ],
        },
        {
          type: "pieChart",
          id: "pie",
          position: [3, 0],
          pieConfig: {
            sliceAction: { event: "broadcast_request", payload: { msg_type: "slice", v: "{{value}}" } },
          },
        },
      ],
    },
  ],
};

describe("extractContract", () => {
  const contract = extractContract(layout);

  it("redacts the connection secrets and leaves the rest", () => {
    expect(contract.connection).toMatchObject({
      url: "ws://10.0.0.2:8765",
      token: REDACTED,
      e2eeKey: REDACTED,
    });
    expect(JSON.stringify(contract)).not.toContain("shared-key");
    expect(layout.connection.token).toBe("shared-key");
  });

  it("lists feeds with kinds and example payloads, merged per message", () => {
    expect(contract.feeds.map((f) => [f.controlId, f.kind, f.valuePath])).toEqual([
      ["volts", "number", "psu.volts"],
      ["fan", "boolean", "fan"],
    ]);
    expect(contract.feeds[0].example).toEqual({ msg_type: "rack", psu: { volts: 42 } });
    expect(contract.frames).toEqual([
      {
        event: "broadcast",
        filter: { msg_type: "rack" },
        controls: ["volts", "fan"],
        example: { msg_type: "rack", psu: { volts: 42 }, fan: true },
      },
    ]);
  });

  it("lists triggers with payload templates and typed tokens, including config carriers", () => {
    const fan = contract.triggers.find((t) => t.controlId === "fan")!;
    expect(fan).toMatchObject({ carrier: "action", event: "broadcast_request", msgType: "set_fan" });
    expect(fan.tokens).toEqual([
      { token: "{{value}}", at: "on", kind: "boolean", exact: true },
      { token: "{{value}}", at: "note", kind: "string", exact: false },
    ]);
    const stick = contract.triggers.find((t) => t.controlId === "stick")!;
    expect(stick.tokens.map((t) => [t.token, t.kind])).toEqual([
      ["$value.x", "number"],
      ["$value.y", "number"],
    ]);
    expect(contract.triggers.find((t) => t.controlId === "pie")).toMatchObject({
      carrier: "pieConfig.sliceAction",
      msgType: "slice",
      path: "$.tabs[0].children[4].pieConfig.sliceAction",
    });
  });

  it("lists dynamic groups and tabs, poll groups, app-direct bindings and the state block", () => {
    expect(contract.dynamicGroups).toEqual([
      {
        groupId: "scenes",
        path: "$.tabs[0].children[3]",
        event: "rack.scenes",
        example: { msg_type: "rack.scenes", children: [] },
      },
    ]);
    expect(contract.dynamicTabs).toEqual([{ event: "rack.tab" }]);
    expect(contract.pollGroups).toEqual([
      { name: "tick", event: "broadcast_request", interval: 15, payload: { msg_type: "rack.poll" } },
    ]);
    expect(contract.appDirect).toEqual([
      {
        controlId: "temp",
        path: "$.tabs[0].children[3].children[0].sync[0]",
        direction: "sync",
        method: "mqtt",
        target: "rack/temp",
      },
      {
        controlId: "temp",
        path: "$.tabs[0].children[3].children[0].longPressAction",
        direction: "action",
        method: "http",
        target: "https://example.com/hook",
      },
    ]);
    expect(contract.state).toEqual({ sync: true, acks: true });
  });

  it("tolerates garbage", () => {
    expect(extractContract(null)).toMatchObject({ name: null, triggers: [], feeds: [], connection: null });
    expect(extractContract({ tabs: [{ children: [42, { type: "gauge", sync: "x" }] }] }).feeds).toEqual([]);
  });

  it("places values at dotted paths without touching the base", () => {
    const base = { msg_type: "m" };
    expect(placeAtPath(base, "a.b", 1)).toEqual({ msg_type: "m", a: { b: 1 } });
    expect(placeAtPath(base, "", { x: 1 })).toEqual({ x: 1, msg_type: "m" });
    expect(base).toEqual({ msg_type: "m" });
  });
});
