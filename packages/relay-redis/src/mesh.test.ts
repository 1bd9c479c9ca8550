/**
 * One mesh over three relay processes on a real Redis: every rule of a single relay holds for
 * clients on different processes, with the same bytes on the wire.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RelayError, type Frame } from "@carter/protocol";
import { joinMesh, TestSocket } from "@carter/relay/test-support";
import { startRedisServer, startRelayProcess, type RedisServer, type RelayProcess } from "./test-support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROUTE_TIMEOUT_MS = 1500;

let redis: RedisServer;
let relays: RelayProcess[];
const sockets: TestSocket[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  relays = await Promise.all(
    ["a", "b", "c"].map((nodeId) =>
      startRelayProcess({
        redisUrl: redis.url,
        nodeId,
        env: { MESH_ROUTE_TIMEOUT_MS: String(ROUTE_TIMEOUT_MS) },
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all((relays ?? []).map((relay) => relay.kill()));
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});

/** A test-unique name, so tests sharing the mesh never see each other's members. */
function unique(base: string): string {
  return `${base}-${randomUUID().slice(0, 8)}`;
}

async function join(relay: RelayProcess, payload: Record<string, unknown>): Promise<TestSocket> {
  const socket = await joinMesh(relay.url, payload);
  sockets.push(socket);
  return socket;
}

/** Raw text of every frame a socket receives from now on, to compare bytes across processes. */
function recordRaw(socket: TestSocket): string[] {
  const raw: string[] = [];
  socket.ws.on("message", (data: Buffer) => raw.push(data.toString()));
  return raw;
}

type RosterEntry = { id: string; name: string; channel: string; role: string };

async function roster(monitor: TestSocket): Promise<RosterEntry[]> {
  const reply = await monitor.request("get_nodes");
  return (reply.payload as { clients: RosterEntry[] }).clients;
}

