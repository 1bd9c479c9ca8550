import { afterEach, describe, expect, it } from "vitest";
import { CloseCode, RelayError } from "@carter/protocol";
import { MemoryBackplane } from "./backplane.js";
import type { FramePredicate, TestSocket } from "./test-support.js";
import { relayTestScope } from "./test-scope.js";

const { relay, join, open, closeAll } = relayTestScope();
afterEach(closeAll);

const ofType =
  (type: string): FramePredicate =>
  (frame) =>
    frame.type === type;

describe("identify", () => {
  it("welcomes with {id, name} only after registering, and accepts the token under auth_token or token", async () => {
    const r = await relay({ authToken: "s3cret" });
    const monitor = await join(r.url, { name: "editor", role: "editor", auth_token: "s3cret" });
    const hub = await open(r.url);
    const welcome = await hub.identify({ name: "porch-hub", channel: "home", role: "hub", token: "s3cret" });
    expect(welcome.payload).toEqual({ id: hub.id, name: "porch-hub" });
    expect(welcome.reply_to).toBeNull();
    const roster = await monitor.next(
      (f) => f.type === "server_client_list" && JSON.stringify(f.payload).includes("porch-hub"),
      "a roster with porch-hub",
    );
    expect((roster.payload as { clients: unknown[] }).clients).toEqual([
      { id: monitor.id, name: "editor", channel: "default", role: "editor" },
      { id: hub.id, name: "porch-hub", channel: "home", role: "hub" },
    ]);
    const [first, second] = monitor.received;
    expect(first.type).toBe("welcome");
    expect(second).toMatchObject({
      type: "server_client_list",
      payload: { clients: [{ id: monitor.id, name: "editor", channel: "default", role: "editor" }] },
    });
  });

  it("closes 1008 at once on a bad or non-string token", async () => {
    const r = await relay({ authToken: "s3cret" });
    for (const payload of [{ name: "a", auth_token: "wrong" }, { name: "b", token: 42 }, { name: "c" }]) {
      const socket = await open(r.url);
      socket.send("identify", payload);
      expect((await socket.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
      expect(socket.received.some((f) => f.type === "welcome")).toBe(false);
    }
  });

  it("closes 1008 on a name or channel outside the grammar; an empty channel means default", async () => {
    const r = await relay();
    for (const payload of [
      { name: "bad name" },
      { name: "-dash" },
      { name: "ok", channel: "no/slash" },
      { name: 7 },
    ]) {
      const socket = await open(r.url);
      socket.send("identify", payload);
      expect((await socket.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    }
    const monitor = await join(r.url, { name: "mon", role: "editor", channel: "" });
    const nodes = await monitor.request("get_nodes");
    expect(nodes.payload).toEqual({ clients: [] });
    const other = await join(r.url, { name: "4410027.porch", role: "hub" });
    const after = await monitor.request("get_nodes");
    expect(after.payload).toEqual({
      clients: [{ id: other.id, name: "4410027.porch", channel: "default", role: "hub" }],
    });
  });

  it("is one-shot: a second identify closes 1008 and changes nothing", async () => {
    const r = await relay();
    const monitor = await join(r.url, { name: "mon", role: "editor" });
    const hub = await join(r.url, { name: "hub1", role: "hub" });
    hub.send("identify", { name: "renamed", role: "hub" });
    expect((await hub.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    const nodes = await monitor.request("get_nodes");
    expect(nodes.payload).toEqual({ clients: [] });
    expect(r.stats().members).toBe(1);
  });

  it("processes nothing but identify before auth", async () => {
    const r = await relay();
    const listener = await join(r.url, { name: "listener", role: "viewer" });
    const early = await open(r.url);
    const pingId = early.send("ping");
    early.send("broadcast_request", { msg_type: "early" });
    early.send("identify", { name: "late", role: "hub" });
    await early.nextOfType("welcome");
    await early.sync();
    expect(early.received.some((f) => f.reply_to === pingId)).toBe(false);
    await listener.sync();
    expect(listener.has(ofType("broadcast"))).toBe(false);
  });

  it("closes a socket that never identifies", async () => {
    const r = await relay({ authTimeoutMs: 100 });
    const idle = await open(r.url);
    expect((await idle.waitClosed()).code).toBe(CloseCode.NORMAL);
  });

  it("ignores a client-sent welcome and drops stray replies", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub1", role: "hub" });
    const peer = await join(r.url, { name: "peer", role: "hub" });
    hub.send("welcome", { id: "forged", name: "other" });
    hub.send("broadcast_request", { msg_type: "stray" }, "not-a-pending-request");
    await hub.sync();
    await peer.sync();
    expect(peer.has(ofType("broadcast"))).toBe(false);
    const routed = peer.request("route_msg", { target_id: hub.id, type: "get_state", payload: {} });
    const request = await hub.nextOfType("get_state");
    hub.send("get_state", "still me", request.id);
    expect((await routed).payload).toBe("still me");
  });

  it("lets a new socket reclaim a live name, and the ghost's teardown leaves the newcomer in place", async () => {
    const r = await relay();
    const monitor = await join(r.url, { name: "mon", role: "editor" });
    const first = await join(r.url, { name: "porch", role: "hub" });
    const second = await join(r.url, { name: "porch", role: "hub" });
    expect((await first.waitClosed()).code).toBe(CloseCode.NORMAL);
    await monitor.sync();
    const nodes = await monitor.request("get_nodes");
    expect(nodes.payload).toEqual({
      clients: [{ id: second.id, name: "porch", channel: "default", role: "hub" }],
    });
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const reply = caller.request("route_msg", { target_name: "porch", type: "get_state", payload: {} });
    const request = await second.nextOfType("get_state");
    second.send("get_state", { ok: true }, request.id);
    expect((await reply).payload).toEqual({ ok: true });
  });
});

describe("broadcast", () => {
  it("fans out to every other member of the channel, never back to the sender, and answers sent", async () => {
    const r = await relay();
    const sender = await join(r.url, { name: "hub", channel: "home", role: "hub" });
    const a = await join(r.url, { name: "a", channel: "home", role: "viewer" });
    const b = await join(r.url, { name: "b", channel: "home", role: "viewer" });
    const elsewhere = await join(r.url, { name: "c", channel: "garage", role: "viewer" });
    const reply = await sender.request("broadcast_request", { msg_type: "metrics", cpu: 73 });
    expect(reply).toMatchObject({ type: "broadcast_request", payload: { status: "sent" } });
    for (const member of [a, b]) {
      const frame = await member.nextOfType("broadcast");
      expect(frame.payload).toEqual({ msg_type: "metrics", cpu: 73 });
      expect(frame.reply_to).toBeNull();
      expect(typeof frame.id).toBe("string");
    }
    expect(sender.has(ofType("broadcast"))).toBe(false);
    await elsewhere.sync();
    expect(elsewhere.has(ofType("broadcast"))).toBe(false);
  });

  it("reaches every channel for a global-scope sender", async () => {
    const r = await relay();
    const sender = await join(r.url, {
      name: "hub",
      channel: "home",
      role: "hub",
      broadcast_scope: "global",
    });
    const far = await join(r.url, { name: "far", channel: "garage", role: "viewer" });
    await sender.request("broadcast_request", { msg_type: "all" });
    expect((await far.nextOfType("broadcast")).payload).toEqual({ msg_type: "all" });
  });

  it("refuses listeners: viewer and unknown roles cannot broadcast unless a flag says so", async () => {
    const r = await relay();
    const viewer = await join(r.url, { name: "v", role: "viewer" });
    const unknown = await join(r.url, { name: "u", role: "toaster" });
    const flagged = await join(r.url, { name: "f", role: "viewer", can_broadcast: "yes" });
    const listener = await join(r.url, { name: "l", role: "viewer" });
    for (const socket of [viewer, unknown]) {
      const reply = await socket.request("broadcast_request", { msg_type: "x" });
      expect(reply.payload).toEqual({ error: "broadcast not allowed", status: "failed" });
    }
    expect((await flagged.request("broadcast_request", { msg_type: "y" })).payload).toEqual({
      status: "sent",
    });
    expect((await listener.nextOfType("broadcast")).payload).toEqual({ msg_type: "y" });
    expect(listener.has(({ payload }) => (payload as { msg_type?: string }).msg_type === "x")).toBe(false);
  });

  it("fans out node_status and service_log (needing can_broadcast) and the legacy verbs", async () => {
    const r = await relay();
    const node = await join(r.url, { name: "n", role: "node" });
    const viewer = await join(r.url, { name: "v", role: "viewer" });
    expect((await node.request("node_status", { status: "online" })).payload).toEqual({
      status: "broadcasted",
    });
    expect((await viewer.nextOfType("node_status")).payload).toEqual({ status: "online" });
    expect((await node.request("service_log", { msg: "hi" })).payload).toEqual({ status: "broadcasted" });
    expect((await viewer.nextOfType("service_log")).payload).toEqual({ msg: "hi" });
    await node.request("iCloud_data_Broadcast", { k: 1 });
    expect((await viewer.nextOfType("iCloudListen")).payload).toEqual({ k: 1 });
    await node.request("place_visit_Broadcast", { k: 2 });
    expect((await viewer.nextOfType("placeVisitListen")).payload).toEqual({ k: 2 });
    expect((await viewer.request("node_status", {})).payload).toEqual({
      error: "broadcast not allowed",
      status: "failed",
    });
  });

  it("never answers or acts on client-side verbs or unknown verbs", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub", role: "hub" });
    const peer = await join(r.url, { name: "peer", role: "hub" });
    const ids = ["handshake", "status_request", "chat_message", "welcome"].map((type) =>
      hub.send(type, { t: 1 }),
    );
    await hub.sync();
    await peer.sync();
    expect(hub.received.some((f) => f.reply_to !== null && ids.includes(f.reply_to))).toBe(false);
    expect(peer.received.filter((f) => f.type !== "welcome" && f.type !== "ping")).toEqual([]);
  });
});

describe("routing", () => {
  it("routes by target_id and target_name and relays the reply with reply_to = the sender's frame id", async () => {
    const r = await relay();
    const caller = await join(r.url, { name: "caller", channel: "home", role: "controller" });
    const target = await join(r.url, { name: "docs", channel: "home", role: "hub" });
    for (const selector of [{ target_id: target.id }, { target_name: "docs" }]) {
      const id = caller.send("route_msg", { ...selector, type: "get_doc", payload: { path: "x" } });
      const request = await target.nextOfType("get_doc");
      expect(request.payload).toEqual({ path: "x" });
      expect(request.reply_to).toBeNull();
      target.send("get_doc", { title: "x", content: "# x" }, request.id);
      const reply = await caller.next((f) => f.reply_to === id, "the routed reply");
      expect(reply).toMatchObject({ type: "route_msg", payload: { title: "x", content: "# x" } });
    }
  });

  it("answers each route failure with its error string", async () => {
    const r = await relay({ routeTimeoutMs: 100 });
    const caller = await join(r.url, { name: "caller", channel: "home", role: "hub" });
    const viewer = await join(r.url, { name: "viewer", channel: "home", role: "viewer" });
    const silent = await join(r.url, { name: "silent", channel: "home", role: "hub" });
    await join(r.url, { name: "far", channel: "garage", role: "hub" });
    const failed = (error: string) => ({ error, status: "failed" });
    const route = async (socket: TestSocket, payload: unknown) =>
      (await socket.request("route_msg", payload)).payload;
    expect(await route(viewer, { target_id: silent.id, type: "x" })).toEqual(
      failed(RelayError.ROUTING_NOT_ALLOWED),
    );
    expect(await route(caller, { target_id: "nobody", type: "x" })).toEqual(
      failed(RelayError.TARGET_NOT_FOUND),
    );
    expect(await route(caller, { target_name: "far", type: "x" })).toEqual(
      failed(RelayError.CROSS_CHANNEL_DENIED),
    );
    expect(await route(caller, { target_id: silent.id, type: "x" })).toEqual(
      failed(RelayError.TARGET_TIMEOUT),
    );
    for (const malformed of [
      "text",
      [1],
      { target_id: 5, type: "x" },
      { target_name: "silent" },
      { type: "x" },
    ]) {
      const payload = (await route(caller, malformed)) as { error: string; status: string };
      expect(payload.status).toBe("failed");
      expect(payload.error).toMatch(/^route_msg /);
    }
  });

  it("allows cross-channel routes with can_cross_channel_route", async () => {
    const r = await relay();
    const caller = await join(r.url, {
      name: "caller",
      channel: "home",
      role: "hub",
      can_cross_channel_route: true,
    });
    const far = await join(r.url, { name: "far", channel: "garage", role: "hub" });
    const reply = caller.request("route_msg", { target_name: "far", type: "get_state" });
    const request = await far.nextOfType("get_state");
    expect(request.payload).toBeNull();
    far.send("get_state", "ok", request.id);
    expect((await reply).payload).toBe("ok");
  });

  it("caps outstanding routes per client at 16", async () => {
    const r = await relay({ rateLimit: 0 });
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const target = await join(r.url, { name: "target", role: "hub" });
    const ids = Array.from({ length: 17 }, () =>
      caller.send("route_msg", { target_id: target.id, type: "slow" }),
    );
    const overflow = await caller.next((f) => f.reply_to === ids[16], "the 17th reply");
    expect(overflow.payload).toEqual({ error: RelayError.TOO_MANY_ROUTES, status: "failed" });
    const first = await target.nextOfType("slow");
    target.send("slow", 1, first.id);
    expect((await caller.next((f) => f.reply_to === ids[0], "the first reply")).payload).toBe(1);
  });

  it("answers waiting senders with Target not found as soon as the target disconnects, freeing their route slots", async () => {
    const r = await relay({ routeTimeoutMs: 60_000, rateLimit: 0 });
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const target = await join(r.url, { name: "target", role: "hub" });
    const ids = Array.from({ length: 16 }, () =>
      caller.send("route_msg", { target_id: target.id, type: "slow" }),
    );
    await target.nextOfType("slow");
    await target.close();
    for (const id of ids) {
      const reply = await caller.next((f) => f.reply_to === id, `the failure for ${id}`);
      expect(reply).toMatchObject({
        type: "route_msg",
        payload: { error: RelayError.TARGET_NOT_FOUND, status: "failed" },
      });
    }
    const echo = await join(r.url, { name: "echo", role: "hub" });
    const reply = caller.request("route_msg", { target_name: "echo", type: "q" });
    const request = await echo.nextOfType("q");
    echo.send("q", "answered", request.id);
    expect((await reply).payload).toBe("answered");
  });

  it("answers Target not found at once when the target is evicted by a newer socket or leaves another relay", async () => {
    const backplane = new MemoryBackplane();
    const r = await relay({ routeTimeoutMs: 60_000, backplane });
    const other = await relay({ routeTimeoutMs: 60_000, backplane });
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const incumbent = await join(r.url, { name: "porch", role: "hub" });
    const evicted = caller.request("route_msg", { target_name: "porch", type: "q" });
    await incumbent.nextOfType("q");
    await join(r.url, { name: "porch", role: "hub" });
    expect((await evicted).payload).toEqual({ error: RelayError.TARGET_NOT_FOUND, status: "failed" });
    const remote = await join(other.url, { name: "remote", role: "hub" });
    const departed = caller.request("route_msg", { target_name: "remote", type: "q" });
    await remote.nextOfType("q");
    await remote.close();
    expect((await departed).payload).toEqual({ error: RelayError.TARGET_NOT_FOUND, status: "failed" });
  });

  it("ignores a reply from anyone but the target", async () => {
    const r = await relay({ routeTimeoutMs: 300 });
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const target = await join(r.url, { name: "target", role: "hub" });
    const intruder = await join(r.url, { name: "intruder", role: "hub" });
    const reply = caller.request("route_msg", { target_id: target.id, type: "q" });
    const request = await target.nextOfType("q");
    intruder.send("q", "forged", request.id);
    expect((await reply).payload).toEqual({ error: RelayError.TARGET_TIMEOUT, status: "failed" });
  });

  it("delivers route_msg_noreply without a reply on success and replies on error", async () => {
    const r = await relay();
    const caller = await join(r.url, { name: "caller", role: "hub" });
    const target = await join(r.url, { name: "lamp", role: "hub" });
    const id = caller.send("route_msg_noreply", { target_name: "lamp", type: "set", payload: { on: true } });
    expect((await target.nextOfType("set")).payload).toEqual({ on: true });
    caller.send("route_msg_noreply", { target_id: target.id, type: "set", payload: { on: false } });
    expect((await target.nextOfType("set")).payload).toEqual({ on: false });
    await caller.sync();
    expect(caller.received.some((f) => f.reply_to === id)).toBe(false);
    const missing = await caller.request("route_msg_noreply", { target_name: "nobody", type: "set" });
    expect(missing).toMatchObject({
      type: "route_msg_noreply",
      payload: { error: RelayError.TARGET_NOT_FOUND, status: "failed" },
    });
  });
});

describe("roster", () => {
  it("get_nodes lists the caller's channel without the caller for monitors and nothing for others", async () => {
    const r = await relay();
    const monitor = await join(r.url, {
      name: "mon",
      channel: "home",
      role: "editor",
      broadcast_scope: "channel",
    });
    const viewer = await join(r.url, { name: "v", channel: "home", role: "viewer" });
    const hub = await join(r.url, { name: "hub", channel: "home", role: "hub" });
    await join(r.url, { name: "far", channel: "garage", role: "hub" });
    expect((await monitor.request("get_nodes", null)).payload).toEqual({
      clients: [
        { id: viewer.id, name: "v", channel: "home", role: "viewer" },
        { id: hub.id, name: "hub", channel: "home", role: "hub" },
      ],
    });
    expect((await viewer.request("get_nodes")).payload).toEqual({ clients: [] });
    const dash = await join(r.url, { name: "dash", channel: "x", role: "dashboard" });
    const everyone = (await dash.request("get_nodes")).payload as { clients: { name: string }[] };
    expect(everyone.clients.map((c) => c.name)).toEqual(["mon", "v", "hub", "far"]);
  });

  it("pushes server_client_list to monitors after a join and after a leave", async () => {
    const r = await relay();
    const monitor = await join(r.url, { name: "mon", role: "editor", broadcast_scope: "channel" });
    const names = (f: { payload: unknown }) =>
      (f.payload as { clients: { name: string }[] }).clients.map((c) => c.name);
    const joiner = await join(r.url, { name: "joiner", role: "hub" });
    await monitor.next(
      (f) => f.type === "server_client_list" && names(f).includes("joiner"),
      "roster with joiner",
    );
    await joiner.close();
    const afterLeave = await monitor.next(
      (f) => f.type === "server_client_list" && !names(f).includes("joiner"),
      "roster without joiner",
    );
    expect(names(afterLeave)).toEqual(["mon"]);
  });

  it("answers ping with pong", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub", role: "viewer" });
    expect(await hub.request("ping")).toMatchObject({ type: "ping", payload: "pong" });
  });
});

describe("origins", () => {
  it("closes 1008 for a foreign Origin; allows listed, same-host, absent and (by default) loopback-page origins", async () => {
    const r = await relay();
    const foreign = await open(r.url, { origin: "http://evil.example" });
    expect((await foreign.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    const loopbackPages = ["http://localhost:8080", "http://127.0.0.1:5173", "http://[::1]:3000"];
    for (const origin of [
      "http://localhost",
      "http://LOCALHOST/",
      `http://127.0.0.1:${r.port}`,
      ...loopbackPages,
    ]) {
      const socket = await open(r.url, { origin });
      await socket.identify({ name: `o${socket.received.length}${Math.random().toString(36).slice(2, 8)}` });
    }
    const explicit = await relay({ allowedOrigins: ["http://localhost"] });
    const otherPort = await open(explicit.url, { origin: "http://localhost:8080" });
    expect((await otherPort.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    const any = await relay({ allowedOrigins: ["*"] });
    const anywhere = await open(any.url, { origin: "http://evil.example" });
    await anywhere.identify({ name: "anywhere" });
  });
});
