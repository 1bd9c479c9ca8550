import { afterEach, describe, expect, it, vi } from "vitest";
import { MeshClient } from "./client.js";
import type { MeshClientOptions } from "./options.js";
import type { WebSocketLike } from "./websocket.js";
import {
  nextEvent,
  scriptedServer,
  until,
  welcomeOnIdentify,
  type ScriptedConnection,
} from "./test-helpers.js";

const quiet = { warn: () => {}, error: () => {} };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(onConnection?: (conn: ScriptedConnection) => void) {
  const s = await scriptedServer(onConnection);
  cleanups.push(() => s.close());
  return s;
}

function client(options: Partial<MeshClientOptions> & { url: string }): MeshClient {
  const c = new MeshClient({
    name: "tester",
    logger: quiet,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

describe("identify", () => {
  it("sends the identity, the token under both keys, and omits unset capability flags", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({
      url: s.url,
      name: "porch-hub",
      channel: "garage",
      role: "hub",
      token: "s3cret",
      canBroadcast: true,
      canRoute: false,
    });
    await c.connect();
    expect(s.connections[0].frames[0]).toMatchObject({ type: "identify", reply_to: null });
    expect(s.connections[0].frames[0].payload).toEqual({
      name: "porch-hub",
      channel: "garage",
      role: "hub",
      auth_token: "s3cret",
      token: "s3cret",
      can_broadcast: true,
      can_route: false,
    });
    expect(c.id).toBe("member-1");
  });

  it("refuses bad options before dialing, naming the field", () => {
    expect(() => new MeshClient({ url: "http://x", name: "a" })).toThrow(/url/);
    expect(() => new MeshClient({ url: "ws://127.0.0.1:1", name: "Living Room iPad" })).toThrow(/name/);
    expect(() => new MeshClient({ url: "ws://127.0.0.1:1", name: "a", channel: "" })).toThrow(/channel/);
    expect(
      () => new MeshClient({ url: "ws://127.0.0.1:1", name: "a", e2ee: { key: "short", mode: "room" } }),
    ).toThrow(/key/);
  });
});

describe("admission", () => {
  it("reports parked when no welcome comes, keeps the socket, and admits a late welcome", async () => {
    const s = await server();
    const c = client({ url: s.url, admissionTimeoutMs: 50 });
    const states: string[] = [];
    c.events.on("state", (state) => states.push(state));
    const parked = nextEvent(c, "parked");
    const connected = c.connect();
    expect(await parked).toEqual({ waitedMs: 50 });
    expect(c.state).toBe("parked");
    expect(() => c.send("broadcast_request", { msg_type: "x" })).toThrow(/not connected/);
    await expect(c.request("get_nodes", {})).rejects.toMatchObject({ name: "NotConnectedError" });

    expect(s.connections).toHaveLength(1);
    expect(s.connections[0].closed).toBe(false);
    const ready = nextEvent(c, "ready");
    s.connections[0].send({ type: "welcome", payload: { id: "late-id", name: "42.tester" } });
    expect(await ready).toEqual({ id: "late-id", name: "42.tester" });
    await connected;
    expect(states).toEqual(["connecting", "awaiting", "parked", "ready"]);
    expect(s.connections).toHaveLength(1);
  });

  it("ignores a welcome after admission (a peer cannot rewrite the id)", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url });
    const seen: string[] = [];
    c.on("welcome", () => seen.push("handler"));
    await c.connect();
    s.connections[0].send({ id: "w2", type: "welcome", payload: { id: "forged", name: "x" } });
    s.connections[0].send({ id: "p1", type: "ping", payload: null });
    await until(() => s.connections[0].frames.some((f) => f.reply_to === "p1"), "the ping reply");
    expect(c.id).toBe("member-1");
    expect(seen).toEqual([]);
  });
});

