/**
 * Plays generated batches against a relay over real sockets, and checks that healthy members are
 * still served. Used by the fuzz tests and by `npm run fuzz`.
 */
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { WebSocket } from "ws";
import { joinMesh, type TestSocket } from "@carter/relay/test-support";
import type { Batch, HostileClient, RawClient } from "./generators.js";

export interface Tally {
  /** WebSocket messages sent, plus raw writes of arbitrary framing. */
  frames: number;
  /** How each hostile socket ended, by close code (`raw …` for raw TCP clients). */
  closes: Map<string, number>;
}

export function newTally(): Tally {
  return { frames: 0, closes: new Map() };
}

function count(tally: Tally, outcome: string): void {
  tally.closes.set(outcome, (tally.closes.get(outcome) ?? 0) + 1);
}

export interface AttackOptions {
  /** How long a `linger` client stays after its last message. */
  lingerMs: number;
  /** A socket still open this long after it started is terminated (counted as `timeout`). */
  deadlineMs: number;
}

function runClient(url: string, client: HostileClient, tally: Tally, options: AttackOptions): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let finished = false;
    const finish = (outcome: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      count(tally, outcome);
      resolve();
    };
    const deadline = setTimeout(() => {
      ws.terminate();
      finish("timeout");
    }, options.deadlineMs);
    ws.on("error", () => undefined);
    ws.on("close", (code) => finish(String(code)));
    ws.on("open", () => {
      if (client.identify !== null) {
        ws.send(client.identify);
        tally.frames++;
      }
      for (const message of client.messages) {
        if (ws.readyState !== WebSocket.OPEN) break;
        ws.send(message.data, { binary: message.binary });
        tally.frames++;
      }
      if (client.leave === "close") ws.close();
      else if (client.leave === "terminate") ws.terminate();
      else setTimeout(() => ws.close(), options.lingerMs);
    });
  });
}

const HANDSHAKE =
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

/** The close code in the first close frame the server sent after the handshake, if any. */
function serverCloseCode(stream: Buffer): number | null {
  let at = stream.indexOf("\r\n\r\n");
  if (at < 0) return null;
  at += 4;
  while (at + 2 <= stream.length) {
    const opcode = stream[at] & 0x0f;
    let length = stream[at + 1] & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > stream.length) return null;
      length = stream.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > stream.length) return null;
      length = Number(stream.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (opcode === 0x8)
      return length >= 2 && at + header + 2 <= stream.length ? stream.readUInt16BE(at + header) : 1005;
    at += header + length;
  }
  return null;
}

function runRaw(port: number, raw: RawClient, tally: Tally, options: AttackOptions): Promise<void> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let finished = false;
    const socket = connect(port, "127.0.0.1", () => socket.write(HANDSHAKE));
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      const code = serverCloseCode(Buffer.concat(received));
      count(tally, code === null ? "raw: no close frame" : `raw ${code}`);
      resolve();
    };
    const deadline = setTimeout(() => {
      socket.destroy();
      finish();
    }, options.deadlineMs);
    socket.on("error", () => undefined);
    socket.on("close", finish);
    socket.once("data", (head) => {
      received.push(head);
      socket.on("data", (more) => received.push(more));
      for (const chunk of raw.chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        tally.frames++;
      }
      if (raw.leave === "end") socket.end();
      else setTimeout(() => socket.destroy(), options.lingerMs);
    });
  });
}

/** Runs every client of a batch at once and resolves when all of them are gone. */
export async function attack(url: string, port: number, batch: Batch, tally: Tally, options: AttackOptions) {
  await Promise.all([
    ...batch.clients.map((client) => runClient(url, client, tally, options)),
    ...batch.raw.map((raw) => runRaw(port, raw, tally, options)),
  ]);
}

/**
 * A hub and a viewer that behave, in a channel of their own under names no generator produces.
 * `check()` proves the relay still serves them: a broadcast arrives and a routed request is answered.
 */
export class HealthyPair {
  private constructor(
    readonly hub: TestSocket,
    readonly viewer: TestSocket,
  ) {}

  static async join(url: string): Promise<HealthyPair> {
    const channel = `healthy-${randomUUID().slice(0, 8)}`;
    const hub = await joinMesh(url, { name: `hub-${randomUUID()}`, channel, role: "hub" });
    const viewer = await joinMesh(url, { name: `viewer-${randomUUID()}`, channel });
    return new HealthyPair(hub, viewer);
  }

  async check(deadlineMs = 10_000): Promise<void> {
    const { hub, viewer } = this;
    const marker = randomUUID();
    const sent = await hub.request("broadcast_request", { msg_type: "health", marker }, deadlineMs);
    if ((sent.payload as { status?: string }).status !== "sent")
      throw new Error(`healthy broadcast refused: ${JSON.stringify(sent.payload)}`);
    await viewer.next(
      (f) => f.type === "broadcast" && (f.payload as { marker?: string } | null)?.marker === marker,
      "the healthy broadcast",
      deadlineMs,
    );
    const asked = viewer.request(
      "route_msg",
      { target_id: hub.id, type: "health_question", payload: { marker } },
      deadlineMs,
    );
    const question = await hub.next(
      (f) => f.type === "health_question" && (f.payload as { marker?: string } | null)?.marker === marker,
      "the healthy routed request",
      deadlineMs,
    );
    hub.send("health_answer", { marker }, question.id);
    const answer = await asked;
    if ((answer.payload as { marker?: string } | null)?.marker !== marker)
      throw new Error(`healthy round trip got ${JSON.stringify(answer.payload)}`);
    // Hostile global broadcasts also reach this pair: forget them, so a long run holds no history.
    for (const socket of [hub, viewer]) {
      socket.inbox.length = 0;
      socket.received.length = 0;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.hub.close(), this.viewer.close()]);
  }
}
