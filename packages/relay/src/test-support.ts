/**
 * Test helper for anything that talks to a relay over a real socket: open, identify, collect
 * frames, and wait for a frame matching a predicate with a deadline. No test-framework imports,
 * so client, hub and bench code can use it too (`@carter/relay/test-support`).
 */
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import type { Frame } from "@carter/protocol";

export interface OpenOptions {
  /** Sent as the `Origin` header (browsers always send one). */
  origin?: string;
  headers?: Record<string, string>;
  /** Answer protocol pings (default true); false simulates a dead peer. */
  autoPong?: boolean;
  /** PEM certificate(s) to trust for `wss://` (a gateway's self-signed development certificate). */
  ca?: string;
}

export interface Closed {
  code: number;
  reason: string;
}

export type FramePredicate = (frame: Frame) => boolean;

const DEFAULT_DEADLINE_MS = 5000;

interface Waiter {
  predicate: FramePredicate;
  resolve(frame: Frame): void;
}

/** A client socket that records every frame it receives. */
export class TestSocket {
  /** Frames received and not yet taken by {@link next}, oldest first. */
  readonly inbox: Frame[] = [];
  /** Every frame received, oldest first (taking a frame does not remove it here). */
  readonly received: Frame[] = [];
  /** Resolves when the socket closes, with the close code the relay sent. */
  readonly closed: Promise<Closed>;
  /** The relay-assigned id once welcomed. */
  id = "";
  private readonly waiters = new Set<Waiter>();
  private isClosed = false;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on("message", (data, isBinary) => {
      let frame: Frame;
      try {
        frame = JSON.parse(
          isBinary ? Buffer.from(data as Buffer).toString() : (data as Buffer).toString(),
        ) as Frame;
      } catch {
        return;
      }
      this.received.push(frame);
      for (const waiter of this.waiters) {
        if (waiter.predicate(frame)) {
          this.waiters.delete(waiter);
          waiter.resolve(frame);
          return;
        }
      }
      this.inbox.push(frame);
    });
    ws.on("error", () => undefined);
  }

  /** Opens a socket and resolves once it is open (rejects if the handshake fails). */
  static open(url: string, options: OpenOptions = {}): Promise<TestSocket> {
    const headers = { ...options.headers, ...(options.origin ? { origin: options.origin } : {}) };
    const ws = new WebSocket(url, {
      headers,
      perMessageDeflate: false,
      autoPong: options.autoPong ?? true,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(socket));
      ws.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return !this.isClosed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame with a fresh id; returns the id. */
  send(type: string, payload: unknown = null, replyTo: string | null = null): string {
    const id = randomUUID();
    this.ws.send(JSON.stringify({ id, type, payload, reply_to: replyTo }));
    return id;
  }

  /** Sends raw bytes or text (for malformed-input tests). */
  sendRaw(data: string | Buffer, binary = typeof data !== "string"): void {
    this.ws.send(data, { binary });
  }

  /**
   * Takes the oldest received frame matching `predicate`, waiting for one until the deadline.
   * Rejects on timeout (naming `what` and the frames seen) or if the socket closes first.
   */
  next(
    predicate: FramePredicate,
    what = "a matching frame",
    deadlineMs = DEFAULT_DEADLINE_MS,
  ): Promise<Frame> {
    const index = this.inbox.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const finish = (error: Error | null, frame?: Frame) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolve(frame!);
      };
      const waiter: Waiter = { predicate, resolve: (frame) => finish(null, frame) };
      const timer = setTimeout(
        () => finish(this.failure(`timed out after ${deadlineMs} ms waiting for ${what}`)),
        deadlineMs,
      );
      this.waiters.add(waiter);
      void this.closed.then((closed) => {
        if (this.waiters.has(waiter))
          finish(this.failure(`socket closed (${closed.code} ${closed.reason}) while waiting for ${what}`));
      });
    });
  }

  /** Takes the next frame of `type`. */
  nextOfType(type: string, deadlineMs = DEFAULT_DEADLINE_MS): Promise<Frame> {
    return this.next((frame) => frame.type === type, `a "${type}" frame`, deadlineMs);
  }

  /** Sends a frame and resolves with the frame whose `reply_to` is its id. */
  async request(type: string, payload: unknown = null, deadlineMs = DEFAULT_DEADLINE_MS): Promise<Frame> {
    const id = this.send(type, payload);
    return this.next((frame) => frame.reply_to === id, `the reply to "${type}" ${id}`, deadlineMs);
  }

  /** Sends `identify` and resolves with the `welcome` frame (adopting its id). */
  async identify(payload: Record<string, unknown>, deadlineMs = DEFAULT_DEADLINE_MS): Promise<Frame> {
    this.send("identify", payload);
    const welcome = await this.nextOfType("welcome", deadlineMs);
    this.id = (welcome.payload as { id: string }).id;
    return welcome;
  }

  /**
   * Round-trips a `ping` through the relay. The relay handles one socket's frames in order and writes
   * to each socket in order, so anything the relay sent this socket before handling the ping has
   * arrived once this resolves: a barrier for asserting that something was *not* received.
   */
  async sync(deadlineMs = DEFAULT_DEADLINE_MS): Promise<void> {
    await this.request("ping", null, deadlineMs);
  }

  /** True if a frame matching `predicate` was received and not yet taken. */
  has(predicate: FramePredicate): boolean {
    return this.inbox.some(predicate);
  }

  /** Resolves with the close code, failing if the socket is still open at the deadline. */
  waitClosed(deadlineMs = DEFAULT_DEADLINE_MS): Promise<Closed> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(this.failure(`socket still open after ${deadlineMs} ms`)),
        deadlineMs,
      );
      void this.closed.then((closed) => {
        clearTimeout(timer);
        resolve(closed);
      });
    });
  }

  /** Closes the socket and waits for it to be closed. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.ws.close();
    await this.waitClosed();
  }

  private failure(message: string): Error {
    const seen = this.received
      .slice(-10)
      .map((frame) => `${frame.type}${frame.reply_to ? `→${frame.reply_to}` : ""}`);
    return new Error(`${message}; last frames: [${seen.join(", ")}]`);
  }
}

/** Opens a socket, identifies with `payload` and resolves once welcomed. */
export async function joinMesh(
  url: string,
  payload: Record<string, unknown>,
  options: OpenOptions = {},
): Promise<TestSocket> {
  const socket = await TestSocket.open(url, options);
  await socket.identify(payload);
  return socket;
}

/** Polls `condition` until it holds or the deadline passes (for state not visible as a frame). */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
