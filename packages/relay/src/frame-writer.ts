/**
 * The fan-out fast path. `ws.send` frames every message per socket and writes the header and the
 * payload as two buffers, so a broadcast to N viewers costs N header allocations and N `writev`
 * calls. Here a frame is built once per payload and the same Buffer is written to every socket, and
 * several frames to one socket within an event-loop turn leave in one syscall ({@link CorkBatch}).
 *
 * Writing beside `ws` is only safe while its sender has nothing of its own in flight: no queued or
 * compressing message and no fragmented message half sent. {@link directWriter} checks, once per
 * socket, that the `ws` internals this relies on look as expected (ws 8.x, no per-message deflate);
 * anything else gets null and keeps using `ws.send`.
 */
import type { Socket } from "node:net";
import type { WebSocket } from "ws";

/** The state of a `ws` Sender that tells whether it is idle (ws 8.x `lib/sender.js`). */
interface SenderState {
  /** 0 (DEFAULT) when neither deflating nor reading a Blob. */
  _state: number;
  /** Sends waiting for the current deflate or Blob read. */
  _queue: unknown[];
  /** False in the middle of a fragmented message. */
  _firstFragment: boolean;
}

interface WebSocketInternals {
  _socket?: unknown;
  _sender?: Partial<SenderState> | null;
}

/** The socket under a `ws` connection and the sender state guarding direct writes to it. */
export interface DirectWriter {
  readonly socket: Socket;
  readonly sender: SenderState;
  /** The {@link CorkBatch} turn of this socket's last frame. */
  turn: number;
}

const SENDER_IDLE = 0;
const OPEN = 1;
const FIN_TEXT = 0x81;

/** The socket and sender of an open server-side `ws` connection, or null if writing beside `ws` is not safe. */
export function directWriter(ws: WebSocket): DirectWriter | null {
  if (ws.extensions !== "") return null;
  const internals = ws as unknown as WebSocketInternals;
  const socket = internals._socket as Partial<Socket> | undefined;
  const sender = internals._sender;
  if (
    socket === undefined ||
    typeof socket.write !== "function" ||
    typeof socket.cork !== "function" ||
    typeof socket.uncork !== "function" ||
    sender === undefined ||
    sender === null ||
    typeof sender._state !== "number" ||
    !Array.isArray(sender._queue) ||
    typeof sender._firstFragment !== "boolean"
  ) {
    return null;
  }
  return { socket: socket as Socket, sender: sender as SenderState, turn: 0 };
}

/** True when a frame written straight to the socket lands between whole `ws` messages, in order. */
export function canWriteDirect(ws: WebSocket, sender: SenderState): boolean {
  return (
    ws.readyState === OPEN &&
    sender._state === SENDER_IDLE &&
    sender._queue.length === 0 &&
    sender._firstFragment
  );
}

/** A complete unmasked, final text frame (RFC 6455 §5.2) carrying `payload`, in one Buffer. */
export function encodeTextFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_TEXT;
  if (headerLength === 2) {
    frame[1] = length;
  } else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

let lastPayload: Buffer | null = null;
let lastFrame: Buffer | null = null;

/**
 * {@link encodeTextFrame}, remembering the last payload: a fan-out hands the same Buffer to every
 * recipient in turn, so it is framed once per broadcast. Payload Buffers are never modified after
 * being handed to `deliver` (ws.send holds them unmodified too), which makes identity a safe key.
 */
export function textFrame(payload: Buffer): Buffer {
  if (payload !== lastPayload) {
    lastFrame = encodeTextFrame(payload);
    lastPayload = payload;
  }
  return lastFrame!;
}

/** Past this many buffered bytes a corked socket is flushed at once: batching gains little beyond it. */
const MAX_CORKED_BYTES = 16 * 1024;

/**
 * Batches the frames written to a socket within one event-loop turn into a single `writev`, without
 * delaying a frame that has nothing to batch with.
 *
 * Corking every socket until the turn's check phase would hold back the first byte of a lone
 * broadcast until the fan-out loop has visited every recipient; with 1000 recipients the first
 * write then starts about half a millisecond late, and every delivery with it. So in a quiet turn a
 * socket's first frame is written at once (as `ws.send` would) and only a second frame to the same
 * socket in the same turn corks it until the check phase. Once a turn has had such a repeat, the
 * load is bursty (a publisher's read brought several broadcasts), and the next turn corks every
 * socket from its first frame, so a burst costs one `writev` per socket, not two. A turn without
 * repeats switches back.
 *
 * A corked socket is flushed early once it holds `flushAtBytes`: corked bytes count towards the
 * send-buffer limit, and a healthy consumer must never reach that limit merely because of a burst
 * within one event-loop turn.
 */
export class CorkBatch {
  private readonly corked: Socket[] = [];
  private scheduled = false;
  /** Advances at every flush; a writer stamped with the current value has had a frame this turn. */
  private turn = 1;
  /** A socket got a second frame in this turn. */
  private repeated = false;
  /** The previous turn had repeats: cork from the first frame. */
  private bursting = false;
  private readonly flushAtBytes: number;
  private readonly flushBound = (): void => this.flush();

  /** `sendBufferLimit`: the buffered bytes at which the relay drops a consumer. */
  constructor(sendBufferLimit: number) {
    this.flushAtBytes = Math.min(MAX_CORKED_BYTES, sendBufferLimit);
  }

  /** Writes `frame` to the writer's socket: at once if it is the socket's first frame of a quiet turn, else corked. */
  write(writer: DirectWriter, frame: Buffer): void {
    const socket = writer.socket;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBound);
    }
    if (writer.turn === this.turn) {
      this.repeated = true;
    } else {
      writer.turn = this.turn;
      if (!this.bursting) {
        socket.write(frame);
        return;
      }
    }
    if (socket.writableCorked === 0) {
      socket.cork();
      this.corked.push(socket);
    }
    socket.write(frame);
    if (socket.writableLength >= this.flushAtBytes) socket.uncork();
  }

  private flush(): void {
    this.scheduled = false;
    this.turn++;
    this.bursting = this.repeated;
    this.repeated = false;
    const corked = this.corked;
    for (let index = 0; index < corked.length; index++) corked[index].uncork();
    corked.length = 0;
    lastPayload = null;
    lastFrame = null;
  }
}
