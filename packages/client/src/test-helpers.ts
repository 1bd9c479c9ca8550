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
          JSON.stringify({ id: frame.id ?? `srv-${++counter}`, type: frame.type, payload: frame.payload ?? null, reply_to: frame.reply_to ?? null }),
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
