import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { RunningRelay } from "@carter/relay";
import { createHub } from "./create-hub.js";
import { HubError } from "./errors.js";
import type { Hub } from "./hub.js";
import type { MeshClient } from "@carter/client";
import { referenceStyleRelay, until } from "../../client/src/test-helpers.js";
import { deviceValue, Peer, startTestRelay } from "./testing.js";

const listen = (msgType: string, valuePath?: string) => [
  {
    method: "meshsocket",
    type: "listen",
    event: "broadcast",
    filter: { msg_type: msgType },
    ...(valuePath ? { valuePath } : {}),
  },
];
const send = (msgType: string, extra: Record<string, unknown> = {}) => ({
  method: "meshsocket",
  mode: "broadcast",
  event: "broadcast_request",
  payload: { msg_type: msgType, ...extra },
});

function testLayout(state: Record<string, unknown> = { sync: true }) {
  return {
    name: "Porch",
    version: 1,
    connection: { hub: "porch-hub", identity: { name: "tablet", channel: "garage", role: "controller" } },
    state,
    pollGroups: { tick: { event: "broadcast_request", interval: 5, payload: { msg_type: "garage.poll" } } },
    dynamicTabs: [{ event: "extra.tab" }],
    tabs: [
      {
        title: "Main",
        grid: { columns: 4, rows: 4 },
        children: [
          {
            type: "gauge",
            id: "temp",
            position: [0, 0],
            min: 0,
            max: 40,
            sync: listen("climate", "room.temp"),
          },
          { type: "label", id: "humidity", position: [0, 1], sync: listen("climate", "room.humidity") },
          {
            type: "toggle",
            id: "door",
            position: [0, 2],
            action: send("garage.door", { value: "{{value}}" }),
            sync: listen("door", "open"),
          },
          {
            type: "button",
            id: "reboot",
            position: [0, 3],
            action: send("command", { command: "reboot" }),
            longPressAction: send("command.hold"),
          },
          { type: "graph", id: "topo", position: [1, 0], sync: listen("topo") },
          {
            type: "label",
            id: "log-only",
            position: [1, 1],
            sync: [{ method: "meshsocket", event: "log_stream", valuePath: "v" }],
          },
          {
            type: "button",
            id: "docs",
            position: [1, 2],
            action: {
              method: "meshsocket",
              mode: "request",
              event: "route_msg",
              payload: { target_id: "x", type: "get_doc", payload: { path: "{{value}}" } },
            },
          },
          {
            type: "group",
            id: "scenes",
            position: [2, 0],
            span: [2, 4],
            dynamic: "garage.scenes",
            grid: { columns: 2, rows: 1 },
            children: [],
          },
        ],
      },
    ],
  };
}

const scene = (id: string) => ({
  type: "button",
  id,
  position: [0, 0],
  action: send("scene", { value: id }),
  sync: listen("scene.state", id),
});

let relay: RunningRelay;
let hub: Hub | undefined;
const peers: Peer[] = [];

async function startHub(options: Parameters<typeof createHub>[0] = {}): Promise<Hub> {
  hub = await createHub({ layout: testLayout(), url: relay.url, onError: () => {}, ...options });
  return hub;
}

async function peer(options: Parameters<typeof Peer.connect>[1] = {}): Promise<Peer> {
  const p = await Peer.connect(relay.url, { channel: "garage", ...options });
  peers.push(p);
  return p;
}

/**
 * Proves the hub stayed silent about everything sent before: the hub answers a probe only after
 * handling the frames ahead of it, and the relay keeps each sender's order.
 */
async function settle(h: Hub, p: Peer): Promise<void> {
  const token = Math.random().toString(36).slice(2);
  if (!probing.has(h)) {
    probing.add(h);
    h.on("test.probe", (value) => h.push("test.probe.done", { token: value }));
  }
  p.send({ msg_type: "test.probe", value: token });
  await p.waitFor(
    (payload) => payload.msg_type === "test.probe.done" && payload.token === token,
    "the probe echo",
  );
}
const probing = new WeakSet<Hub>();

