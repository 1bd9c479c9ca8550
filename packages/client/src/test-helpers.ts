import { WebSocketServer, type WebSocket } from "ws";
import type { ClientEvents, MeshClient } from "./client.js";

const DEADLINE_MS = 5000;

/** Resolves with the next `event` the client emits (optionally one matching `accept`), or fails at the deadline. */
export function nextEvent<K extends keyof ClientEvents>(
  client: MeshClient,
  event: K,
  accept: (value: ClientEvents[K]) => boolean = () => true,
  deadlineMs = DEADLINE_MS,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${deadlineMs} ms waiting for the "${String(event)}" event`));
    }, deadlineMs);
    const off = client.events.on(event, (value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** Polls until `condition` holds or the deadline passes. */
export async function until(condition: () => boolean, what: string, deadlineMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface ScriptedConnection {
  socket: WebSocket;
  /** Parsed frames received from the client, oldest first. */
  frames: Array<{ id: string; type: string; payload: unknown; reply_to: string | null }>;
  send(frame: { id?: string; type: string; payload?: unknown; reply_to?: string | null }): void;
  closed: boolean;
}

/** A bare WebSocket server whose behaviour each test scripts (for what a well-behaved relay never does). */
export async function scriptedServer(onConnection: (conn: ScriptedConnection) => void = () => {}): Promise<{
  url: string;
  connections: ScriptedConnection[];
  close(): Promise<void>;
}> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const connections: ScriptedConnection[] = [];
  let counter = 0;
  server.on("connection", (socket) => {
    const conn: ScriptedConnection = {
      socket,
      frames: [],
      closed: false,
      send: (frame) =>
        socket.send(
          JSON.stringify({
            id: frame.id ?? `srv-${++counter}`,
            type: frame.type,
            payload: frame.payload ?? null,
            reply_to: frame.reply_to ?? null,
          }),
        ),
    };
    socket.on("message", (data) => {
      try {
        conn.frames.push(JSON.parse(String(data)) as ScriptedConnection["frames"][number]);
      } catch {
        // Only JSON is recorded.
      }
    });
    socket.on("close", () => (conn.closed = true));
    connections.push(conn);
    onConnection(conn);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Replies to `identify` with a welcome, like a relay admitting the member. */
export function welcomeOnIdentify(conn: ScriptedConnection, id = "member-1"): void {
  conn.socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as { type: string; payload: { name: string } };
    if (frame.type === "identify") conn.send({ type: "welcome", payload: { id, name: frame.payload.name } });
  });
}

interface ReferenceMember {
  socket: WebSocket;
  id: string;
  name: string;
  channel: string;
}

/**
 * A relay with the reference (Python) relay's observable differences from ours, for interop
 * tests: a broadcast is fanned out to the sender too, before the `{status:"sent"}` receipt;
 * `route_msg` finds its target by `target_id` only and `route_msg_noreply` by `target_name` only.
 * Identify, broadcast, routing and `ping` only; no capabilities, auth or limits.
 */
export async function referenceStyleRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const members = new Map<WebSocket, ReferenceMember>();
  const routes = new Map<string, { from: ReferenceMember; requestId: string }>();
  let counter = 0;
  const frame = (type: string, payload: unknown, replyTo: string | null = null) =>
    JSON.stringify({ id: `ref-${++counter}`, type, payload, reply_to: replyTo });
  const server = await scriptedServer(({ socket }) => {
    socket.on("message", (data) => {
      const f = JSON.parse(String(data)) as {
        id: string;
        type: string;
        payload: Record<string, unknown> | null;
        reply_to: string | null;
      };
      const me = members.get(socket);
      if (f.type === "identify" && !me) {
        const p = f.payload ?? {};
        const member = {
          socket,
          id: `member-${++counter}`,
          name: String(p.name),
          channel: typeof p.channel === "string" ? p.channel : "default",
        };
        members.set(socket, member);
        socket.send(frame("welcome", { id: member.id, name: member.name }));
        return;
      }
      if (!me) return;
      const route = f.reply_to !== null ? routes.get(f.reply_to) : undefined;
      if (route) {
        routes.delete(f.reply_to!);
        route.from.socket.send(frame("route_msg", f.payload, route.requestId));
      } else if (f.type === "broadcast_request") {
        for (const peer of members.values())
          if (peer.channel === me.channel) peer.socket.send(frame("broadcast", f.payload));
        socket.send(frame("broadcast_request", { status: "sent" }, f.id));
      } else if (f.type === "route_msg" || f.type === "route_msg_noreply") {
        const p = f.payload ?? {};
        const byId = f.type === "route_msg";
        const target = [...members.values()].find((m) =>
          byId ? m.id === p.target_id : m.name === p.target_name,
        );
        if (!target) {
          socket.send(frame(f.type, { error: "Target not found", status: "failed" }, f.id));
        } else if (byId) {
          const requestId = `ref-${++counter}`;
          routes.set(requestId, { from: me, requestId: f.id });
          target.socket.send(
            JSON.stringify({ id: requestId, type: p.type, payload: p.payload, reply_to: null }),
          );
        } else {
          target.socket.send(frame(String(p.type), p.payload));
        }
      } else if (f.type === "ping") {
        socket.send(frame("ping", "pong", f.id));
      }
    });
    socket.on("close", () => members.delete(socket));
  });
  return { url: server.url, close: () => server.close() };
}