/** Waits until `monitor`'s process sees exactly `names` (others' joins travel through Redis). */
async function untilRoster(monitor: TestSocket, names: string[], deadlineMs = 5000): Promise<RosterEntry[]> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const clients = await roster(monitor);
    const seen = clients.map((client) => client.name);
    if (JSON.stringify([...seen].sort()) === JSON.stringify([...names].sort())) return clients;
    if (Date.now() > deadline)
      throw new Error(`roster is [${seen.join(", ")}], expected [${names.join(", ")}]`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function failed(frame: Frame): unknown {
  return frame.payload;
}

describe("a mesh of three relay processes on Redis", () => {
  it("fans a broadcast out to the channel on every process, byte for byte, without echo, with a sent receipt", async () => {
    const channel = unique("stage");
    const [a, b, c] = relays;
    const hub = await join(a, { name: unique("hub"), role: "hub", channel });
    const viewers = [
      await join(a, { name: unique("va"), role: "viewer", channel }),
      await join(b, { name: unique("vb"), role: "viewer", channel }),
      await join(c, { name: unique("vc"), role: "viewer", channel }),
    ];
    const elsewhere = await join(b, { name: unique("other"), role: "viewer", channel: unique("elsewhere") });
    const monitors = [a, b, c].map(async (relay) =>
      join(relay, { name: unique("mon"), role: "dashboard", channel, broadcast_scope: "channel" }),
    );
    const watching = await Promise.all(monitors);
    const names = [hub, ...viewers, ...watching].map(
      (socket) => socket.received[0].payload as { name: string },
    );
    for (const monitor of watching)
      await untilRoster(
        monitor,
        names
          .map((n) => n.name)
          .filter((name) => name !== (monitor.received[0].payload as { name: string }).name),
      );

    const raws = viewers.map(recordRaw);
    const payload = { msg_type: "metrics", cpu: 42, text: "ünïcødé ✓", nested: { list: [1, 2.5, null] } };
    const receipt = await hub.request("broadcast_request", payload);
    expect(receipt.payload).toEqual({ status: "sent" });
    const frames = await Promise.all(viewers.map((viewer) => viewer.nextOfType("broadcast")));
    for (const frame of frames) {
      expect(frame.payload).toEqual(payload);
      expect(frame.id).toMatch(UUID);
      expect(frame.reply_to).toBeNull();
    }
    expect(raws[1]).toEqual(raws[0]);
    expect(raws[2]).toEqual(raws[0]);
    expect(Object.keys(JSON.parse(raws[0][0]) as object)).toEqual(["id", "type", "payload", "reply_to"]);

    await Promise.all([hub.sync(), elsewhere.sync()]);
    expect(hub.has((frame) => frame.type === "broadcast")).toBe(false);
    expect(elsewhere.has((frame) => frame.type === "broadcast")).toBe(false);
  });

  it("delivers a global-scope broadcast to every channel on every process", async () => {
    const [a, b, c] = relays;
    const sender = await join(a, {
      name: unique("global"),
      role: "hub",
      channel: unique("one"),
      broadcast_scope: "global",
    });
    const far = [
      await join(b, { name: unique("far-b"), role: "viewer", channel: unique("two") }),
      await join(c, { name: unique("far-c"), role: "viewer", channel: unique("three") }),
    ];
    const monitor = await join(a, { name: unique("mon"), role: "dashboard", broadcast_scope: "global" });
    await untilRoster(
      monitor,
      [sender, ...far].map((socket) => (socket.received[0].payload as { name: string }).name),
    ).catch(() => undefined);
    const deadline = Date.now() + 5000;
    // Global rosters include every other test's leftovers; wait for these two members specifically.
    for (;;) {
      const names = (await roster(monitor)).map((entry) => entry.name);
      if (far.every((socket) => names.includes((socket.received[0].payload as { name: string }).name))) break;
      if (Date.now() > deadline) throw new Error("global members never appeared");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const receipt = await sender.request("node_status", { up: true });
    expect(receipt.payload).toEqual({ status: "broadcasted" });
    for (const socket of far) expect((await socket.nextOfType("node_status")).payload).toEqual({ up: true });
  });

  it("routes requests by id and by name to another process and brings the reply back to the caller", async () => {
    const channel = unique("rpc");
    const [a, b] = relays;
    const caller = await join(a, { name: unique("caller"), role: "hub", channel });
    const echoName = unique("echo");
    const echo = await join(b, { name: echoName, role: "node", channel });
    echo.ws.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === "ask") echo.send("answer", { got: frame.payload }, frame.id);
    });
    const monitor = await join(a, {
      name: unique("mon"),
      role: "dashboard",
      channel,
      broadcast_scope: "channel",
    });
    await untilRoster(monitor, [(caller.received[0].payload as { name: string }).name, echoName]);

    const byName = await caller.request("route_msg", {
      target_name: echoName,
      type: "ask",
      payload: { n: 1 },
    });
    expect(byName.type).toBe("route_msg");
    expect(byName.payload).toEqual({ got: { n: 1 } });
    expect(byName.id).toMatch(UUID);
    const byId = await caller.request("route_msg", { target_id: echo.id, type: "ask", payload: "two" });
    expect(byId.payload).toEqual({ got: "two" });

    caller.send("route_msg_noreply", { target_name: echoName, type: "note", payload: { fire: "forget" } });
    const note = await echo.nextOfType("note");
    expect(note.payload).toEqual({ fire: "forget" });
    expect(note.reply_to).toBeNull();

    const missing = await caller.request("route_msg", { target_name: unique("nobody"), type: "ask" });
    expect(failed(missing)).toEqual({ error: "Target not found", status: "failed" });
  });

  it("times out a silent target on another process and caps outstanding routes at 16", async () => {
    const channel = unique("slow");
    const [a, , c] = relays;
    const caller = await join(a, { name: unique("caller"), role: "hub", channel });
    const silentName = unique("silent");
    await join(c, { name: silentName, role: "node", channel });
    const monitor = await join(a, {
      name: unique("mon"),
      role: "dashboard",
      channel,
      broadcast_scope: "channel",
    });
    await untilRoster(monitor, [(caller.received[0].payload as { name: string }).name, silentName]);

    const ids = Array.from({ length: 17 }, () =>
      caller.send("route_msg", { target_name: silentName, type: "ask" }),
    );
    const capped = await caller.next((frame) => frame.reply_to === ids[16], "the 17th reply");
    expect(capped.payload).toEqual({ error: RelayError.TOO_MANY_ROUTES, status: "failed" });
    const first = await caller.next(
      (frame) => frame.reply_to === ids[0],
      "the timeout",
      ROUTE_TIMEOUT_MS + 5000,
    );
    expect(first.payload).toEqual({ error: "target timeout", status: "failed" });
  });

  it("fails a pending route at once when its target on another process leaves", async () => {
    const channel = unique("leave");
    const [a, b] = relays;
    const caller = await join(a, { name: unique("caller"), role: "hub", channel });
    const targetName = unique("target");
    const target = await join(b, { name: targetName, role: "node", channel });
    const monitor = await join(a, {
      name: unique("mon"),
      role: "dashboard",
      channel,
      broadcast_scope: "channel",
    });
    await untilRoster(monitor, [(caller.received[0].payload as { name: string }).name, targetName]);
    const pending = caller.request(
      "route_msg",
      { target_name: targetName, type: "ask" },
      ROUTE_TIMEOUT_MS - 200,
    );
    await target.nextOfType("ask");
    await target.close();
    expect((await pending).payload).toEqual({ error: "Target not found", status: "failed" });
  });

  it("shows the same roster in registration order on every process, and pushes server_client_list everywhere", async () => {
    const channel = unique("roster");
    const [a, b, c] = relays;
    const monitors: TestSocket[] = [];
    const members: TestSocket[] = [];
    const everyone: string[] = [];
    // Registration order is the order Redis numbers the joins: each join is let through to every
    // process before the next one starts, so that order is the order of the joins here.
    const settle = async (socket: TestSocket) => {
      everyone.push(socket.id);
      for (const monitor of monitors)
        await monitor.next(
          (frame) =>
            frame.type === "server_client_list" &&
            (frame.payload as { clients: RosterEntry[] }).clients.some((client) => client.id === socket.id),
          "a roster push with the newest member",
        );
    };
    for (const [relay, name] of [
      [a, "mon-a"],
      [b, "mon-b"],
      [c, "mon-c"],
    ] as const) {
      const monitor = await join(relay, {
        name: unique(name),
        role: "dashboard",
        channel,
        broadcast_scope: "channel",
      });
      monitors.push(monitor);
      await settle(monitor);
    }
    for (const relay of [c, a, b, a]) {
      const member = await join(relay, { name: unique("m"), role: "viewer", channel });
      members.push(member);
      await settle(member);
    }

    const views = await Promise.all(
      monitors.map(
        async (monitor) => (await monitor.request("get_nodes")).payload as { clients: RosterEntry[] },
      ),
    );
    // get_nodes leaves the asking monitor out; with it put back, every process shows one order.
    const orders = views.map((view) => view.clients.map((client) => client.id));
    expect(orders[0]).toEqual(everyone.filter((id) => id !== monitors[0].id));
    expect(orders[1]).toEqual(everyone.filter((id) => id !== monitors[1].id));
    expect(orders[2]).toEqual(everyone.filter((id) => id !== monitors[2].id));
    expect(views[1].clients.find((client) => client.id === members[0].id)).toEqual({
      id: members[0].id,
      name: (members[0].received[0].payload as { name: string }).name,
      channel,
      role: "viewer",
    });
  });

  it("lets a reconnecting name reclaim through another process, evicting the old socket there", async () => {
    const channel = unique("reclaim");
    const [a, b, c] = relays;
    const name = unique("kiosk");
    const old = await join(a, { name, role: "node", channel });
    const monitor = await join(c, {
      name: unique("mon"),
      role: "dashboard",
      channel,
      broadcast_scope: "channel",
    });
    await untilRoster(monitor, [name]);
    const fresh = await join(b, { name, role: "node", channel });
    const closed = await old.waitClosed();
    expect(closed.code).toBe(1000);
    expect(closed.reason).toBe("name reclaimed by a newer connection");
    await monitor.sync();
    const deadline = Date.now() + 5000;
    for (;;) {
      const clients = await roster(monitor);
      if (clients.length === 1 && clients[0].id === fresh.id) break;
      if (Date.now() > deadline) throw new Error(`roster still ${JSON.stringify(clients)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(fresh.isOpen).toBe(true);
  });

  it("leaves exactly one member when two processes admit the same name in the same instant", async () => {
    const channel = unique("race");
    const [a, b, c] = relays;
    const name = unique("twin");
    const monitors = await Promise.all(
      relays.map((relay) =>
        join(relay, { name: unique("mon"), role: "dashboard", channel, broadcast_scope: "channel" }),
      ),
    );
    const claims = await Promise.allSettled([
      join(a, { name, role: "node", channel }),
      join(b, { name, role: "node", channel }),
      join(c, { name, role: "node", channel }),
    ]);
    const admitted = claims.flatMap((claim) => (claim.status === "fulfilled" ? [claim.value] : []));
    const deadline = Date.now() + 5000;
    for (;;) {
      const open = admitted.filter((socket) => socket.isOpen);
      const rosters = await Promise.all(monitors.map((monitor) => roster(monitor)));
      const holders = rosters.map((clients) => clients.filter((client) => client.name === name));
      if (open.length === 1 && holders.every((held) => held.length === 1 && held[0].id === open[0].id)) break;
      if (Date.now() > deadline)
        throw new Error(
          `${open.length} sockets open; rosters hold ${JSON.stringify(holders.map((held) => held.map((h) => h.id)))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of admitted.filter((s) => !s.isOpen)) {
      expect(await socket.waitClosed()).toMatchObject({
        code: 1000,
        reason: "name reclaimed by a newer connection",
      });
    }
  });

  it("keeps account namespaces apart across processes", async () => {
    const [a, b] = relays;
    const channel = unique("home");
    const hubName = unique("hub");
    const one = await join(a, { name: hubName, role: "hub", channel, token: "ns-101" });
    const oneViewer = await join(b, { name: unique("v"), role: "dashboard", channel, token: "ns-101" });
    const two = await join(b, { name: hubName, role: "hub", channel, token: "ns-202" });
    const twoViewer = await join(a, { name: unique("v"), role: "dashboard", channel, token: "ns-202" });
    // Same name in two accounts: no reclaim.
    await untilRoster(oneViewer, [`101.${hubName}`]);
    await untilRoster(twoViewer, [`202.${hubName}`]);
    expect(one.isOpen && two.isOpen).toBe(true);

    await one.request("broadcast_request", { from: "101" });
    expect((await oneViewer.nextOfType("broadcast")).payload).toEqual({ from: "101" });
    await twoViewer.sync();
    expect(twoViewer.has((frame) => frame.type === "broadcast")).toBe(false);

    // A name resolves inside the caller's account only; another account's id is not found.
    const routed = twoViewer.request("route_msg", { target_name: hubName, type: "ask" });
    expect((await two.nextOfType("ask")).payload).toBeNull();
    const crossId = await twoViewer.request("route_msg", { target_id: one.id, type: "ask" });
    expect(crossId.payload).toEqual({ error: "Target not found", status: "failed" });
    void routed.catch(() => undefined);
  });

  it("reports the mesh in /healthz and the cross-process counters in /metrics", async () => {
    const health = await relays[0].health();
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: "ok",
      backplane: { kind: "redis", status: "ok", node: "a", nodes: 3 },
    });
    const metrics = await relays[0].metrics();
    expect(metrics).toMatch(/^mesh_backplane_up 1$/m);
    expect(metrics).toMatch(/^mesh_backplane_nodes 3$/m);
    expect(metrics).toMatch(/^mesh_backplane_published_total\{kind="broadcast"\} [1-9]/m);
    expect(metrics).toMatch(/^mesh_backplane_received_total\{kind="reply"\} \d+$/m);
    expect(metrics).toMatch(/^mesh_backplane_failures_total\{op="deliver"\} 0$/m);
  });
});
