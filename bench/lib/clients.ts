import WebSocket from "ws";
import { encodeFrame, makeFrame, RelayVerb, ServerFrame } from "@carter/protocol";

export interface Identity {
  name: string;
  channel: string;
  role: "viewer" | "hub";
  /** Sent in `identify` when set (a gateway admits by token). */
  token?: string;
}

/** Receives every frame after `welcome` as raw bytes, so counting needs no JSON.parse. */
export type MessageHandler = (data: Buffer) => void;

const ignore: MessageHandler = () => {};

/** An identified load-generator socket. Swap `onMessage` per phase instead of adding listeners. */
export class Member {
  onMessage: MessageHandler = ignore;
  /** Set when the socket closed after admission (by the server, or by `close()`). */
  closeCode: number | undefined;

  constructor(
    readonly ws: WebSocket,
    /** The id the server assigned in `welcome`. */
    readonly id: string,
    readonly name: string,
  ) {}

  send(text: string): void {
    this.ws.send(text);
  }

  close(): void {
    this.ws.terminate();
  }
}

function identifyPayload(identity: Identity): Record<string, unknown> {
  const canSend = identity.role === "hub";
  return { ...identity, can_broadcast: canSend, can_route: canSend };
}

/** Opens a socket, identifies, and resolves once `welcome` arrives. */
export function connectMember(url: string, identity: Identity, timeoutMs = 10_000): Promise<Member> {
  // Load-generator sockets skip work the server side is not measured on: no deflate, no UTF-8 check.
  const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    let member: Member | undefined;
    const fail = (error: Error): void => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`${identity.name}: no welcome within ${timeoutMs} ms`)),
      timeoutMs,
    );
    ws.on("open", () => ws.send(encodeFrame(makeFrame(RelayVerb.IDENTIFY, identifyPayload(identity)))));
    ws.on("message", (data: Buffer) => {
      if (member !== undefined) {
        member.onMessage(data);
        return;
      }
      let frame: { type?: unknown; payload?: { id?: unknown } } | null;
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        fail(new Error(`${identity.name}: non-JSON frame before welcome: ${data.toString().slice(0, 80)}`));
        return;
      }
      if (frame?.type !== ServerFrame.WELCOME) return;
      clearTimeout(timer);
      member = new Member(ws, String(frame.payload?.id ?? ""), identity.name);
      resolve(member);
    });
    ws.on("error", (error) => {
      if (member === undefined) fail(new Error(`${identity.name}: ${error.message}`));
    });
    ws.on("close", (code, reason) => {
      if (member === undefined)
        fail(new Error(`${identity.name}: closed before welcome (${code} ${reason.toString()})`));
      else member.closeCode = code;
    });
  });
}

/**
 * Connects `count` members in batches of `batchSize`, each batch admitted before the next starts,
 * so the server never sees more than one batch of unidentified sockets at once.
 */
export async function connectMany(
  url: string,
  count: number,
  identityOf: (index: number) => Identity,
  batchSize = 100,
): Promise<Member[]> {
  const members: Member[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, offset) =>
      connectMember(url, identityOf(start + offset)),
    );
    const settled = await Promise.allSettled(batch);
    for (const outcome of settled) if (outcome.status === "fulfilled") members.push(outcome.value);
    const failure = settled.find((outcome) => outcome.status === "rejected");
    if (failure !== undefined) {
      closeAll(members);
      throw (failure as PromiseRejectedResult).reason;
    }
  }
  return members;
}

export function closeAll(members: Iterable<Member>): void {
  for (const member of members) member.close();
}

/** How many of `members` have closed since admission; call before closing them yourself. */
export function countClosed(members: Iterable<Member>): number {
  let closed = 0;
  for (const member of members) if (member.closeCode !== undefined) closed++;
  return closed;
}