beforeEach(async () => {
  relay = await startTestRelay();
});

afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
  await hub?.close();
  hub = undefined;
  await relay.close();
});

describe("identity and lifecycle", () => {
  it("joins as role hub with the layout connection's hub name and channel", async () => {
    const h = await startHub();
    const monitor = await peer({ name: "monitor", canMonitor: true });
    const roster = await monitor.client.nodes();
    expect(roster).toContainEqual(
      expect.objectContaining({ name: "porch-hub", channel: "garage", role: "hub" }),
    );
    expect(h.name).toBe("porch-hub");
    expect(h.url).toBe(relay.url);
  });

  it("takes name and channel options over the layout's", async () => {
    await startHub({ name: "other-hub", channel: "home" });
    const monitor = await Peer.connect(relay.url, { name: "monitor", channel: "home", canMonitor: true });
    peers.push(monitor);
    expect(await monitor.client.nodes()).toContainEqual(
      expect.objectContaining({ name: "other-hub", channel: "home" }),
    );
  });

  it("carries the layout connection's token, and fails clearly when the relay never admits it", async () => {
    const guarded = await startTestRelay({ authToken: "s3cret" });
    try {
      const layout = testLayout();
      const withToken = { ...layout, connection: { ...layout.connection, token: "s3cret" } };
      const admitted = await createHub({ layout: withToken, url: guarded.url });
      expect(admitted.client.state).toBe("ready");
      await admitted.close();
      await expect(createHub({ layout, url: guarded.url, connectTimeoutMs: 300 })).rejects.toThrow(
        /did not admit hub 'porch-hub' within 300 ms/,
      );
    } finally {
      await guarded.close();
    }
  });

  it("refuses a bad name and a non-object layout with HubError", async () => {
    await expect(createHub({ url: relay.url, name: "bad name!" })).rejects.toThrow(HubError);
    await expect(createHub({ url: relay.url, layout: "layout.json" })).rejects.toThrow(
      /layout must be a JSON object/,
    );
  });
});

describe("set and push", () => {
  it("derives set frames from the control's sync binding", async () => {
    const h = await startHub();
    const p = await peer();
    expect(h.set("temp", 19.5)).toEqual({ msg_type: "climate", room: { temp: 19.5 } });
    expect(await p.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 19.5 } });
    h.set("topo", { nodes: [{ id: "a" }], edges: [] });
    expect(await p.waitForType("topo")).toEqual({ msg_type: "topo", nodes: [{ id: "a" }], edges: [] });
  });

  it("pushes raw frames with the msg_type first and winning", async () => {
    const h = await startHub();
    const p = await peer();
    expect(h.push("climate", { room: { temp: 21, humidity: 40 }, msg_type: "ignored" })).toEqual({
      msg_type: "climate",
      room: { temp: 21, humidity: 40 },
    });
    expect(await p.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 21, humidity: 40 } });
  });

  it("explains controls it cannot drive", async () => {
    const h = await startHub();
    expect(() => h.set("nope", 1)).toThrow("no control with id 'nope' in this layout");
    expect(() => h.set("reboot", 1)).toThrow("control 'reboot' has no broadcast sync binding");
    expect(() => h.set("log-only", 1)).toThrow(/only listens on event\(s\) 'log_stream'/);
    expect(() => h.set("topo", 3)).toThrow(/must be an object/);
    expect(() => h.push("", {})).toThrow(HubError);
  });

  it("needs a layout for control ids", async () => {
    hub = await createHub({ url: relay.url });
    expect(() => hub!.set("temp", 1)).toThrow("no layout given, so no control 'temp'");
  });
});

