import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effect } from "@preact/signals";
import { DeviceEngine, type Outbound } from "./engine.js";
import { manualFrames } from "./manual-frames.test-support.js";
import type { LayoutDoc } from "./layout.js";
import { conditionHolds, visibilityOf } from "./visibility.js";

function recorder(name = "tablet"): Outbound & { sent: { type: string; payload: unknown }[] } {
  const sent: { type: string; payload: unknown }[] = [];
  return {
    name,
    sent,
    send: (type, payload) => void sent.push({ type, payload }),
    request: (type, payload) => {
      sent.push({ type, payload });
      return Promise.resolve({ echoed: payload });
    },
    requestHub: (type, payload) => Promise.resolve({ hubType: type, payload }),
  };
}

const rackTab = (children: unknown[]) => ({
  title: "Main",
  icon: "gauge",
  grid: { columns: 4, rows: 4 },
  children,
});

function layout(children: unknown[], extra: Partial<LayoutDoc> = {}): LayoutDoc {
  return { name: "Bench", version: 1, tabs: [rackTab(children)], ...extra };
}

const volts = {
  type: "gauge",
  id: "volts",
  position: [0, 0],
  sync: [{ event: "broadcast", filter: { msg_type: "rack" }, valuePath: "psu.volts" }],
};
const fan = {
  type: "toggle",
  id: "fan",
  position: [1, 0],
  defaultValue: false,
  sync: [{ filter: { msg_type: "fan" }, valuePath: "on" }],
  action: { event: "broadcast_request", payload: { msg_type: "set_fan", on: "{{value}}" } },
};