describe("inbound dispatch", () => {
  it("drops stray replies instead of dispatching them as requests", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url });
    const calls: unknown[] = [];
    c.on("get_doc", (payload) => {
      calls.push(payload);
      return { ok: true };
    });
    await c.connect();
    s.connections[0].send({ id: "a", type: "get_doc", payload: "stray", reply_to: "nobody-asked" });
    s.connections[0].send({ id: "b", type: "get_doc", payload: "real" });
    await until(() => s.connections[0].frames.some((f) => f.reply_to === "b"), "the reply to b");
    expect(calls).toEqual(["real"]);
    expect(c.stats.strayReplies).toBe(1);
    expect(s.connections[0].frames.filter((f) => f.type === "get_doc")).toEqual([
      { id: expect.any(String) as string, type: "get_doc", payload: { ok: true }, reply_to: "b" },
    ]);
  });

  it("once a receipt shows the relay does not echo, takes a peer's broadcast equal to an unreceipted one of ours", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url });
    const seen: unknown[] = [];
    c.on("broadcast", (payload) => void seen.push(payload));
    await c.connect();
    const conn = s.connections[0];
    const written = (id: string) => () => conn.frames.some((f) => f.id === id);
    const pongTo = (id: string) => () => conn.frames.some((f) => f.reply_to === id);
    const first = c.broadcast("light", { on: true });
    await until(written(first), "the first broadcast");
    conn.send({ type: "broadcast_request", payload: { status: "sent" }, reply_to: first });
    conn.send({ id: "p1", type: "ping", payload: null });
    await until(pongTo("p1"), "the pong after the receipt");
    const second = c.broadcast("light", { on: true });
    await until(written(second), "the second broadcast");
    conn.send({ type: "broadcast", payload: { msg_type: "light", on: true } });
    conn.send({ id: "p2", type: "ping", payload: null });
    await until(pongTo("p2"), "the pong after the peer's copy");
    expect(seen).toEqual([{ msg_type: "light", on: true }]);
    expect(c.stats.ownEchoes).toBe(0);
  });

  it("answers the built-in ping with pong, and survives throwing handlers", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url });
    c.on("boom", () => {
      throw new Error("kaboom");
    });
    c.on("later", async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error("async kaboom");
    });
    const errors: string[] = [];
    c.events.on("error", (e) => errors.push(e.message));
    await c.connect();
    s.connections[0].send({ id: "x1", type: "boom", payload: {} });
    s.connections[0].send({ id: "x2", type: "later", payload: {} });
    s.connections[0].send({ id: "x3", type: "ping", payload: null });
    await until(() => errors.length === 2, "both handler errors");
    await until(() => s.connections[0].frames.some((f) => f.reply_to === "x3"), "pong");
    expect(s.connections[0].frames.find((f) => f.reply_to === "x3")).toMatchObject({
      type: "ping",
      payload: "pong",
    });
    expect(s.connections[0].frames.some((f) => f.reply_to === "x1" || f.reply_to === "x2")).toBe(false);
    expect(c.state).toBe("ready");
  });

  it("runs at most maxInflightHandlers at once, queues 16× that, and counts overflow drops", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url, maxInflightHandlers: 2 });
    let running = 0;
    let peak = 0;
    let started = 0;
    const gates: Array<() => void> = [];
    c.on("work", async (n: number) => {
      started++;
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return n;
    });
    await c.connect();
    const total = 2 + 32 + 3;
    for (let i = 0; i < total; i++) s.connections[0].send({ id: `w${i}`, type: "work", payload: i });
    await until(() => c.stats.handlerOverflow === 3, "three overflow drops");
    expect(started).toBe(2);
    while (started < total - 3 || gates.length > 0) {
      await until(() => gates.length > 0, "a waiting handler");
      gates.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await until(
      () => s.connections[0].frames.filter((f) => f.type === "work").length === total - 3,
      "all replies",
    );
    expect(peak).toBe(2);
    const order = s.connections[0].frames.filter((f) => f.type === "work").map((f) => f.payload);
    expect(order).toEqual(Array.from({ length: total - 3 }, (_, i) => i));
  });
});

