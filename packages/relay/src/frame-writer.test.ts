import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { CloseCode } from "@carter/protocol";
import { canWriteDirect, CorkBatch, directWriter, encodeTextFrame, textFrame } from "./frame-writer.js";
import type { RunningRelay } from "./relay.js";
import { waitUntil } from "./test-support.js";
import { relayTestScope } from "./test-scope.js";

const servers: WebSocketServer[] = [];
const clients: WebSocket[] = [];
const { relay, join, closeAll } = relayTestScope({ rateLimit: 0 });

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await closeAll();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A plain `ws` server and a client connected to it; resolves with the server side of the connection. */
async function connectedPair(perMessageDeflate: boolean): Promise<{ server: WebSocket; client: WebSocket }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate });
  servers.push(wss);
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, {
    perMessageDeflate,
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.once("open", resolve);
    client.once("error", reject);
  });
  return { server: await accepted, client };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Payload sizes covering the three WebSocket length encodings (7-bit, 16-bit, 64-bit). */
function fillFor(seq: number): string {
  if (seq % 97 === 0) return "L".repeat(70_000);
  if (seq % 5 === 0) return "m".repeat(300);
  return "s".repeat(seq % 40);
}

async function slowConsumersDropped(r: RunningRelay): Promise<number> {
  const metric = await r.metrics.getSingleMetric("mesh_slow_consumers_dropped_total")?.get();
  return metric?.values[0]?.value ?? 0;
}

describe("frame writer", () => {
  it("frames a payload once per Buffer: every recipient of a fan-out gets the same frame", () => {
    const payload = Buffer.from('{"a":1}');
    const frame = textFrame(payload);
    expect(textFrame(payload)).toBe(frame);
    expect(textFrame(Buffer.from('{"a":1}'))).not.toBe(frame);
    expect([...encodeTextFrame(payload).subarray(0, 2)]).toEqual([0x81, payload.length]);
  });

  it("writes directly to a plain ws socket and refuses when per-message deflate is negotiated", async () => {
    const plain = await connectedPair(false);
    const writer = directWriter(plain.server);
    expect(writer).not.toBeNull();
    expect(canWriteDirect(plain.server, writer!.sender)).toBe(true);
    const deflating = await connectedPair(true);
    expect(deflating.server.extensions).toContain("permessage-deflate");
    expect(directWriter(deflating.server)).toBeNull();
  });

  it("keeps direct writes, ws.send and pings in order and intact across event-loop turns", async () => {
    const { server, client } = await connectedPair(false);
    const writer = directWriter(server)!;
    const batch = new CorkBatch(1024 * 1024);
    const received: { seq: number; fill: string }[] = [];
    let pings = 0;
    let clientError: Error | null = null;
    client.on("message", (data: RawData) =>
      received.push(JSON.parse((data as Buffer).toString()) as { seq: number; fill: string }),
    );
    client.on("ping", () => pings++);
    client.on("error", (error) => {
      clientError = error;
    });
    const total = 1500;
    for (let seq = 0; seq < total; seq++) {
      const payload = Buffer.from(JSON.stringify({ seq, fill: fillFor(seq) }));
      if (seq % 3 === 0) server.send(payload, { binary: false });
      else batch.write(writer, textFrame(payload));
      if (seq % 50 === 0) server.ping();
      if (seq % 64 === 0) await nextTurn();
    }
    await waitUntil(
      () => received.length === total || clientError !== null,
      `${total} messages at the client`,
      10_000,
    );
    expect(clientError).toBeNull();
    expect(received.map((message) => message.seq)).toEqual(Array.from({ length: total }, (_, seq) => seq));
    for (const message of received) expect(message.fill).toBe(fillFor(message.seq));
    await waitUntil(() => pings === Math.ceil(total / 50), "every ping at the client");
  });
  it("writes a socket's first frame of a quiet turn at once and corks only repeats, then whole bursty turns", async () => {
    const { server, client } = await connectedPair(false);
    const writer = directWriter(server)!;
    const socket = writer.socket;
    const batch = new CorkBatch(1024 * 1024);
    const received: number[] = [];
    client.on("message", (data: RawData) =>
      received.push((JSON.parse((data as Buffer).toString()) as { n: number }).n),
    );
    let n = 0;
    const write = (): void => batch.write(writer, textFrame(Buffer.from(JSON.stringify({ n: n++ }))));

    write();
    expect(socket.writableCorked).toBe(0);
    write();
    expect(socket.writableCorked).toBe(1);
    await nextTurn();
    expect(socket.writableCorked).toBe(0);

    write();
    expect(socket.writableCorked).toBe(1);
    await nextTurn();
    expect(socket.writableCorked).toBe(0);

    write();
    expect(socket.writableCorked).toBe(0);
    await nextTurn();
    await waitUntil(() => received.length === n, `${n} frames at the client`);
    expect(received).toEqual(Array.from({ length: n }, (_, index) => index));
  });
});