describe("DeviceEngine data flow", () => {
  let frames: ReturnType<typeof manualFrames>;
  let engine: DeviceEngine;
  beforeEach(() => {
    frames = manualFrames();
    engine = new DeviceEngine({ schedule: frames.schedule });
  });
  afterEach(() => engine.dispose());

  it("coalesces any number of frames into one render per animation frame", () => {
    engine.load(layout([volts]));
    const seen: unknown[] = [];
    const stop = effect(() => void seen.push(engine.valueSignal("volts").value));
    for (let i = 1; i <= 100; i++) engine.receive("broadcast", { msg_type: "rack", psu: { volts: i } });
    expect(engine.values.get("volts")).toBe(100);
    expect(seen).toEqual([undefined]);
    expect(frames.queued).toBe(1);
    frames.paint();
    expect(seen).toEqual([undefined, 100]);
    expect(engine.values.renders).toBe(1);
    stop();
  });

  it("ignores frames whose path does not resolve or whose filter differs", () => {
    engine.load(layout([volts]));
    engine.receive("broadcast", { msg_type: "rack", psu: { amps: 3 } });
    engine.receive("broadcast", { msg_type: "other", psu: { volts: 5 } });
    engine.receive("route_msg", { msg_type: "rack", psu: { volts: 5 } });
    expect(engine.snapshot()).toEqual({});
  });

  it("fires actions with the committed value and reports them", () => {
    const out = recorder();
    engine.attach(out);
    engine.load(layout([fan]));
    const actions: unknown[] = [];
    engine.listen({ action: (id, type, event, payload) => actions.push({ id, type, event, payload }) });
    engine.commit("fan", true);
    expect(engine.values.get("fan")).toBe(true);
    expect(out.sent).toEqual([{ type: "broadcast_request", payload: { msg_type: "set_fan", on: true } }]);
    expect(actions).toEqual([
      { id: "fan", type: "toggle", event: "broadcast_request", payload: { msg_type: "set_fan", on: true } },
    ]);
    engine.commit("fan", false, { fire: false });
    expect(out.sent).toHaveLength(1);
  });

  it("awaits replies in request mode and falls back to action for config carriers", async () => {
    const out = recorder();
    engine.attach(out);
    engine.load(
      layout([
        {
          type: "pieChart",
          id: "pie",
          position: [0, 0],
          action: {
            event: "broadcast_request",
            mode: "request",
            payload: { msg_type: "pick", label: "{{value}}" },
          },
        },
        {
          type: "button",
          id: "b",
          position: [0, 1],
          action: { event: "broadcast_request", payload: { msg_type: "tap", v: "{{value}}" } },
          longPressAction: { event: "broadcast_request", payload: { msg_type: "hold" } },
        },
      ]),
    );
    await expect(engine.fire("pie", "pieConfig.sliceAction", { value: "A" })).resolves.toEqual({
      echoed: { msg_type: "pick", label: "A" },
    });
    await engine.fire("b", "action", {});
    await engine.fire("b", "longPressAction", {});
    await engine.fire("b", "graphConfig.nodeAction", { value: "n1" });
    expect(out.sent.slice(1)).toEqual([
      { type: "broadcast_request", payload: { msg_type: "tap", v: null } },
      { type: "broadcast_request", payload: { msg_type: "hold" } },
    ]);
    await expect(engine.request("get_doc", { path: "a" })).resolves.toEqual({
      hubType: "get_doc",
      payload: { path: "a" },
    });
  });

  it("broadcasts control_sync_request on load and every reconnect when state.sync or dynamic content", () => {
    const out = recorder();
    engine.attach(out);
    engine.setConnected(true);
    engine.load(
      layout(
        [
          {
            type: "group",
            id: "deck",
            position: [0, 0],
            dynamic: "deck_a",
            grid: { columns: 1, rows: 1 },
            children: [],
          },
        ],
        { dynamicTabs: [{ event: "extra_tab" }] },
      ),
    );
    const request = {
      type: "broadcast_request",
      payload: { msg_type: "control_sync_request", from: "tablet", dynamic: ["deck_a", "extra_tab"] },
    };
    expect(out.sent).toEqual([request]);
    engine.setConnected(false);
    engine.setConnected(true);
    expect(out.sent).toEqual([request, request]);
    engine.load(layout([volts]));
    expect(out.sent).toHaveLength(2);
    engine.load(layout([volts], { state: { sync: true } }));
    expect(out.sent[2]).toEqual({
      type: "broadcast_request",
      payload: { msg_type: "control_sync_request", from: "tablet", dynamic: [] },
    });
  });

  it("applies control_snapshot addressed to this device only", () => {
    engine.attach(recorder("tablet"));
    engine.load(layout([volts, fan], { state: { sync: true } }));
    engine.receive("broadcast", { msg_type: "control_snapshot", to: "phone", v: 1, controls: { volts: 1 } });
    expect(engine.values.get("volts")).toBeUndefined();
    engine.receive("broadcast", {
      msg_type: "control_snapshot",
      to: "tablet",
      v: 2,
      controls: { volts: 12, fan: true, ghost: 1 },
    });
    expect(engine.snapshot()).toEqual({ volts: 12, fan: true });
  });

  it("routes set-control-state through the receivers", () => {
    engine.load(layout([volts, { type: "sparkline", id: "sp", position: [2, 0] }]));
    expect(engine.setControlState({ volts: "7", sp: 3, ghost: 1, fan: 2 })).toEqual({
      applied: ["volts", "sp"],
      skipped: ["ghost", "fan"],
    });
    engine.setControlState({ sp: 4 });
    expect(engine.snapshot()).toEqual({ volts: 7, sp: [3, 4] });
  });
});