describe("actions", () => {
  it("demuxes by msg_type and by control id with (value, payload, meta)", async () => {
    const h = await startHub();
    const calls: unknown[][] = [];
    h.on("door", (value, payload, meta) => void calls.push(["door", value, payload, meta.msgType]));
    h.on("command", (value) => void calls.push(["command", value]));
    const p = await peer();
    p.send({ msg_type: "garage.door", value: true });
    p.send({ msg_type: "command", command: "reboot" });
    await settle(h, p);
    expect(calls).toEqual([
      ["door", true, { msg_type: "garage.door", value: true }, "garage.door"],
      ["command", { msg_type: "command", command: "reboot" }],
    ]);
  });

  it("registers a control's action and long-press action", async () => {
    const h = await startHub();
    const seen: string[] = [];
    h.on("reboot", (_value, payload) => void seen.push(String((payload as { msg_type: string }).msg_type)));
    const p = await peer();
    p.send({ msg_type: "command", command: "reboot" });
    p.send({ msg_type: "command.hold" });
    await settle(h, p);
    expect(seen).toEqual(["command", "command.hold"]);
  });

  it("passes unhandled broadcasts to onBroadcast, never protocol frames", async () => {
    const h = await startHub({ stateAuthority: false });
    const observed: unknown[] = [];
    const handled: unknown[] = [];
    h.onBroadcast((payload) => void observed.push(payload));
    for (const type of ["control_sync_request", "control_snapshot", "command_ack"]) {
      expect(() => h.on(type, () => {})).toThrow(HubError);
    }
    h.on("known", (value) => void handled.push(value));
    const p = await peer();
    p.send({ msg_type: "unknown.thing", x: 1 });
    p.send({ msg_type: "control_snapshot", to: "x", v: 1, controls: {} });
    p.send({ msg_type: "command_ack", cmd_id: "c", to: "x", ok: true });
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: [] });
    p.send({ msg_type: "known", value: 7 });
    await settle(h, p);
    expect(observed).toEqual([{ msg_type: "unknown.thing", x: 1 }]);
    expect(handled).toEqual([7]);
  });

  it("refuses controls without a handleable action", async () => {
    const h = await startHub();
    expect(() => h.on("temp", () => {})).toThrow("control 'temp' has no meshsocket action to handle");
  });
});

describe("routed requests", () => {
  it("answers with the handler's return value", async () => {
    const h = await startHub();
    h.handle("get_doc", (payload) => ({
      title: "Relay",
      content: `# ${(payload as { path: string }).path}`,
    }));
    const p = await peer();
    await expect(p.client.route({ id: h.client.id! }, "get_doc", { path: "relay" })).resolves.toEqual({
      title: "Relay",
      content: "# relay",
    });
  });

  it("registers a routed control action's inner type, replying with the handler's value", async () => {
    const h = await startHub();
    h.on("docs", (value, payload) => ({ title: value, content: JSON.stringify(payload) }));
    const p = await peer();
    await expect(p.client.route({ id: h.client.id! }, "get_doc", { value: "relay" })).resolves.toEqual({
      title: "relay",
      content: '{"value":"relay"}',
    });
    await expect(p.client.route({ id: h.client.id! }, "get_doc", { path: "x" })).resolves.toEqual({
      title: { path: "x" },
      content: '{"path":"x"}',
    });
  });

  it("replies with an error when the handler throws", async () => {
    const h = await startHub();
    h.handle("get_doc", () => {
      throw new Error("no such doc");
    });
    const p = await peer();
    await expect(p.client.route({ id: h.client.id! }, "get_doc", {})).rejects.toThrow(
      "request failed: no such doc",
    );
    expect(() => h.handle("broadcast", () => null)).toThrow(HubError);
  });
});