describe("relay fan-out fast path", () => {
  it("delivers a broadcast storm interleaved with routed replies to the same socket, in order and intact", async () => {
    const r = await relay();
    const publisher = await join(r.url, { name: "pub", role: "hub" });
    const caller = await join(r.url, { name: "caller", role: "controller" });
    const echo = await join(r.url, { name: "echo", role: "node" });
    echo.ws.on("message", (data: RawData) => {
      const frame = JSON.parse((data as Buffer).toString()) as { id: string; type: string; payload: unknown };
      if (frame.type === "echo") echo.send("echo", frame.payload, frame.id);
    });
    const rounds = 12;
    const perRound = 60;
    const requestIds: string[] = [];
    let seq = 0;
    const broadcastNext = (): void => {
      publisher.send("broadcast_request", { seq, fill: fillFor(seq) });
      seq++;
    };
    for (let round = 0; round < rounds; round++) {
      for (let index = 0; index < perRound / 2; index++) broadcastNext();
      const requestId = caller.send("route_msg", { target_name: "echo", type: "echo", payload: { round } });
      requestIds.push(requestId);
      for (let index = 0; index < perRound / 2; index++) broadcastNext();
      const expectedBroadcasts = seq;
      await waitUntil(
        () => caller.received.filter((frame) => frame.type === "broadcast").length === expectedBroadcasts,
        `${expectedBroadcasts} broadcasts at the caller`,
        10_000,
      );
      await caller.next((frame) => frame.reply_to === requestId, `the reply to round ${round}`);
    }

    const stream = caller.received.filter((frame) => frame.type !== "welcome");
    const broadcasts = stream.filter((frame) => frame.type === "broadcast");
    expect(broadcasts.map((frame) => (frame.payload as { seq: number }).seq)).toEqual(
      Array.from({ length: seq }, (_, n) => n),
    );
    for (const frame of broadcasts) {
      const payload = frame.payload as { seq: number; fill: string };
      expect(payload.fill).toBe(fillFor(payload.seq));
    }
    const replies = stream.filter((frame) => frame.type === "route_msg");
    expect(replies.map((frame) => frame.reply_to)).toEqual(requestIds);
    expect(replies.map((frame) => frame.payload)).toEqual(
      Array.from({ length: rounds }, (_, round) => ({ round })),
    );
    const firstBroadcast = stream.indexOf(broadcasts[0]);
    const lastBroadcast = stream.indexOf(broadcasts[broadcasts.length - 1]);
    const interleaved = replies.filter((reply) => {
      const at = stream.indexOf(reply);
      return at > firstBroadcast && at < lastBroadcast;
    });
    expect(interleaved.length).toBeGreaterThan(0);
    expect(caller.isOpen).toBe(true);
  });

  it("closes a stalled consumer with 1013 but not a healthy one hit by bursts within one event-loop turn", async () => {
    const sendBufferLimit = 64 * 1024;
    const r = await relay({ sendBufferLimit });
    const stalled = await join(r.url, { name: "stalled", role: "viewer" });
    const healthy = await join(r.url, { name: "healthy", role: "viewer" });
    const publisher = await join(r.url, { name: "pub", role: "hub" });
    stalled.ws.pause();
    const burst = 32;
    const fill = "b".repeat(8 * 1024);
    let seq = 0;
    let bursts = 0;
    while ((await slowConsumersDropped(r)) === 0) {
      expect(bursts).toBeLessThan(200);
      for (let index = 0; index < burst - 1; index++)
        publisher.send("broadcast_request", { seq: seq++, fill });
      await publisher.request("broadcast_request", { seq: seq++, fill });
      const expected = seq;
      await waitUntil(
        () => healthy.received.filter((frame) => frame.type === "broadcast").length === expected,
        `${expected} broadcasts at the healthy viewer`,
      );
      bursts++;
    }
    stalled.ws.resume();
    expect((await stalled.waitClosed(10_000)).code).toBe(CloseCode.TRY_AGAIN_LATER);
    await healthy.sync();
    expect(healthy.isOpen).toBe(true);
    const seqs = healthy.received
      .filter((frame) => frame.type === "broadcast")
      .map((frame) => (frame.payload as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: seq }, (_, n) => n));
  });
});
