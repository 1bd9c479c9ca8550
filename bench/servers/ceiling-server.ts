import { randomUUID as newId } from "node:crypto";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { BenchServer } from "./host.js";

/**
 * The ceiling: the least a `ws`-based relay has to do for the bench's traffic, with no validation,
 * limits, logging or metrics. identify → welcome; broadcast_request → broadcast to the other
 * members of the channel plus a `{status:"sent"}` reply; route_msg → forward to the member named
 * `target_name` and relay its reply back. Anything it cannot use is dropped.
 */

interface Member {
  ws: WebSocket;
  id: string;
  name: string;
  channel: Set<Member>;
}

interface LooseFrame {
  id?: unknown;
  type?: unknown;
  payload?: unknown;
  reply_to?: unknown;
}

interface PendingRoute {
  caller: WebSocket;
  requestId: unknown;
}

const asText = { binary: false } as const;

function frameText(type: string, payload: unknown, replyTo: unknown): string {
  return JSON.stringify({ id: newId(), type, payload, reply_to: replyTo ?? null });
}

export function startCeiling(host = "127.0.0.1", port = 0): Promise<BenchServer> {
  const channels = new Map<string, Set<Member>>();
  const byName = new Map<string, Member>();
  const routes = new Map<string, PendingRoute>();
  const wss = new WebSocketServer({ host, port, perMessageDeflate: false });

  function identify(ws: WebSocket, frame: LooseFrame): Member | undefined {
    if (frame.type !== "identify") return undefined;
    const payload = (frame.payload ?? {}) as { name?: unknown; channel?: unknown };
    const name = String(payload.name ?? newId());
    const channelName =
      typeof payload.channel === "string" && payload.channel !== "" ? payload.channel : "default";
    let channel = channels.get(channelName);
    if (channel === undefined) {
      channel = new Set();
      channels.set(channelName, channel);
    }
    const member: Member = { ws, id: newId(), name, channel };
    channel.add(member);
    byName.set(name, member);
    ws.send(frameText("welcome", { id: member.id, name }, null));
    return member;
  }

  function broadcast(sender: Member, frame: LooseFrame): void {
    // Serialized and UTF-8 encoded once for all recipients; each delivery is then one socket write.
    const encoded = Buffer.from(frameText("broadcast", frame.payload, null));
    for (const member of sender.channel) {
      if (member !== sender) member.ws.send(encoded, asText);
    }
    sender.ws.send(frameText("broadcast_request", { status: "sent" }, frame.id));
  }

  function route(caller: Member, frame: LooseFrame): void {
    const request = (frame.payload ?? {}) as { target_name?: unknown; type?: unknown; payload?: unknown };
    const target = typeof request.target_name === "string" ? byName.get(request.target_name) : undefined;
    if (target === undefined) {
      caller.ws.send(frameText("route_msg", { error: "Target not found", status: "failed" }, frame.id));
      return;
    }
    const forwardedId = newId();
    routes.set(forwardedId, { caller: caller.ws, requestId: frame.id });
    target.ws.send(
      JSON.stringify({ id: forwardedId, type: request.type, payload: request.payload, reply_to: null }),
    );
  }

  function answerRoute(frame: LooseFrame): boolean {
    if (typeof frame.reply_to !== "string") return false;
    const pending = routes.get(frame.reply_to);
    if (pending === undefined) return false;
    routes.delete(frame.reply_to);
    pending.caller.send(frameText("route_msg", frame.payload, pending.requestId));
    return true;
  }

  wss.on("connection", (ws) => {
    let member: Member | undefined;
    ws.on("message", (data: RawData) => {
      let frame: LooseFrame;
      try {
        frame = JSON.parse(data.toString()) as LooseFrame;
      } catch {
        return;
      }
      if (frame === null || typeof frame !== "object") return;
      if (member === undefined) {
        member = identify(ws, frame);
        return;
      }
      if (answerRoute(frame)) return;
      if (frame.type === "broadcast_request") broadcast(member, frame);
      else if (frame.type === "route_msg") route(member, frame);
    });
    ws.on("close", () => {
      if (member === undefined) return;
      member.channel.delete(member);
      if (byName.get(member.name) === member) byName.delete(member.name);
    });
    ws.on("error", () => ws.terminate());
  });

  return new Promise((resolve, reject) => {
    wss.once("error", reject);
    wss.once("listening", () => {
      const address = wss.address();
      if (address === null || typeof address === "string") {
        reject(new Error(`expected a TCP address, got ${String(address)}`));
        return;
      }
      resolve({
        port: address.port,
        config: { server: "ceiling (ws, no validation or limits)", perMessageDeflate: false },
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}
