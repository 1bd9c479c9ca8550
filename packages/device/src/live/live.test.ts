import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeviceEngine } from "../engine/engine.js";
import { layoutProblem, type LayoutDoc } from "../engine/layout.js";
import { EMPTY_STATUS } from "../sources/status.js";
import { ControlEdits } from "./control-edit.js";
import { guardResponders } from "./guard.js";
import { Provisioning } from "./provisioning.js";
import { SavedLayouts } from "./saved-layouts.js";
import { StudioMirror } from "./mirror.js";
import { liveResponders, type LiveSession } from "./responders.js";

const bench: LayoutDoc = {
  name: "Bench",
  version: 1,
  accentColor: "#112233",
  tabs: [
    {
      title: "Main",
      icon: "gauge",
      children: [
        {
          type: "gauge",
          id: "volts",
          position: [0, 0],
          span: [2, 1],
          sync: [{ filter: { msg_type: "rack" }, valuePath: "v" }],
        },
        {
          type: "group",
          id: "g",
          position: [0, 1],
          grid: { columns: 1, rows: 1 },
          children: [{ type: "sparkline", id: "sp", position: [0, 0] }],
        },
      ],
    },
  ],
};

function session(engine: DeviceEngine): LiveSession {
  return {
    engine,
    isLiveEditSession: () => true,
    activeFile: () => null,
    apply: (layout) => {
      const problem = layoutProblem(layout);
      if (problem) return { ok: false, error: problem };
      engine.load(layout as LayoutDoc);
      return { ok: true, rendered: engine.summary()! };
    },
    link: () => ({ phase: "awaiting", channel: "editor", role: "viewer", account: null }),
    studio: () => ({ phase: "awaiting", channel: "editor" }),
    saved: new SavedLayouts(null),
    edits: new ControlEdits(),
    provisioning: new Provisioning(() => null),
    watchTraffic: () => ({ ok: true }),
    watchingTraffic: () => false,
    sources: () => ({
      ...EMPTY_STATUS,
      problems: [{ control: "feed", problem: 'source "plant" is not declared in sources' }],
    }),
    highlight: (id) => engine.summary()?.tabs.some((t) => t.controls.some((c) => c.id === id)) ?? false,
  };
}

describe("live-edit responders", () => {
  let engine: DeviceEngine;
  let verbs: ReturnType<typeof liveResponders>;
  beforeEach(() => {
    engine = new DeviceEngine({ schedule: (flush) => flush() });
    verbs = liveResponders(session(engine));
  });

  it("reports no layout, then applies one truthfully", () => {
    expect(verbs["get-current-layout"]({ include: "summary" })).toEqual({
      ok: true,
      isLiveEditSession: true,
      activeFile: null,
      summary: null,
    });
    expect(verbs["apply-layout"]({ name: "x", tabs: "nope" })).toEqual({
      ok: false,
      error: "layout.tabs must be an array",
    });
    expect(verbs["apply-layout"]("text")).toMatchObject({ ok: false });
    const summary = {
      name: "Bench",
      accentColor: "#112233",
      tabs: [
        {
          title: "Main",
          icon: "gauge",
          controls: [
            { id: "volts", type: "gauge", position: [0, 0], span: [2, 1] },
            { id: "sp", type: "sparkline", position: [0, 0], span: [1, 1] },
          ],
        },
      ],
    };
    expect(verbs["apply-layout"]({ ...bench, msg_type: "layout-update" })).toEqual({
      ok: true,
      rendered: summary,
    });
    expect(verbs["get-current-layout"]({ include: "full" })).toEqual({
      ok: true,
      isLiveEditSession: true,
      activeFile: null,
      summary,
      layout: bench,
    });
  });

  it("points out controls the layout shows, and names what it cannot", () => {
    verbs["apply-layout"](bench);
    expect(verbs["highlight-control"]({ id: "volts" })).toEqual({ ok: true });
    expect(verbs["highlight-control"]({ id: "nope" })).toEqual({
      ok: false,
      error: "highlight-control: no control 'nope' in the layout shown",
    });
    expect(verbs["highlight-control"](null)).toEqual({
      ok: false,
      error: "highlight-control: the payload must be {id: <control id>}",
    });
  });

  it("reads and sets control state through the receivers", () => {
    engine.load(bench);
    expect(verbs["set-control-state"]({ values: { volts: 3, sp: [1, 2], nope: 1, g: 2 } })).toEqual({
      ok: true,
      applied: ["volts", "sp"],
      skipped: ["nope", "g"],
    });
    verbs["set-control-state"]({ values: { sp: 3 } });
    expect(verbs["get-control-state"](null)).toEqual({ ok: true, values: { volts: 3, sp: [1, 2, 3] } });
    expect(verbs["get-control-state"]({ ids: ["sp"] })).toEqual({ ok: true, values: { sp: [1, 2, 3] } });
    expect(verbs["set-control-state"]({ volts: 1 })).toEqual({
      ok: false,
      error: "values must be an object {id: value}",
    });
  });

  it("reports the connection and the device", () => {
    engine.load(bench);
    expect(verbs["get-connection-status"](null)).toEqual({
      ok: true,
      connected: false,
      phase: "connecting",
      channel: "editor",
      role: "viewer",
      account: null,
      listening: ["broadcast"],
      studio: { connected: false, phase: "connecting", channel: "editor", watchTraffic: false },
      sources: {
        sources: [],
        sensors: [],
        publishers: [],
        problems: [{ control: "feed", problem: 'source "plant" is not declared in sources' }],
      },
    });
    expect(verbs["get-device-info"](null)).toMatchObject({
      ok: true,
      appVersion: "0.1.0",
      protocolVersion: 2,
    });
  });
});