describe("DeviceEngine acked commands", () => {
  let engine: DeviceEngine;
  let out: ReturnType<typeof recorder>;
  beforeEach(() => {
    vi.useFakeTimers();
    engine = new DeviceEngine({ schedule: (flush) => flush() });
    out = recorder("tablet");
    engine.attach(out);
    engine.load(layout([fan], { state: { acks: true, ackTimeoutMs: 1500 } }));
  });
  afterEach(() => {
    engine.dispose();
    vi.useRealTimers();
  });

  const lastCmd = () => (out.sent.at(-1)!.payload as { _cmd: string })._cmd;

  it("stamps _cmd/_from, stays pending and holds syncs until ok:true", () => {
    engine.commit("fan", true);
    const payload = out.sent[0].payload as Record<string, unknown>;
    expect(payload).toMatchObject({ msg_type: "set_fan", on: true, _from: "tablet" });
    expect(typeof payload._cmd).toBe("string");
    expect(engine.pendingSignal("fan").value).toBe(true);
    engine.receive("broadcast", { msg_type: "fan", on: false });
    expect(engine.values.get("fan")).toBe(true);
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: "someone-else", to: "tablet", ok: false });
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: lastCmd(), to: "phone", ok: false });
    expect(engine.pendingSignal("fan").value).toBe(true);
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: lastCmd(), to: "tablet", ok: true });
    expect(engine.pendingSignal("fan").value).toBe(false);
    expect(engine.values.get("fan")).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(engine.values.get("fan")).toBe(true);
    engine.receive("broadcast", { msg_type: "fan", on: false });
    expect(engine.values.get("fan")).toBe(false);
  });

  it("reverts to the last synced value on ok:false", () => {
    engine.receive("broadcast", { msg_type: "fan", on: false });
    engine.commit("fan", true);
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: lastCmd(), to: "tablet", ok: false });
    expect(engine.values.get("fan")).toBe(false);
    expect(engine.pendingSignal("fan").value).toBe(false);
  });

  it("reverts after ackTimeoutMs, to a sync that arrived while pending", () => {
    engine.commit("fan", true);
    engine.receive("broadcast", { msg_type: "fan", on: false });
    vi.advanceTimersByTime(1499);
    expect(engine.values.get("fan")).toBe(true);
    vi.advanceTimersByTime(1);
    expect(engine.values.get("fan")).toBe(false);
    expect(engine.pendingSignal("fan").value).toBe(false);
  });

  it("only the newest command of a control settles it", () => {
    engine.commit("fan", true);
    const first = lastCmd();
    engine.commit("fan", false);
    engine.commit("fan", true);
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: first, to: "tablet", ok: true });
    expect(engine.pendingSignal("fan").value).toBe(true);
    engine.receive("broadcast", { msg_type: "command_ack", cmd_id: lastCmd(), ok: true });
    expect(engine.pendingSignal("fan").value).toBe(false);
  });
});