describe("keepalive", () => {
  it("closes and reconnects when the server stops answering pings", async () => {
    let answerPings = true;
    const s = await server((conn) => {
      welcomeOnIdentify(conn, `member-${Date.now()}`);
      conn.socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { id: string; type: string };
        if (frame.type === "ping" && answerPings)
          conn.send({ type: "ping", payload: "pong", reply_to: frame.id });
      });
    });
    const c = client({ url: s.url, keepalive: { intervalMs: 20, timeoutMs: 250 } });
    await c.connect();
    await until(
      () => s.connections[0].frames.filter((f) => f.type === "ping").length >= 3,
      "three answered pings",
    );
    expect(c.state).toBe("ready");

    const disconnected = nextEvent(c, "disconnect");
    const error = nextEvent(c, "error");
    answerPings = false;
    expect(await disconnected).toEqual({ code: 4000, reason: "keepalive timeout" });
    expect((await error).message).toMatch(/no pong/);
    await until(() => s.connections.length === 2 && c.state === "ready", "the reconnect");
    expect(s.connections[1].frames[0].type).toBe("identify");
    await until(() => s.connections[0].closed, "the dead socket to be dropped");
  });
});

describe("reconnect", () => {
  it("backs off and redials after a drop, re-identifying each time", async () => {
    const s = await server((conn) => welcomeOnIdentify(conn, `m${s.connections.length}`));
    const c = client({ url: s.url, keepalive: false });
    await c.connect();
    expect(c.id).toBe("m1");
    const reconnecting = nextEvent(c, "reconnecting");
    const disconnect = nextEvent(c, "disconnect");
    const readyAgain = nextEvent(c, "ready");
    s.connections[0].socket.close(1001, "going away");
    expect(await disconnect).toEqual({ code: 1001, reason: "going away" });
    const { delayMs } = await reconnecting;
    expect(delayMs).toBeGreaterThanOrEqual(16);
    expect(delayMs).toBeLessThanOrEqual(24);
    expect(await readyAgain).toEqual({ id: "m2", name: "tester" });
    expect(s.connections[1].frames[0]).toMatchObject({ type: "identify", payload: { name: "tester" } });
  });

  it("with reconnect off, gives up: connect() rejects and the state returns to idle", async () => {
    const s = await server((conn) => conn.socket.close(1008, "bad token"));
    const c = client({ url: s.url, reconnect: false });
    await expect(c.connect()).rejects.toMatchObject({ name: "DisconnectedError" });
    expect(c.state).toBe("idle");
  });

  it("close() fails pending requests with DisconnectedError and stops for good", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url });
    await c.connect();
    const pending = expect(
      c.request("route_msg", { target_name: "x", type: "t", payload: {} }),
    ).rejects.toMatchObject({
      name: "DisconnectedError",
    });
    await c.close();
    await pending;
    expect(c.state).toBe("closed");
    await expect(c.connect()).rejects.toMatchObject({ name: "NotConnectedError" });
    await until(() => s.connections[0].closed, "the server to see the close");
  });
});