describe("snapshots", () => {
  it("answers control_sync_request with recorded values, echoing to and incrementing v", async () => {
    const h = await startHub();
    h.push("climate", { room: { temp: 20, humidity: 55 } });
    h.set("door", true);
    h.set("temp", 22);
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "shed-tablet", dynamic: [] });
    expect(await p.waitForType("control_snapshot")).toEqual({
      msg_type: "control_snapshot",
      to: "shed-tablet",
      v: 1,
      controls: { temp: 22, humidity: 55, door: true },
    });
    p.send({ msg_type: "control_sync_request", from: "other", dynamic: [] });
    expect(await p.waitForType("control_snapshot", 2)).toMatchObject({ to: "other", v: 2 });
    expect(h.recorded().frames.climate).toEqual({ msg_type: "climate", room: { temp: 20, humidity: 55 } });
  });

  it("stays silent when nothing is recorded", async () => {
    const h = await startHub();
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["garage.scenes"] });
    await settle(h, p);
    expect(p.ofType("control_snapshot")).toEqual([]);
    expect(p.ofType("garage.scenes")).toEqual([]);
  });

  it("never answers when it is not the state authority", async () => {
    const h = await startHub({ stateAuthority: false });
    h.set("temp", 1);
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: [] });
    await settle(h, p);
    expect(p.ofType("control_snapshot")).toEqual([]);
  });

  it("replays the last frames to a joining device when it has no layout", async () => {
    hub = await createHub({ url: relay.url, channel: "garage" });
    hub.push("metrics", { cpu: 1 });
    hub.push("metrics", { cpu: 2 });
    hub.push("status", { text: "ok" });
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: [] });
    await settle(hub, p);
    expect(p.received.slice(0, 2)).toEqual([
      { msg_type: "metrics", cpu: 2 },
      { msg_type: "status", text: "ok" },
    ]);
    expect(p.ofType("control_snapshot")).toEqual([]);
  });

  it("tells onSyncRequest observers who joined", async () => {
    const h = await startHub();
    const joins: unknown[] = [];
    h.onSyncRequest((request) => void joins.push(request));
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["garage.scenes", 3] });
    await settle(h, p);
    expect(joins).toEqual([{ from: "tablet", dynamic: ["garage.scenes"] }]);
  });
});

/** The test layout plus controls whose receivers append: a sparkline, two log consoles, a chart. */
function appendingLayout() {
  const layout = testLayout();
  (layout.tabs[0].children as Record<string, unknown>[]).push(
    {
      type: "sparkline",
      id: "temp-history",
      position: [3, 0],
      sparklinePoints: 3,
      sync: listen("climate", "room.temp"),
    },
    { type: "logConsole", id: "notes", position: [3, 1], sync: listen("climate", "note") },
    { type: "logConsole", id: "log", position: [3, 2], sync: listen("log", "line") },
    { type: "chart", id: "load", position: [3, 3], sync: listen("stats", "chart") },
  );
  return layout;
}

/** Pushes climate readings (temp 20…23, humidity and a note only in the first) and appending data. */
function pushAppendingState(h: Hub): void {
  h.push("climate", { room: { temp: 20, humidity: 50 }, note: "first reading" });
  h.push("climate", { room: { temp: 21 }, note: "warming" });
  h.push("climate", { room: { temp: 22 } });
  h.push("climate", { room: { temp: 23 } });
  h.push("log", { line: { text: "started", level: "info" } });
  h.push("stats", { chart: { series: [{ name: "cpu", values: [1, 2] }] } });
  h.push("stats", { chart: { append: 3 } });
}

describe("appending controls", () => {
  it("snapshots a sparkline's whole series and no log lines or appended chart", async () => {
    const h = await startHub({ layout: appendingLayout() });
    pushAppendingState(h);
    h.set("temp-history", 24);
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: [] });
    expect((await p.waitForType("control_snapshot")).controls).toEqual({
      temp: 24,
      humidity: 50,
      "temp-history": [22, 23, 24],
    });
    h.set("temp-history", [5, "6", true, 7, 8]);
    h.push("stats", { chart: { series: [{ name: "cpu", values: [9] }] } });
    expect(h.recorded().controls).toMatchObject({
      "temp-history": [6, 7, 8],
      load: { series: [{ name: "cpu", values: [9] }] },
    });
  });
});