describe("live-edit guard", () => {
  it("refuses every verb but who-are-you reads outside a session, and never the full layout", () => {
    const engine = new DeviceEngine({ schedule: (flush) => flush() });
    engine.load(bench);
    let live = false;
    const verbs = guardResponders(liveResponders(session(engine)), () => live);
    expect(verbs["apply-layout"]({ ...bench, name: "Hijack" })).toEqual({
      ok: false,
      error:
        "apply-layout: not in a live-edit session: live editing starts on the device from an editor's pairing QR or URL",
    });
    expect(verbs["set-control-state"]({ values: { volts: 1 } })).toMatchObject({ ok: false });
    expect(verbs["get-control-state"](null)).toMatchObject({ ok: false });
    expect(verbs["get-connection-status"](null)).toMatchObject({ ok: false });
    expect(engine.layout.value?.name).toBe("Bench");
    expect(engine.snapshot()).toEqual({});
    expect(verbs["get-device-info"](null)).toMatchObject({ ok: true });
    expect(verbs["get-current-layout"]({ include: "full" })).not.toHaveProperty("layout");
    live = true;
    expect(verbs["get-current-layout"]({ include: "full" })).toHaveProperty("layout", bench);
    expect(verbs["set-control-state"]({ values: { volts: 1 } })).toMatchObject({ ok: true });
  });
});

describe("StudioMirror", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("narrates hello, layout, tab, actions and coalesced user values", () => {
    const engine = new DeviceEngine({ schedule: (flush) => flush() });
    const sent: Record<string, unknown>[] = [];
    const mirror = new StudioMirror(
      engine,
      (p) => sent.push(p),
      () => "tablet",
      () => ({ title: "Main", index: 0 }),
    );
    engine.load({
      ...bench,
      tabs: [
        {
          ...bench.tabs[0],
          children: [
            {
              type: "slider",
              id: "s",
              position: [0, 0],
              action: { event: "broadcast_request", payload: { msg_type: "set", v: "{{value}}" } },
            },
          ],
        },
      ],
    });
    mirror.hello();
    mirror.layout();
    mirror.tab();
    engine.commit("s", 1, { fire: false });
    engine.commit("s", 2, { fire: false });
    engine.commit("s", 3);
    expect(sent.map((e) => e.event)).toEqual(["hello", "layout", "tab", "action"]);
    vi.advanceTimersByTime(100);
    mirror.bye();
    expect(sent).toEqual([
      { msg_type: "studio.event", event: "hello", device: "tablet", appVersion: "0.1.0", layout: "Bench" },
      {
        msg_type: "studio.event",
        event: "layout",
        layout: "Bench",
        layoutId: null,
        tabs: [{ id: "Main", title: "Main" }],
        controls: 1,
        tab: "Main",
      },
      { msg_type: "studio.event", event: "tab", tab: "Main", title: "Main", index: 0 },
      {
        msg_type: "studio.event",
        event: "action",
        control: "s",
        controlType: "slider",
        payload: { msg_type: "set", v: 3 },
      },
      { msg_type: "studio.event", event: "value", control: "s", value: 3 },
      { msg_type: "studio.event", event: "bye" },
    ]);
    engine.setControlState({ s: 9 });
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(6);
    mirror.dispose();
  });
});