describe("defaults", () => {
  // Fake timers drive only the client's own timers; the sockets stay real.
  const fakeTimers = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits 10 s for welcome before reporting parked", async () => {
    const s = await server();
    fakeTimers();
    const c = client({ url: s.url });
    const awaiting = new Promise<void>((resolve) =>
      c.events.on("state", (state) => state === "awaiting" && resolve()),
    );
    const parked: unknown[] = [];
    c.events.on("parked", (event) => parked.push(event));
    c.connect().catch(() => {});
    await awaiting;
    vi.advanceTimersByTime(9_999);
    expect(c.state).toBe("awaiting");
    vi.advanceTimersByTime(1);
    expect(c.state).toBe("parked");
    expect(parked).toEqual([{ waitedMs: 10_000 }]);
  });

  it("times requests out after 5 s", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url, keepalive: false });
    await c.connect();
    fakeTimers();
    let settled = false;
    const outcome = c.request("get_doc", {}).catch((e: unknown) => e);
    void outcome.then(() => (settled = true));
    vi.advanceTimersByTime(4_999);
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await outcome).toMatchObject({ name: "RequestTimeoutError", type: "get_doc", timeoutMs: 5000 });
  });

  it("redials after 2 s, doubling with ±20 % jitter, and starts over after an admission", async () => {
    const s = await server((conn) => {
      if (s.connections.length <= 3) conn.socket.close(1013, "try again later");
      else welcomeOnIdentify(conn);
    });
    fakeTimers();
    const c = new MeshClient({ url: s.url, name: "tester", logger: quiet, keepalive: false });
    cleanups.push(() => c.close());
    const delays: number[] = [];
    c.events.on("reconnecting", ({ delayMs }) => {
      delays.push(delayMs);
      // The redial timer is armed right after this event.
      queueMicrotask(() => vi.advanceTimersByTime(delayMs));
    });
    const readyAgain = new Promise<void>((resolve) => {
      let admissions = 0;
      c.events.on("ready", () => ++admissions === 2 && resolve());
    });
    await c.connect();
    expect(s.connections).toHaveLength(4);
    s.connections[3].socket.close(1001, "going away");
    await readyAgain;
    const within = (base: number) =>
      expect.toSatisfy((d: number) => d >= base * 0.8 && d <= base * 1.2, `${base} ms ±20 %`);
    expect(delays).toEqual([within(2000), within(4000), within(8000), within(2000)]);
    expect(s.connections).toHaveLength(5);
  });

  it("runs at most 64 handlers at once", async () => {
    const s = await server(welcomeOnIdentify);
    const c = client({ url: s.url, keepalive: false });
    let started = 0;
    let open = false;
    const gates: Array<() => void> = [];
    c.on("work", async (n: number) => {
      started++;
      if (!open) await new Promise<void>((resolve) => gates.push(resolve));
      return n;
    });
    await c.connect();
    for (let i = 0; i < 70; i++) s.connections[0].send({ id: `w${i}`, type: "work", payload: i });
    // Dispatch is in order, so once this stray reply is counted every "work" frame was seen.
    s.connections[0].send({ type: "work", payload: -1, reply_to: "nobody-asked" });
    await until(() => c.stats.strayReplies === 1, "the marker frame");
    expect(started).toBe(64);
    open = true;
    for (const release of gates) release();
    await until(
      () => s.connections[0].frames.filter((f) => f.type === "work").length === 70,
      "all 70 replies",
    );
    expect(started).toBe(70);
  });
});

describe("request ordering", () => {
  it("registers a request before writing it, so a reply delivered during the write still resolves it", async () => {
    /** An in-process transport whose peer answers synchronously inside `send`. */
    class InstantSocket implements WebSocketLike {
      readyState = 0;
      binaryType = "arraybuffer";
      private readonly listeners = new Map<string, Array<(event: unknown) => void>>();
      constructor(_url: string) {
        queueMicrotask(() => {
          this.readyState = 1;
          this.fire("open", {});
        });
      }
      addEventListener(type: string, listener: (event: unknown) => void): void {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
      }
      send(data: string): void {
        const frame = JSON.parse(data) as { id: string; type: string; payload: unknown };
        const reply =
          frame.type === "identify"
            ? { type: "welcome", payload: { id: "instant", name: "tester" }, reply_to: null }
            : { type: frame.type, payload: { echoed: frame.payload }, reply_to: frame.id };
        this.fire("message", { data: JSON.stringify({ id: `r-${frame.id}`, ...reply }) });
      }
      close(code = 1000, reason = ""): void {
        this.readyState = 3;
        this.fire("close", { code, reason });
      }
      private fire(type: string, event: unknown): void {
        for (const listener of this.listeners.get(type) ?? []) listener(event);
      }
    }
    const c = client({ url: "ws://127.0.0.1:9", WebSocket: InstantSocket, keepalive: false });
    await c.connect();
    expect(await c.request("get_doc", { path: "x" }, { timeout: 1000 })).toEqual({ echoed: { path: "x" } });
    expect(c.stats.strayReplies).toBe(0);
  });
});