describe("re-admission after a relay restart", () => {
  /** Restarts the relay on its port, holding the hub's admission until the returned call: devices rejoin first. */
  async function restartRelayHoldingHub(port: number, hubName = "porch-hub"): Promise<() => void> {
    let admitHub!: () => void;
    const held = new Promise<void>((resolve) => (admitHub = resolve));
    relay = await startTestRelay({
      port,
      auth: async (_token, _address, identity) => {
        if (identity.name === hubName) await held;
        return { outcome: "admitted" };
      },
    });
    return admitHub;
  }

  it("re-fills and replays its state to a device that rejoined before the hub", async () => {
    const h = await startHub();
    const syncRequests: unknown[] = [];
    h.onSyncRequest((request) => void syncRequests.push(request));
    const children = [scene("sc-night")];
    h.fill("scenes", children);
    h.set("sc-night", "active");
    h.push("climate", { room: { temp: 20, humidity: 55 } });
    h.set("door", true);
    const port = relay.port;
    await relay.close();
    // Changed while no relay runs: only a re-announcement can carry it to the device.
    h.set("door", false);
    h.set("temp", 21);
    const admitHub = await restartRelayHoldingHub(port);

    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["garage.scenes"] });
    admitHub();
    await p.waitFor(
      (payload) => payload.msg_type === "climate" && deviceValue(testLayout(), "temp", [payload]) === 21,
    );
    await settle(h, p);

    expect(syncRequests).toEqual([]);
    expect(p.received[0]).toEqual({ msg_type: "garage.scenes", children });
    const layoutWithScenes = testLayout();
    layoutWithScenes.tabs[0].children.push(...children);
    for (const [id, value] of Object.entries({ temp: 21, humidity: 55, door: false, "sc-night": "active" })) {
      expect(deviceValue(layoutWithScenes, id, p.received)).toEqual(value);
    }
    expect(p.ofType("control_snapshot")).toEqual([]);
  });

  it("replays each control's last frame without appended items, then a sparkline's series as a replace", async () => {
    const h = await startHub({ layout: appendingLayout() });
    pushAppendingState(h);
    const port = relay.port;
    await relay.close();
    const admitHub = await restartRelayHoldingHub(port);
    const p = await peer();
    admitHub();
    await p.waitForType("climate", 3);
    await settle(h, p);
    expect(
      p.received.filter(
        (payload) => !String((payload as { msg_type: string }).msg_type).startsWith("test.probe"),
      ),
    ).toEqual([
      { msg_type: "climate", room: { temp: 20, humidity: 50 } },
      { msg_type: "climate", room: { temp: 23 } },
      { msg_type: "climate", room: { temp: [21, 22, 23] } },
    ]);
  });

  it("replays a layout-less hub's last frames on re-admission", async () => {
    hub = await createHub({ url: relay.url, channel: "garage" });
    hub.push("metrics", { cpu: 1 });
    hub.push("metrics", { cpu: 2 });
    const port = relay.port;
    await relay.close();
    const admitHub = await restartRelayHoldingHub(port, "hub");
    const p = await peer();
    admitHub();
    expect(await p.waitForType("metrics")).toEqual({ msg_type: "metrics", cpu: 2 });
  });
});

