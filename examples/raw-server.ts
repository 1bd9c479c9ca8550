/**
 * The minimal server from "Building a Server in Any Language", with no Carter library: only a
 * WebSocket and JSON frames `{id, type, payload, reply_to}`. Proof that the wire is the contract.
 *
 *   npx tsx examples/raw-server.ts          # joins ws://127.0.0.1:8765 (run `npx carter relay` first)
 *   CARTER_RELAY_URL=ws://host:port npx tsx examples/raw-server.ts
 */
import { randomUUID } from "node:crypto";
import { loadavg, cpus } from "node:os";
import WebSocket from "ws";

const url = process.env.CARTER_RELAY_URL ?? "ws://127.0.0.1:8765";
const channel = process.env.CARTER_CHANNEL ?? "home";
const ws = new WebSocket(url);
let producer: NodeJS.Timeout | undefined;

const send = (type: string, payload: unknown, replyTo: string | null = null) =>
  ws.send(JSON.stringify({ id: randomUUID(), type, payload, reply_to: replyTo }));

const cpuPercent = () => Math.min(100, Math.round((loadavg()[0] / cpus().length) * 100));

const docs: Record<string, string> = {
  relay: "# Relay\nRoutes frames between members of a channel.",
};

ws.on("open", () => {
  send("identify", {
    name: "raw-server",
    channel,
    role: "hub",
    can_broadcast: true,
    can_route: true,
    auth_token: "",
  });
});

ws.on("message", (data) => {
  let frame: {
    id?: string;
    type?: string;
    payload?: Record<string, unknown> | null;
    reply_to?: string | null;
  };
  try {
    frame = JSON.parse(String(data));
  } catch {
    return;
  }
  if (frame.reply_to) return; // the relay's {status:"sent"} answers to our broadcasts
  const payload = frame.payload ?? {};
  if (frame.type === "welcome") {
    console.log(`raw-server joined ${url} channel '${channel}'; pushing metrics every second`);
    const pushMetrics = () => send("broadcast_request", { msg_type: "metrics", cpu: cpuPercent() });
    pushMetrics();
    producer = setInterval(pushMetrics, 1000);
  } else if (frame.type === "broadcast" && payload.msg_type === "command") {
    console.log(`command: ${String(payload.command)}`);
  } else if (frame.type === "get_doc" && frame.id) {
    const path = String(payload.path);
    send("get_doc", { title: path, content: docs[path] ?? `# ${path}\nNo such document.` }, frame.id);
  }
});

ws.on("close", (code) => {
  clearInterval(producer);
  console.log(`raw-server disconnected (${code})`);
  process.exitCode = code === 1000 || code === 1005 ? 0 : 1;
});
ws.on("error", (error) => console.error(`raw-server: ${error.message}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => ws.close(1000));
