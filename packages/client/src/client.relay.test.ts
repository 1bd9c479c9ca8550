import { createE2ee, isEnvelope } from "@carter/protocol";
import { startRelay, type RunningRelay } from "@carter/relay";
import { joinMesh, type TestSocket } from "@carter/relay/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { MeshClient } from "./client.js";
import type { MeshClientOptions } from "./options.js";
import { nextEvent, until } from "./test-helpers.js";

const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const OTHER_KEY = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
const quiet = { warn: () => {}, error: () => {} };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(port = 0, routeTimeoutMs?: number): Promise<RunningRelay> {
  const r = await startRelay({
    host: "127.0.0.1",
    port,
    logLevel: "silent",
    ...(routeTimeoutMs ? { routeTimeoutMs } : {}),
  });
  let closed = false;
  const close = r.close.bind(r);
  cleanups.push(async () => {
    if (!closed) await close();
  });
  return Object.assign(r, {
    close: async () => {
      closed = true;
      await close();
    },
  });
}

function client(r: { url: string }, name: string, options: Partial<MeshClientOptions> = {}): MeshClient {
  const c = new MeshClient({
    url: r.url,
    name,
    channel: "test",
    role: "hub",
    canBroadcast: true,
    canRoute: true,
    logger: quiet,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

async function raw(r: RunningRelay, name: string): Promise<TestSocket> {
  const socket = await joinMesh(r.url, {
    name,
    channel: "test",
    role: "hub",
    can_broadcast: true,
    can_route: true,
  });
  cleanups.push(() => socket.close());
  return socket;
}

describe("against the real relay", () => {
  it("connects, adopts the relay-assigned id and walks the states", async () => {
    const r = await relay();
    const c = client(r, "alpha");
    const states: string[] = [];
    c.events.on("state", (s) => states.push(s));
    const ready = nextEvent(c, "ready");
    expect(c.id).toBeNull();
    await c.connect();
    const welcome = await ready;
    expect(c.id).toBe(welcome.id);
    expect(welcome.name).toBe("alpha");
    expect(states).toEqual(["connecting", "awaiting", "ready"]);
    const monitor = client(r, "watcher", { canMonitor: true });
    await monitor.connect();
    expect(await monitor.nodes()).toEqual([{ id: c.id, name: "alpha", channel: "test", role: "hub" }]);
  });

  it("broadcasts {msg_type, ...data} to handlers and onFrame listeners", async () => {
    const r = await relay();
    const hub = client(r, "hub");
    const viewer = client(r, "viewer", { role: "viewer", canBroadcast: false, canRoute: false });
    await Promise.all([hub.connect(), viewer.connect()]);
    const frames: string[] = [];
    viewer.onFrame((f) => frames.push(f.type));
    const got = new Promise((resolve) => viewer.on("broadcast", (p) => void resolve(p)));
    hub.broadcast("metrics", { cpu: 73, msg_type: "ignored" });
    expect(await got).toEqual({ msg_type: "metrics", cpu: 73 });
    expect(frames).toEqual(["broadcast"]);
  });

  it("routes requests by name and id; handler return values (sync or async) become replies", async () => {
    const r = await relay();
    const hub = client(r, "hub");
    const app = client(r, "app");
    hub.on("get_doc", (p: { path: string }) => ({ title: p.path }));
    hub.on("slow_sum", async (p: { a: number; b: number }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return p.a + p.b;
    });
    hub.on("fire", () => undefined);
    await Promise.all([hub.connect(), app.connect()]);
    expect(await app.route("hub", "get_doc", { path: "x" })).toEqual({ title: "x" });
    expect(await app.route({ name: "hub" }, "slow_sum", { a: 2, b: 3 })).toBe(5);
    expect(await app.route({ id: hub.id! }, "get_doc", { path: "y" })).toEqual({ title: "y" });

    const fired = new Promise((resolve) => hub.on("note", (p) => void resolve(p)));
    app.routeNoReply("hub", "note", { n: 1 });
    expect(await fired).toEqual({ n: 1 });
    const firedById = new Promise((resolve) => hub.on("note", (p) => void resolve(p)));
    app.routeNoReply({ id: hub.id! }, "note", { n: 2 });
    expect(await firedById).toEqual({ n: 2 });
  });

  it("rejects with typed errors: failed reply, timeout, disconnect", async () => {
    const r = await relay(0, 200);
    const hub = client(r, "hub");
    const app = client(r, "app");
    hub.on("never", () => new Promise(() => {}));
    await Promise.all([hub.connect(), app.connect()]);

    const missing = await app.route("nobody", "x", {}).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "RequestFailedError", error: "Target not found" });

    const relayTimeout = await app.route("hub", "never", {}).catch((e: unknown) => e);
    expect(relayTimeout).toMatchObject({ name: "RequestFailedError", error: "target timeout" });

    const clientTimeout = await app.route("hub", "never", {}, { timeout: 50 }).catch((e: unknown) => e);
    expect(clientTimeout).toMatchObject({ name: "RequestTimeoutError", timeoutMs: 50 });

    const dropped = app.route("hub", "never", {}, { timeout: 10_000 }).catch((e: unknown) => e);
    await r.close();
    expect(await dropped).toMatchObject({ name: "DisconnectedError" });
  });

  it("reports a broadcast the relay refused, and counts its receipts as expected replies", async () => {
    const r = await relay();
    const viewer = client(r, "viewer", { role: "viewer", canBroadcast: false });
    const hub = client(r, "hub");
    await Promise.all([viewer.connect(), hub.connect()]);
    const refused = nextEvent(viewer, "error");
    viewer.broadcast("porch.light", { on: true });
    expect((await refused).message).toBe("broadcast refused by the relay: broadcast not allowed");
    hub.broadcast("metrics", { cpu: 1 });
    // The relay answers in order: the pong comes after the broadcast's receipt.
    expect(await hub.request("ping")).toBe("pong");
    expect(hub.stats.strayReplies + viewer.stats.strayReplies).toBe(0);
  });

  it("throws NotConnectedError on send before admission without a buffer", () => {
    const c = new MeshClient({ url: "ws://127.0.0.1:9", name: "idle", logger: quiet });
    expect(() => c.broadcast("x")).toThrow(expect.objectContaining({ name: "NotConnectedError" }));
    return expect(c.request("get_nodes")).rejects.toMatchObject({ name: "NotConnectedError" });
  });

  it("buffers sends while offline, evicting the oldest, and flushes them in order on admission", async () => {
    const r = await relay();
    const receiver = await raw(r, "receiver");
    const c = client(r, "sender", { offlineBuffer: 3 });
    for (let i = 1; i <= 5; i++) c.broadcast("seq", { i });
    expect(c.stats.offlineEvicted).toBe(2);
    await expect(c.request("get_nodes")).rejects.toMatchObject({ name: "NotConnectedError" });
    await c.connect();
    const order: unknown[] = [];
    for (let k = 0; k < 3; k++)
      order.push(((await receiver.nextOfType("broadcast")).payload as { i: number }).i);
    expect(order).toEqual([3, 4, 5]);
  });

  it("reconnects after the relay restarts on the same port, re-identifying", async () => {
    const first = await relay();
    const hub = client(first, "hub");
    await hub.connect();
    const firstId = hub.id;
    const port = first.port;
    const disconnected = nextEvent(hub, "disconnect");
    const reconnecting = nextEvent(hub, "reconnecting");
    await first.close();
    await disconnected;
    expect((await reconnecting).delayMs).toBeGreaterThan(0);
    const readyAgain = nextEvent(hub, "ready", () => true, 10_000);
    const second = await relay(port);
    const { id } = await readyAgain;
    expect(id).not.toBe(firstId);
    expect(hub.id).toBe(id);
    const app = client(second, "app");
    hub.on("echo", (p) => p);
    await app.connect();
    expect(await app.route("hub", "echo", { back: true })).toEqual({ back: true });
  });

  it("keeps a healthy link alive with ping frames", async () => {
    const r = await relay();
    const c = client(r, "pinger", { keepalive: { intervalMs: 10, timeoutMs: 1000 } });
    await c.connect();
    const id = c.id;
    const frames: unknown[] = [];
    c.onFrame((f) => frames.push(f.payload));
    await until(() => frames.filter((p) => p === "pong").length >= 5, "five pongs");
    expect(c.state).toBe("ready");
    expect(c.id).toBe(id);
    expect(c.stats.strayReplies).toBe(0);
  });
});

describe("E2EE through the real relay", () => {
  it("app ↔ hub: broadcasts and routed requests are sealed on the wire and opened for handlers", async () => {
    const r = await relay();
    const observer = await raw(r, "observer");
    const hub = client(r, "hub", { e2ee: { key: KEY, mode: "hub" } });
    const app = client(r, "app", { e2ee: { key: KEY, mode: "app" } });
    await Promise.all([hub.connect(), app.connect()]);

    const atHub = new Promise((resolve) => hub.on("broadcast", (p) => void resolve(p)));
    app.broadcast("porch.light", { on: true });
    expect(await atHub).toEqual({ msg_type: "porch.light", on: true });
    const seen = await observer.nextOfType("broadcast");
    expect(isEnvelope(seen.payload)).toBe(true);
    expect(createE2ee(KEY, "hub").open(seen.payload)).toEqual({ msg_type: "porch.light", on: true });

    const atApp = new Promise((resolve) => app.on("broadcast", (p) => void resolve(p)));
    hub.broadcast("metrics", { cpu: 7 });
    expect(await atApp).toEqual({ msg_type: "metrics", cpu: 7 });

    hub.on("get_state", (p: { which: string }) => ({ state: `${p.which}:on` }));
    expect(await app.route("hub", "get_state", { which: "fan" })).toEqual({ state: "fan:on" });
    app.on("ask_app", (p: { q: number }) => ({ a: p.q * 2 }));
    expect(await hub.route("app", "ask_app", { q: 21 })).toEqual({ a: 42 });
    expect(hub.stats.undecryptable + app.stats.undecryptable).toBe(0);
  });

  it("keeps the route wrapper clear and seals only its inner payload; replies to a raw peer are sealed", async () => {
    const r = await relay();
    const target = await raw(r, "target");
    const app = client(r, "app", { e2ee: { key: KEY, mode: "app" } });
    await app.connect();
    const reply = app.route("target", "get_doc", { path: "secret" });
    const request = await target.nextOfType("get_doc");
    const hubSide = createE2ee(KEY, "hub");
    expect(hubSide.open(request.payload)).toEqual({ path: "secret" });
    target.send("get_doc", hubSide.seal({ body: "classified" }), request.id);
    expect(await reply).toEqual({ body: "classified" });

    const failed = app.route("nobody", "get_doc", {}).catch((e: unknown) => e);
    expect(await failed).toMatchObject({ name: "RequestFailedError", error: "Target not found" });
  });

  it("room mode: every member reads every other", async () => {
    const r = await relay();
    const members = ["m1", "m2", "m3"].map((name) => client(r, name, { e2ee: { key: KEY, mode: "room" } }));
    await Promise.all(members.map((m) => m.connect()));
    const received = members
      .slice(1)
      .map((m) => new Promise((resolve) => m.on("broadcast", (p) => void resolve(p))));
    members[0].broadcast("chat_message", { text: "héllo ☃" });
    expect(await Promise.all(received)).toEqual([
      { msg_type: "chat_message", text: "héllo ☃" },
      { msg_type: "chat_message", text: "héllo ☃" },
    ]);
    members[2].on("whoami", () => "m3");
    expect(await members[1].route("m3", "whoami", null)).toBe("m3");
  });

  it("strict mode drops plaintext and undecryptable app frames; non-strict passes plaintext", async () => {
    const r = await relay();
    const intruder = await raw(r, "intruder");
    const strict = client(r, "strict", { e2ee: { key: KEY, mode: "room" } });
    const lax = client(r, "lax", { e2ee: { key: KEY, mode: "room", strict: false } });
    await Promise.all([strict.connect(), lax.connect()]);
    const strictSeen: unknown[] = [];
    strict.on("broadcast", (p) => void strictSeen.push(p));
    const laxSeen: unknown[] = [];
    lax.on("broadcast", (p) => void laxSeen.push(p));

    intruder.send("broadcast_request", { msg_type: "plain" });
    intruder.send("broadcast_request", createE2ee(OTHER_KEY, "room").seal({ msg_type: "wrong-key" }));
    intruder.send("broadcast_request", createE2ee(KEY, "room").seal({ msg_type: "sealed" }));
    await until(() => laxSeen.length === 2 && strictSeen.length === 1, "the sealed broadcast everywhere");
    expect(strictSeen).toEqual([{ msg_type: "sealed" }]);
    expect(laxSeen).toEqual([{ msg_type: "plain" }, { msg_type: "sealed" }]);
    expect(strict.stats).toMatchObject({ plaintextDropped: 1, undecryptable: 1 });
    expect(lax.stats).toMatchObject({ plaintextDropped: 0, undecryptable: 1 });
  });

  it("opens a room-sealed notification (§7) for the room key only; a keyless device sees the placeholder", async () => {
    const r = await relay();
    const gateway = await raw(r, "gateway");
    const keyed = client(r, "keyed", { e2ee: { key: KEY, mode: "room" }, role: "viewer" });
    const wrongKey = client(r, "other-room", { e2ee: { key: OTHER_KEY, mode: "room" }, role: "viewer" });
    const keyless = client(r, "keyless", { role: "viewer" });
    await Promise.all([keyed.connect(), wrongKey.connect(), keyless.connect()]);
    const seen = new Map<MeshClient, unknown[]>([keyed, wrongKey, keyless].map((c) => [c, []]));
    for (const [c, list] of seen) c.on("broadcast", (p) => void list.push(p));

    const content = { title: "Door open", body: "Bay 2, 10 min", sender: { name: "Porch" } };
    const notification = (enc: unknown) => ({
      msg_type: "notification",
      title: "CAR-TER",
      body: "New notification",
      notifId: "n1",
      threadId: "garage",
      data: { k: "v", enc },
    });
    const room = createE2ee(KEY, "room");
    const sealed = notification(room.seal(content));
    gateway.send("broadcast_request", sealed);
    gateway.send("broadcast_request", sealed); // a replay
    gateway.send("broadcast_request", notification(room.seal({ title: 5 })));
    gateway.send("broadcast_request", notification(createE2ee(OTHER_KEY, "room").seal(content)));
    await until(
      () => seen.get(keyless)!.length === 4 && keyed.stats.undecryptable === 3,
      "every notification everywhere",
    );
    expect(seen.get(keyed)).toEqual([
      { msg_type: "notification", ...content, notifId: "n1", threadId: "garage", data: { k: "v" } },
    ]);
    expect(seen.get(keyless)![0]).toEqual(sealed);
    // The device holding another key opens only the one sealed with that key and drops the room's.
    await until(() => wrongKey.stats.undecryptable === 3, "the room's notifications dropped");
    expect(seen.get(wrongKey)!.map((p) => (p as { title: string }).title)).toEqual(["Door open"]);
  });

  it("leaves relay verbs clear in a strict session: roster, pings and relay receipts still work", async () => {
    const r = await relay();
    const hub = client(r, "hub", {
      e2ee: { key: KEY, mode: "room" },
      canMonitor: true,
      keepalive: { intervalMs: 10, timeoutMs: 1000 },
    });
    const other = client(r, "other", { e2ee: { key: KEY, mode: "room" } });
    await Promise.all([hub.connect(), other.connect()]);
    expect(await hub.nodes()).toEqual([{ id: other.id, name: "other", channel: "test", role: "hub" }]);
    const pongs: unknown[] = [];
    hub.onFrame((f) => void (f.payload === "pong" && pongs.push(f)));
    await until(() => pongs.length >= 2, "two keepalive pongs");
    hub.broadcast("metrics", { cpu: 1 });
    expect(await hub.request("ping")).toBe("pong");
    expect(await hub.request("broadcast_request", { msg_type: "confirmed" })).toEqual({ status: "sent" });
    expect(hub.stats).toMatchObject({ plaintextDropped: 0, strayReplies: 0, undecryptable: 0 });
    expect(hub.state).toBe("ready");
  });

  it("uses a new session salt per connection", async () => {
    const r = await relay();
    const observer = await raw(r, "observer");
    const hub = client(r, "hub", { e2ee: { key: KEY, mode: "room" } });
    await hub.connect();
    hub.broadcast("a");
    const first = (await observer.nextOfType("broadcast")).payload as { s: string; n: number };
    const readyAgain = nextEvent(hub, "ready", () => true, 10_000);
    const port = r.port;
    await r.close();
    const second = await relay(port);
    await readyAgain;
    const observer2 = await raw(second, "observer2");
    hub.broadcast("b");
    const next = (await observer2.nextOfType("broadcast")).payload as { s: string; n: number };
    expect(next.s).not.toBe(first.s);
    expect([first.n, next.n]).toEqual([0, 0]);
  });
});