describe("acked commands", () => {
  const ackLayout = () => testLayout({ sync: true, acks: true });

  it("acks ok:true when a handler ran and ok:false when it threw", async () => {
    const h = await startHub({ layout: ackLayout() });
    h.on("door", (value) => {
      if (value !== true && value !== false) throw new Error("door takes a boolean");
    });
    const p = await peer();
    p.send({ msg_type: "garage.door", value: true, _cmd: "c-1", _from: "shed-tablet" });
    expect(await p.waitForType("command_ack")).toEqual({
      msg_type: "command_ack",
      cmd_id: "c-1",
      to: "shed-tablet",
      ok: true,
    });
    p.send({ msg_type: "garage.door", value: "ajar", _cmd: "c-2", _from: "shed-tablet" });
    expect(await p.waitForType("command_ack", 2)).toEqual({
      msg_type: "command_ack",
      cmd_id: "c-2",
      to: "shed-tablet",
      ok: false,
    });
  });

  it("gives a duplicate _cmd the first ack without running it again", async () => {
    const h = await startHub({ layout: ackLayout() });
    let runs = 0;
    h.on("door", () => {
      runs += 1;
      if (runs > 1) throw new Error("ran twice");
    });
    const p = await peer();
    const command = { msg_type: "garage.door", value: true, _cmd: "dup-1", _from: "shed-tablet" };
    p.send(command);
    const first = await p.waitForType("command_ack");
    p.send(command);
    expect(await p.waitForType("command_ack", 2)).toEqual(first);
    expect(first.ok).toBe(true);
    expect(runs).toBe(1);
  });

  it("sends no ack for unmatched commands, commands without _cmd, or layouts without state.acks", async () => {
    const h = await startHub({ layout: ackLayout() });
    const observed: unknown[] = [];
    h.onBroadcast((payload) => void observed.push(payload));
    h.on("door", () => {});
    const p = await peer();
    p.send({ msg_type: "nobody.handles", _cmd: "u-1", _from: "shed-tablet" });
    p.send({ msg_type: "garage.door", value: true });
    await settle(h, p);
    expect(p.ofType("command_ack")).toEqual([]);
    expect(observed).toEqual([{ msg_type: "nobody.handles", _cmd: "u-1", _from: "shed-tablet" }]);

    await h.close();
    const plain = await startHub();
    plain.on("door", () => {});
    p.send({ msg_type: "garage.door", value: true, _cmd: "p-1", _from: "shed-tablet" });
    await settle(plain, p);
    expect(p.ofType("command_ack")).toEqual([]);
  });

  it("passes _from and _cmd to handlers as meta", async () => {
    const h = await startHub({ layout: ackLayout() });
    const metas: unknown[] = [];
    h.on("door", (_value, _payload, meta) => void metas.push({ from: meta.from, cmdId: meta.cmdId }));
    const p = await peer();
    p.send({ msg_type: "garage.door", value: false, _cmd: "m-1", _from: "shed-tablet" });
    await p.waitForType("command_ack");
    expect(metas).toEqual([{ from: "shed-tablet", cmdId: "m-1" }]);
  });
});