describe("DeviceEngine server-driven content", () => {
  let engine: DeviceEngine;
  beforeEach(() => {
    engine = new DeviceEngine({ schedule: (flush) => flush() });
  });
  afterEach(() => engine.dispose());

  const deck = {
    type: "group" as const,
    id: "deck",
    position: [0, 0],
    label: "Deck",
    dynamic: "deck_a",
    grid: { columns: 2, rows: 2 },
    children: [],
  };
  const child = (id: string, extra: Record<string, unknown> = {}) => ({
    type: "label",
    id,
    position: [0, 0],
    sync: [{ filter: { msg_type: "t" }, valuePath: id }],
    ...extra,
  });

  it("replaces dynamic group children, diffing by id", () => {
    engine.load(layout([deck]));
    const changes: number[] = [];
    engine.listen({ layoutChanged: () => changes.push(engine.controlCount) });
    engine.receive("broadcast", {
      msg_type: "deck_a",
      children: [child("a"), child("b", { defaultValue: "B0" })],
    });
    expect(changes).toEqual([2]);
    expect(engine.snapshot()).toEqual({ b: "B0" });
    engine.receive("broadcast", { msg_type: "t", a: "A1", b: "B1" });
    expect(engine.snapshot()).toEqual({ a: "A1", b: "B1" });

    engine.receive("broadcast", {
      msg_type: "deck_a",
      children: [child("a"), child("b", { defaultValue: "B0" })],
    });
    expect(changes).toEqual([2]);

    engine.receive("broadcast", {
      msg_type: "deck_a",
      children: [child("a", { label: "x" }), child("c", { defaultValue: "C0" })],
    });
    expect(engine.snapshot()).toEqual({ a: "A1", c: "C0" });
    expect(engine.childrenOf(deck).map((c) => (c as { id: string }).id)).toEqual(["a", "c"]);

    engine.receive("broadcast", { event: "deck_a" });
    expect(engine.childrenOf(deck)).toEqual([]);
    expect(engine.snapshot()).toEqual({});
    expect(engine.summary()!.tabs[0].controls).toEqual([]);
  });

  it("holds a group whose children are missing or not an array as empty, in layouts and injected tabs", () => {
    const bare = { type: "group" as const, id: "bare", position: [0, 0] };
    const broken = { type: "group", id: "broken", position: [1, 0], children: "oops" };
    engine.load(layout([bare, broken, child("a")], { dynamicTabs: [{ event: "extra_tab" }] }));
    expect(engine.controlCount).toBe(1);
    expect(engine.childrenOf(bare as never)).toEqual([]);
    expect(engine.childrenOf(broken as never)).toEqual([]);
    engine.receive("broadcast", { msg_type: "extra_tab", title: "Extra", children: [bare, child("b")] });
    expect(engine.summary()!.tabs.map((t) => t.controls.map((c) => c.id))).toEqual([["a"], ["b"]]);
  });

  it("injects dynamic tabs (nested or flat); the same title replaces", () => {
    engine.load(layout([], { dynamicTabs: [{ event: "extra_tab" }] }));
    engine.receive("broadcast", {
      msg_type: "extra_tab",
      tab: { title: "Extra", icon: "star", children: [child("x")] },
    });
    expect(engine.tabs.value.map((t) => t.title)).toEqual(["Main", "Extra"]);
    engine.receive("broadcast", { msg_type: "extra_tab", title: "Extra", children: [child("y")] });
    expect(engine.tabs.value.map((t) => t.title)).toEqual(["Main", "Extra"]);
    expect(engine.summary()!.tabs[1].controls.map((c) => c.id)).toEqual(["y"]);
    engine.receive("broadcast", { msg_type: "extra_tab", title: "More" });
    expect(engine.tabs.value.map((t) => t.title)).toEqual(["Main", "Extra", "More"]);
    engine.receive("broadcast", { msg_type: "not_a_tab", title: "Nope" });
    expect(engine.tabs.value).toHaveLength(3);
  });
});

describe("DeviceEngine poll groups", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fires on load, every interval while connected and visible, and stops otherwise", () => {
    const engine = new DeviceEngine({ schedule: (flush) => flush() });
    const out = recorder();
    engine.attach(out);
    engine.load(
      layout([], {
        pollGroups: {
          slow: { event: "broadcast_request", interval: 10, payload: { msg_type: "poll_slow" } },
          bad: { event: "x", interval: 0 },
        },
      }),
    );
    const polls = () =>
      out.sent.filter((f) => (f.payload as { msg_type?: string }).msg_type === "poll_slow").length;
    expect(polls()).toBe(0);
    engine.setConnected(true);
    expect(polls()).toBe(1);
    vi.advanceTimersByTime(25_000);
    expect(polls()).toBe(3);
    engine.setForeground(false);
    vi.advanceTimersByTime(30_000);
    expect(polls()).toBe(3);
    engine.setForeground(true);
    expect(polls()).toBe(4);
    engine.setConnected(false);
    vi.advanceTimersByTime(30_000);
    expect(polls()).toBe(4);
    expect(out.sent.every((f) => f.type === "broadcast_request")).toBe(true);
    engine.dispose();
  });
});

describe("visibility", () => {
  it("compares the watched value with the operator", () => {
    const cond = visibilityOf({ visible: { when: "fan", operator: "eq", value: true } })!;
    expect(conditionHolds(cond, true)).toBe(true);
    expect(conditionHolds(cond, false)).toBe(false);
    expect(conditionHolds(cond, undefined)).toBe(false);
    expect(conditionHolds({ when: "x", operator: "gt", value: 5 }, "7")).toBe(true);
    expect(conditionHolds({ when: "x", operator: "lte", value: 5 }, 6)).toBe(false);
    expect(conditionHolds({ when: "x", operator: "neq", value: "on" }, "off")).toBe(true);
    expect(conditionHolds({ when: "x", operator: "eq", value: 5 }, "5")).toBe(true);
    expect(visibilityOf({ visible: { operator: "eq" } })).toBeUndefined();
  });
});
