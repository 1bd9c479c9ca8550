import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "@carter/protocol";
import { MemoryBackplane } from "./backplane.js";
import type { AdmissionSession, AdmittedMember, AuthDecision } from "./auth.js";
import { startRelay, type RunningRelay } from "./relay.js";
import { joinMesh, TestSocket, waitUntil } from "./test-support.js";
import { relayTestScope } from "./test-scope.js";

const { relay, join, open, closeAll } = relayTestScope();

async function metricValue(
  r: RunningRelay,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await r.metrics.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return match?.value ?? 0;
}

/** Completes a WebSocket handshake by hand, so a test can then write arbitrary bytes. */
function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
    });
    socket.once("data", (head) =>
      head.toString().startsWith("HTTP/1.1 101") ? resolve(socket) : reject(new Error("no upgrade")),
    );
    socket.once("error", reject);
  });
}

/** A masked client frame with the given opcode. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

afterEach(closeAll);

describe("limits", () => {
  it("closes 4429 past maxConnections", async () => {
    const r = await relay({ maxConnections: 2 });
    await join(r.url, { name: "a" });
    await join(r.url, { name: "b" });
    const third = await open(r.url);
    expect((await third.waitClosed()).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
    expect(await metricValue(r, "mesh_rejections_total", { reason: "max_connections" })).toBe(1);
  });

  it("closes 4429 past maxPendingPerIp unidentified sockets, per client address behind trusted proxies", async () => {
    const r = await relay({ maxPendingPerIp: 2, trustedProxies: ["127.0.0.1"] });
    const fromA = { headers: { "x-forwarded-for": "10.0.0.1, 127.0.0.1" } };
    await open(r.url, fromA);
    const second = await open(r.url, fromA);
    const third = await open(r.url, fromA);
    expect((await third.waitClosed()).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
    const otherIp = await open(r.url, {
      headers: { "x-real-ip": "10.0.0.2", "x-forwarded-for": "10.0.0.1" },
    });
    await otherIp.identify({ name: "other" });
    await second.identify({ name: "second" });
    const fourth = await open(r.url, fromA);
    await fourth.identify({ name: "fourth" });
  });

  it("ignores forwarding headers from untrusted peers", async () => {
    const r = await relay({ maxPendingPerIp: 1 });
    await open(r.url, { headers: { "x-real-ip": "10.0.0.1" } });
    const spoofed = await open(r.url, { headers: { "x-real-ip": "10.0.0.2" } });
    expect((await spoofed.waitClosed()).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
  });

  it("closes 1008 past the rate limit", async () => {
    const r = await relay({ rateLimit: 5 });
    const flooder = await join(r.url, { name: "flooder", role: "viewer" });
    for (let i = 0; i < 20; i++) flooder.send("ping");
    expect((await flooder.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    const calm = await join(r.url, { name: "calm", role: "viewer" });
    await calm.sync();
  });

  it("does not limit the frame rate when rateLimit is 0", async () => {
    const r = await relay({ rateLimit: 0 });
    const chatty = await join(r.url, { name: "chatty", role: "viewer" });
    const ids = Array.from({ length: 300 }, () => chatty.send("ping"));
    await chatty.next((f) => f.reply_to === ids[ids.length - 1], "the last pong");
    expect(chatty.received.filter((f) => f.payload === "pong")).toHaveLength(300);
    expect(chatty.isOpen).toBe(true);
  });

  it("closes 1009 on a frame over maxSize, and only that socket", async () => {
    const r = await relay({ maxSize: 1024 });
    const healthy = await join(r.url, { name: "healthy", role: "viewer" });
    const big = await join(r.url, { name: "big", role: "hub" });
    big.send("broadcast_request", { blob: "x".repeat(2000) });
    expect((await big.waitClosed()).code).toBe(CloseCode.MESSAGE_TOO_BIG);
    await healthy.sync();
    expect(healthy.has((f) => f.type === "broadcast")).toBe(false);
    expect(await metricValue(r, "mesh_rejections_total", { reason: "oversize" })).toBe(1);
  });

  it("survives garbage frames, bad UTF-8 and bad framing, closing only the offender", async () => {
    const r = await relay();
    const healthy = await join(r.url, { name: "healthy", role: "viewer" });
    const sloppy = await join(r.url, { name: "sloppy", role: "hub" });
    for (const garbage of [
      "not json",
      "[1,2]",
      '{"type":5}',
      '{"id":1,"type":"ping"}',
      "null",
      '{"type":""}',
    ]) {
      sloppy.sendRaw(garbage, false);
    }
    sloppy.sendRaw(Buffer.from([0xff, 0xfe, 0x00]), true);
    await sloppy.sync();

    const badUtf8 = await rawSocket(r.port);
    const badUtf8Closed = new Promise<void>((resolve) => badUtf8.once("close", () => resolve()));
    badUtf8.write(clientFrame(0x1, Buffer.from([0xc3, 0x28])));
    await badUtf8Closed;

    const badFraming = await rawSocket(r.port);
    const badFramingClosed = new Promise<void>((resolve) => badFraming.once("close", () => resolve()));
    badFraming.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    await badFramingClosed;

    const unmasked = await rawSocket(r.port);
    const unmaskedClosed = new Promise<void>((resolve) => unmasked.once("close", () => resolve()));
    unmasked.write(Buffer.from([0x81, 0x02, 0x7b, 0x7d]));
    await unmaskedClosed;

    expect(sloppy.isOpen).toBe(true);
    expect((await sloppy.request("broadcast_request", { msg_type: "after" })).payload).toEqual({
      status: "sent",
    });
    expect((await healthy.nextOfType("broadcast")).payload).toEqual({ msg_type: "after" });
  });

  it("treats a binary frame holding JSON like text", async () => {
    const r = await relay();
    const socket = await open(r.url);
    socket.sendRaw(
      Buffer.from(JSON.stringify({ id: "b1", type: "identify", payload: { name: "binary" } })),
      true,
    );
    const welcome = await socket.nextOfType("welcome");
    expect(welcome.payload).toMatchObject({ name: "binary" });
  });

  it("closes a consumer whose send buffer passes the limit with 1013, without stalling the others", async () => {
    const r = await relay({ sendBufferLimit: 64 * 1024, maxSize: 1024 * 1024, rateLimit: 0 });
    const slow = await join(r.url, { name: "slow", role: "viewer" });
    const healthy = await join(r.url, { name: "healthy", role: "viewer" });
    const sender = await join(r.url, { name: "sender", role: "hub" });
    slow.ws.pause();
    const blob = "x".repeat(256 * 1024);
    let sent = 0;
    while ((await metricValue(r, "mesh_slow_consumers_dropped_total")) === 0) {
      expect(sent).toBeLessThan(500);
      await sender.request("broadcast_request", { n: sent, blob });
      await healthy.nextOfType("broadcast");
      sent++;
    }
    slow.ws.resume();
    expect((await slow.waitClosed(10_000)).code).toBe(CloseCode.TRY_AGAIN_LATER);
    await sender.request("broadcast_request", { n: "after" });
    expect((await healthy.nextOfType("broadcast")).payload).toEqual({ n: "after" });
  });

  it("drops a socket that stops answering keepalive pings, and keeps one that answers", async () => {
    const r = await relay({ keepaliveIntervalMs: 50 });
    const healthy = await join(r.url, { name: "healthy", role: "viewer" });
    const dead = await open(r.url, { autoPong: false });
    await dead.identify({ name: "dead", role: "viewer" });
    expect((await dead.waitClosed()).code).toBe(1006);
    expect(await metricValue(r, "mesh_rejections_total", { reason: "keepalive_timeout" })).toBe(1);
    await healthy.sync();
    expect(healthy.isOpen).toBe(true);
  });

  it("handles 200 rapid connects and disconnects and keeps serving", async () => {
    const r = await relay({ rateLimit: 0 });
    const monitor = await join(r.url, { name: "mon", role: "editor" });
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const socket = await TestSocket.open(r.url);
          if (i % 2 === 0) await socket.identify({ name: `n${batch}-${i}`, role: "hub" });
          await socket.close();
        }),
      );
    }
    await waitUntil(() => r.stats().connections === 1, "only the monitor is connected");
    expect(r.stats()).toEqual({ connections: 1, members: 1, pending: 0, parked: 0 });
    expect((await monitor.request("get_nodes")).payload).toEqual({ clients: [] });
  });
});

describe("admission hook", () => {
  it("parks: open socket, no welcome, not in the roster, frames ignored", async () => {
    const r = await relay({
      auth: (token) => (token === "good" ? { outcome: "admitted" } : { outcome: "parked" }),
    });
    const monitor = await join(r.url, { name: "mon", role: "editor", token: "good" });
    const parked = await open(r.url);
    parked.send("identify", { name: "parked", role: "hub", token: "bad" });
    parked.send("broadcast_request", { msg_type: "from-parked" });
    await waitUntil(() => r.stats().pending === 0, "admission decided");
    await monitor.sync();
    expect((await monitor.request("get_nodes")).payload).toEqual({ clients: [] });
    expect(monitor.has((f) => f.type === "broadcast")).toBe(false);
    expect(parked.isOpen).toBe(true);
    expect(parked.received).toEqual([]);
  });

  it("drops and counts a parked socket's frames, and admits it on a later identify with a good token", async () => {
    const r = await relay({
      auth: (token) => (token === "good" ? { outcome: "admitted" } : { outcome: "parked" }),
    });
    const monitor = await join(r.url, { name: "mon", role: "editor", token: "good" });
    const parked = await open(r.url);
    parked.send("identify", { name: "late", role: "hub", token: "bad" });
    await waitUntil(() => r.stats().parked === 1, "the socket is parked");
    parked.send("broadcast_request", { msg_type: "while-parked" });
    parked.send("ping");
    parked.send("identify", { name: "late", role: "hub", token: "still-bad" });
    parked.send("get_nodes");
    // Frames are handled in order: once welcomed, everything before the good identify was handled.
    const welcome = await parked.identify({ name: "late", role: "hub", token: "good" });
    expect(await metricValue(r, "mesh_parked_frames_dropped_total")).toBe(3);
    expect(parked.received.map((f) => f.type)).toEqual(["welcome"]);
    expect(welcome.payload).toMatchObject({ name: "late" });
    expect(r.stats()).toMatchObject({ parked: 0, members: 2 });
    await parked.request("broadcast_request", { msg_type: "admitted" });
    expect((await monitor.nextOfType("broadcast")).payload).toEqual({ msg_type: "admitted" });
    expect(monitor.received.filter((f) => f.type === "broadcast")).toHaveLength(1);
    parked.send("identify", { name: "late", role: "hub", token: "good" });
    expect(await parked.waitClosed()).toEqual({
      code: CloseCode.POLICY_VIOLATION,
      reason: "already identified",
    });
  });

  it("tells an admission session when its member joins and ends, and lets it close the member", async () => {
    const events: string[] = [];
    let joined: AdmittedMember | null = null;
    const session = (label: string): AdmissionSession => ({
      joined: (member) => {
        events.push(`${label} joined ${member.name}`);
        joined = member;
      },
      ended: () => events.push(`${label} ended`),
    });
    const r = await relay({
      auth: (token) => ({ outcome: "admitted", namespace: "42", session: session(token) }),
    });
    const member = await join(r.url, { name: "hub", token: "a" });
    expect(events).toEqual(["a joined 42.hub"]);
    joined!.close(4403, "revoked");
    expect(await member.waitClosed()).toEqual({ code: 4403, reason: "revoked" });
    expect(events).toEqual(["a joined 42.hub", "a ended"]);
    const foreign = await open(r.url);
    foreign.send("identify", { name: "7.hub", token: "b" });
    await foreign.waitClosed();
    await waitUntil(() => events.length === 3, "the refused join ends its session");
    expect(events[2]).toBe("b ended");
  });

  it("asks the session about each request frame and answers a refused one with a failure", async () => {
    const asked: string[] = [];
    const r = await relay({
      auth: () => ({
        outcome: "admitted",
        session: {
          joined: () => undefined,
          ended: () => undefined,
          allow: (type) => {
            asked.push(type);
            return type !== "broadcast_request" && type !== "custom";
          },
        },
      }),
    });
    const listener = await join(r.url, { name: "listener", role: "viewer" });
    const sender = await join(r.url, { name: "sender", role: "hub" });
    const refused = await sender.request("broadcast_request", { msg_type: "x" });
    expect(refused.payload).toEqual({ error: "rate limited", status: "failed" });
    sender.send("custom");
    expect((await sender.request("ping")).payload).toBe("pong");
    await listener.sync();
    expect(listener.has((f) => f.type === "broadcast")).toBe(false);
    expect(sender.received.filter((f) => f.type === "custom")).toEqual([]);
    expect(asked).toContain("custom");
    expect(await metricValue(r, "mesh_rejections_total", { reason: "admission_limit" })).toBe(2);
  });

  it("ends the session of a socket that closed while its admission was pending", async () => {
    const decisions: ((decision: AuthDecision) => void)[] = [];
    const events: string[] = [];
    const r = await relay({ auth: () => new Promise<AuthDecision>((resolve) => decisions.push(resolve)) });
    const socket = await open(r.url);
    socket.send("identify", { name: "gone" });
    await waitUntil(() => decisions.length === 1, "awaiting admission");
    await socket.close();
    await waitUntil(() => r.stats().connections === 0, "socket gone");
    decisions[0]({
      outcome: "admitted",
      session: { joined: () => events.push("joined"), ended: () => events.push("ended") },
    });
    await waitUntil(() => events.length > 0, "the session hears");
    expect(events).toEqual(["ended"]);
  });

  it("is asked with the identify token and the client address seen through trusted proxies", async () => {
    const asked: [string, string, string][] = [];
    const r = await relay({
      trustedProxies: ["127.0.0.1"],
      auth: (token, address, identity) => {
        asked.push([token, address, identity.name]);
        return { outcome: "admitted" };
      },
    });
    const proxied = await open(r.url, { headers: { "x-forwarded-for": "203.0.113.7" } });
    await proxied.identify({ name: "proxied", auth_token: "t1" });
    const direct = await open(r.url);
    await direct.identify({ name: "direct", token: "t2" });
    expect(asked).toEqual([
      ["t1", "203.0.113.7", "proxied"],
      ["t2", "127.0.0.1", "direct"],
    ]);
  });

  it("closes 1011 when the hook throws or rejects, and keeps serving", async () => {
    const r = await relay({
      auth: (token) => {
        if (token === "throw") throw new Error("hook bug");
        return token === "reject" ? Promise.reject(new Error("backend down")) : { outcome: "admitted" };
      },
    });
    for (const token of ["throw", "reject"]) {
      const socket = await open(r.url);
      socket.send("identify", { name: token, token });
      expect(await socket.waitClosed()).toEqual({
        code: CloseCode.INTERNAL_ERROR,
        reason: "admission failed",
      });
    }
    const fine = await join(r.url, { name: "fine", token: "ok" });
    await fine.sync();
  });

  it("refuses with 1008", async () => {
    const r = await relay({ auth: () => ({ outcome: "refused", reason: "expired" }) });
    const socket = await open(r.url);
    socket.send("identify", { name: "x" });
    expect(await socket.waitClosed()).toEqual({ code: CloseCode.POLICY_VIOLATION, reason: "expired" });
  });

  it("refuses with the hook's own 4xxx code, and 1008 for any other code", async () => {
    const r = await relay({
      auth: (token) => ({ outcome: "refused", reason: "slots full", code: token === "quota" ? 4429 : 1000 }),
    });
    const quota = await open(r.url);
    quota.send("identify", { name: "x", token: "quota" });
    expect(await quota.waitClosed()).toEqual({ code: 4429, reason: "slots full" });
    const other = await open(r.url);
    other.send("identify", { name: "y", token: "other" });
    expect(await other.waitClosed()).toEqual({ code: CloseCode.POLICY_VIOLATION, reason: "slots full" });
  });

  it("queues frames sent while an async decision is pending and runs them in order after welcome", async () => {
    const decisions: ((decision: AuthDecision) => void)[] = [];
    const r = await relay({ auth: () => new Promise<AuthDecision>((resolve) => decisions.push(resolve)) });
    const listener = await open(r.url);
    listener.send("identify", { name: "listener", role: "viewer" });
    await waitUntil(() => decisions.length === 1, "listener awaiting admission");
    decisions[0]({ outcome: "admitted" });
    await listener.nextOfType("welcome");
    const sender = await open(r.url);
    sender.send("identify", { name: "sender", role: "hub" });
    const ids = [1, 2, 3].map((n) => sender.send("broadcast_request", { n }));
    await waitUntil(() => decisions.length === 2, "sender awaiting admission");
    await waitUntil(() => sender.ws.bufferedAmount === 0, "the queued frames are on the wire");
    decisions[1]({ outcome: "admitted" });
    await sender.next((f) => f.reply_to === ids[2], "the third reply");
    expect(sender.received.map((f) => f.type)).toEqual([
      "welcome",
      "broadcast_request",
      "broadcast_request",
      "broadcast_request",
    ]);
    for (const n of [1, 2, 3]) expect((await listener.nextOfType("broadcast")).payload).toEqual({ n });
  });

  it("namespaces admitted members and isolates namespaces", async () => {
    const r = await relay({
      auth: (token) =>
        token === "acct42" ? { outcome: "admitted", namespace: "42" } : { outcome: "admitted" },
    });
    const tenant = await open(r.url);
    const welcome = await tenant.identify({
      name: "hub",
      channel: "home",
      role: "hub",
      token: "acct42",
      broadcast_scope: "global",
    });
    expect(welcome.payload).toMatchObject({ name: "42.hub" });
    const peer = await join(r.url, {
      name: "peer",
      channel: "42.home",
      role: "editor",
      broadcast_scope: "channel",
      token: "acct42",
    });
    const outsider = await join(r.url, { name: "outsider", channel: "home", role: "dashboard" });
    await tenant.request("broadcast_request", { msg_type: "tenant" });
    expect((await peer.nextOfType("broadcast")).payload).toEqual({ msg_type: "tenant" });
    await outsider.sync();
    expect(outsider.has((f) => f.type === "broadcast")).toBe(false);
    expect((await outsider.request("get_nodes")).payload).toEqual({ clients: [] });
    const routed = await outsider.request("route_msg", { target_id: tenant.id, type: "x" });
    expect(routed.payload).toEqual({ error: "Target not found", status: "failed" });
    const foreign = await open(r.url);
    foreign.send("identify", { name: "7.hub", token: "acct42" });
    expect((await foreign.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
  });

  it("keeps a member outside the namespace apart even when its name and channel spell a namespaced one", async () => {
    const r = await relay({
      auth: (token) =>
        token === "acct42" ? { outcome: "admitted", namespace: "42" } : { outcome: "admitted" },
    });
    const tenant = await join(r.url, {
      name: "hub",
      channel: "home",
      role: "dashboard",
      broadcast_scope: "channel",
      token: "acct42",
    });
    const peer = await join(r.url, { name: "peer", channel: "home", role: "editor", token: "acct42" });
    const lookalike = await join(r.url, {
      name: "42.hub",
      channel: "42.home",
      role: "dashboard",
      broadcast_scope: "channel",
    });
    await lookalike.request("broadcast_request", { msg_type: "lookalike" });
    await tenant.request("broadcast_request", { msg_type: "tenant" });
    expect((await peer.nextOfType("broadcast")).payload).toEqual({ msg_type: "tenant" });
    await lookalike.sync();
    expect(lookalike.has((f) => f.type === "broadcast")).toBe(false);
    expect(tenant.has((f) => f.type === "broadcast")).toBe(false);
    expect(tenant.isOpen).toBe(true);
    expect((await tenant.request("get_nodes")).payload).toEqual({
      clients: [{ id: peer.id, name: "42.peer", channel: "42.home", role: "editor" }],
    });
    expect((await lookalike.request("get_nodes")).payload).toEqual({ clients: [] });
    const rosters = lookalike.received.filter((f) => f.type === "server_client_list");
    expect(rosters.at(-1)?.payload).toEqual({
      clients: [{ id: lookalike.id, name: "42.hub", channel: "42.home", role: "dashboard" }],
    });
  });
});

describe("backplane", () => {
  it("joins two relays sharing a backplane into one mesh", async () => {
    const backplane = new MemoryBackplane();
    const a = await relay({ backplane });
    const b = await relay({ backplane });
    const hub = await join(a.url, { name: "hub", role: "hub" });
    const viewer = await join(b.url, { name: "viewer", role: "viewer" });
    await hub.request("broadcast_request", { msg_type: "across" });
    expect((await viewer.nextOfType("broadcast")).payload).toEqual({ msg_type: "across" });
    const reply = hub.request("route_msg", { target_name: "viewer", type: "q" });
    const request = await viewer.nextOfType("q");
    viewer.send("q", "answer", request.id);
    expect((await reply).payload).toBe("answer");
  });
});

describe("operations", () => {
  it("serves /healthz and per-relay /metrics", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub", role: "hub" });
    await hub.request("broadcast_request", { msg_type: "m" });
    const base = r.url.replace("ws://", "http://");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", connections: 1, members: 1 });
    const foreign = await open(r.url, { origin: "http://evil.example" });
    await foreign.waitClosed();
    await waitUntil(() => r.stats().connections === 1, "the refused socket is gone");
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("mesh_connections 1");
    expect(metrics).toContain("mesh_members 1");
    expect(metrics).toContain('mesh_frames_in_total{verb="identify"} 1');
    expect(metrics).toContain('mesh_frames_in_total{verb="broadcast_request"} 1');
    expect(metrics).toContain('mesh_frames_out_total{verb="welcome"} 1');
    expect(metrics).toContain('mesh_frames_out_total{verb="reply"} 1');
    expect(metrics).toContain('mesh_rejections_total{reason="origin"} 1');
    expect(metrics).toContain("mesh_slow_consumers_dropped_total 0");
    expect(metrics).toContain("# TYPE mesh_fanout_seconds histogram");
    expect(metrics).toContain("mesh_fanout_seconds_count 1");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("reports its port after close(), so a restart can bind the same port", async () => {
    const first = await relay();
    const port = first.port;
    expect(port).toBeGreaterThan(0);
    await first.close();
    expect(first.port).toBe(port);
    expect(first.url).toBe(`ws://127.0.0.1:${port}`);
    const again = await relay({ port: first.port });
    expect(again.port).toBe(port);
    await join(again.url, { name: "back" });
  });

  it("closes clients with 1001 on close()", async () => {
    const r = await startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent" });
    const hub = await joinMesh(r.url, { name: "hub" });
    const closing = r.close();
    expect((await hub.waitClosed()).code).toBe(CloseCode.GOING_AWAY);
    await closing;
  });
});