describe("server-driven UI", () => {
  it("fills a dynamic group and re-fills it for a joining device that names it", async () => {
    const h = await startHub();
    const p = await peer();
    const children = [scene("sc-night"), scene("sc-movie")];
    expect(h.fill("scenes", children)).toEqual({ msg_type: "garage.scenes", children });
    expect(await p.waitForType("garage.scenes")).toEqual({ msg_type: "garage.scenes", children });

    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["other.deck"] });
    await settle(h, p);
    expect(p.ofType("garage.scenes")).toHaveLength(1);

    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["garage.scenes"] });
    expect(await p.waitForType("garage.scenes", 2)).toEqual({ msg_type: "garage.scenes", children });
  });

  it("sends fills before the snapshot and drives the injected children", async () => {
    const h = await startHub();
    h.fill("scenes", [scene("sc-night")]);
    expect(h.set("sc-night", "active")).toEqual({ msg_type: "scene.state", "sc-night": "active" });
    const p = await peer();
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["garage.scenes"] });
    await p.waitForType("control_snapshot");
    expect(p.received.map((payload) => (payload as { msg_type: string }).msg_type)).toEqual([
      "garage.scenes",
      "control_snapshot",
    ]);
    expect(p.ofType("control_snapshot")[0].controls).toEqual({ "sc-night": "active" });
  });

  it("forgets the children a re-fill dropped, never the layout's own controls", async () => {
    const h = await startHub();
    h.fill("scenes", [
      scene("sc-night"),
      scene("sc-movie"),
      { ...scene("temp"), sync: listen("hijack", "v") },
    ]);
    h.set("sc-night", "on");
    h.set("sc-movie", "off");
    expect(h.set("temp", 5)).toEqual({ msg_type: "climate", room: { temp: 5 } });
    h.fill("scenes", [{ ...scene("sc-night"), sync: listen("scene.night", "state") }]);
    expect(() => h.set("sc-movie", "on")).toThrow("no control with id 'sc-movie'");
    expect(h.set("sc-night", "dim")).toEqual({ msg_type: "scene.night", state: "dim" });
    expect(h.recorded().controls).toEqual({ temp: 5, "sc-night": "dim" });
  });

  it("refuses to fill what is not a dynamic group", async () => {
    const h = await startHub();
    expect(() => h.fill("temp", [])).toThrow("group 'temp' has no 'dynamic' event");
    expect(() => h.fill("scenes", {} as never)).toThrow(/children must be an array/);
  });

  it("injects a dynamic tab and replaces it by title", async () => {
    const h = await startHub();
    const p = await peer();
    const tab = { title: "Extra", icon: "star", grid: { columns: 1, rows: 1 }, children: [] };
    expect(h.injectTab("extra.tab", tab)).toEqual({ msg_type: "extra.tab", tab });
    expect(await p.waitForType("extra.tab")).toEqual({ msg_type: "extra.tab", tab });
    h.injectTab("extra.tab", { ...tab, icon: "moon" });
    p.send({ msg_type: "control_sync_request", from: "tablet", dynamic: ["extra.tab"] });
    expect(await p.waitForType("extra.tab", 3)).toEqual({
      msg_type: "extra.tab",
      tab: { ...tab, icon: "moon" },
    });
    await settle(h, p);
    expect(p.ofType("extra.tab")).toHaveLength(3);
    expect(() => h.injectTab("nope", tab)).toThrow(/'nope' is not a dynamicTabs event/);
    expect(() => h.injectTab("extra.tab", { icon: "x" })).toThrow(/non-empty title/);
  });

  it("answers a poll group by its payload msg_type", async () => {
    const h = await startHub();
    h.onPoll("tick", () => void h.set("temp", 18));
    const p = await peer();
    p.send({ msg_type: "garage.poll" });
    expect(await p.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 18 } });
    expect(() => h.onPoll("nope", () => {})).toThrow("no poll group 'nope' in this layout (have: tick)");
  });
});

describe("embedded relay", () => {
  it("starts a relay in-process when no url is given and closes it with the hub", async () => {
    const h = await createHub({ layout: testLayout(), relay: { port: 0 } });
    hub = h;
    expect(h.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const p = await Peer.connect(h.url, { channel: "garage" });
    h.set("temp", 30);
    expect(await p.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 30 } });
    await p.close();
    await h.close();
    await expect(Peer.connect(h.url, { channel: "garage" })).rejects.toThrow();
  });

  it("makes the embedded relay require the hub's token", async () => {
    hub = await createHub({ relay: { port: 0 }, token: "s3cret", channel: "garage" });
    await expect(Peer.connect(hub.url, { channel: "garage" })).rejects.toThrow();
    const p = await Peer.connect(hub.url, { channel: "garage", token: "s3cret" });
    await p.close();
  });

  it("admits the browser origins it is given", async () => {
    hub = await createHub({ relay: { port: 0, allowedOrigins: ["http://127.0.0.1:5173"] } });
    const firstFrame = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(hub!.url, { headers: { Origin: origin } });
        socket.on("open", () =>
          socket.send(JSON.stringify({ id: "1", type: "identify", payload: { name: "web" } })),
        );
        socket.on("message", (data) => {
          resolve(JSON.parse(String(data)).type as string);
          socket.close();
        });
        socket.on("close", (code) => resolve(`closed ${code}`));
        socket.on("error", () => undefined);
      });
    expect(await firstFrame("http://127.0.0.1:5173")).toBe("welcome");
    expect(await firstFrame("http://evil.example")).toMatch(/^closed /);
  });

  it("reports a port it cannot bind", async () => {
    const port = Number(new URL(relay.url).port);
    await expect(createHub({ relay: { port } })).rejects.toThrow(/could not start the embedded relay/);
  });
});

describe("end-to-end encryption", () => {
  const key = Buffer.alloc(32, 7).toString("base64");

  it("round-trips state and actions with a room-mode device", async () => {
    const layout = testLayout();
    const h = await startHub({
      layout: { ...layout, connection: { ...layout.connection, mode: "room", e2eeKey: key } },
    });
    const handled: unknown[] = [];
    h.on("door", (value) => void handled.push(value));
    const device = await peer({ e2ee: { key, mode: "room" } });
    const eavesdropper = await peer({ name: "eavesdropper" });

    h.set("temp", 25);
    expect(await device.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 25 } });
    const sealed = await eavesdropper.waitFor(() => true, "any frame");
    expect(sealed).toMatchObject({ e2ee: 2 });
    expect(JSON.stringify(sealed)).not.toContain("climate");

    device.send({ msg_type: "garage.door", value: true });
    await settle(h, device);
    expect(handled).toEqual([true]);

    h.handle("get_doc", (payload) => ({ title: "sealed", content: (payload as { path: string }).path }));
    await expect(device.client.route({ id: h.client.id! }, "get_doc", { path: "secret" })).resolves.toEqual({
      title: "sealed",
      content: "secret",
    });
  });

  it("works in directional mode with an app-side device", async () => {
    const h = await startHub({ e2ee: { key, mode: "hub" } });
    const handled: unknown[] = [];
    h.on("door", (value) => void handled.push(value));
    const device = await peer({ e2ee: { key, mode: "app" } });
    h.set("temp", 12);
    expect(await device.waitForType("climate")).toEqual({ msg_type: "climate", room: { temp: 12 } });
    device.send({ msg_type: "garage.door", value: false });
    await settle(h, device);
    expect(handled).toEqual([false]);
  });
});

describe("with a relay that echoes broadcasts to the sender (the reference relay)", () => {
  it("never takes its own echoed state frame for a device action", async () => {
    const echoing = await referenceStyleRelay();
    try {
      const layout = {
        name: "Light",
        version: 1,
        state: { sync: true },
        tabs: [
          {
            title: "Main",
            grid: { columns: 1, rows: 1 },
            children: [
              {
                type: "toggle",
                id: "light",
                position: [0, 0],
                action: send("light", { value: "{{value}}" }),
                sync: listen("light", "value"),
              },
            ],
          },
        ],
      };
      const h = await createHub({ layout, url: echoing.url, channel: "garage", onError: () => {} });
      hub = h;
      const handled: unknown[] = [];
      const unhandled: unknown[] = [];
      h.on("light", (value) => {
        handled.push(value);
        h.set("light", value);
      });
      h.onBroadcast((payload) => void unhandled.push(payload));
      const p = await Peer.connect(echoing.url, { channel: "garage" });
      peers.push(p);
      p.send({ msg_type: "light", value: true });
      expect(await p.waitForType("light")).toEqual({ msg_type: "light", value: true });
      await settle(h, p);
      const { stats } = h.client as MeshClient;
      await until(() => stats.ownEchoes === 2, "the echoes of the state frame and the probe answer");
      expect(handled).toEqual([true]);
      expect(unhandled).toEqual([]);
    } finally {
      await Promise.all(peers.splice(0).map((peer) => peer.close()));
      await echoing.close();
    }
  });
});
