/**
 * Test support for the sources' tests (not part of the package's API): a real Mosquitto broker with
 * a WebSocket listener, and a local HTTP server that records what it was asked.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect as tcpConnect, createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's broker (`apt-get install mosquitto`); `CARTER_MOSQUITTO` points elsewhere. */
const MOSQUITTO = process.env.CARTER_MOSQUITTO ?? "/usr/sbin/mosquitto";

export interface RunningBroker {
  /** `ws://127.0.0.1:<port>`: the WebSocket listener browsers dial. */
  wsUrl: string;
  close(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts Mosquitto from a throwaway config: a loopback TCP listener (Mosquitto 2.0 refuses to
 * start with a WebSocket listener alone) and a WebSocket listener, anonymous, no persistence.
 */
export async function startMosquitto(): Promise<RunningBroker> {
  const dir = await mkdtemp(join(tmpdir(), "carter-mqtt-"));
  const [tcp, ws] = [await freePort(), await freePort()];
  const config = join(dir, "mosquitto.conf");
  await writeFile(
    config,
    [
      "allow_anonymous true",
      "persistence false",
      `listener ${tcp} 127.0.0.1`,
      `listener ${ws}`,
      "protocol websockets",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(MOSQUITTO, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await accepts(ws))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`mosquitto did not start: ${log.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    wsUrl: `ws://127.0.0.1:${ws}`,
    close: async () => {
      child.kill();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface RunningHttp {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP server for the device page: answers CORS preflights for any origin and header, records
 * every other request, and lets `route` answer it (a 404 otherwise).
 */
export async function startHttp(
  route: (request: RecordedRequest, response: ServerResponse) => boolean,
): Promise<RunningHttp> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
      res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "*");
      res.end();
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const request = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body };
      requests.push(request);
      if (!route(request, res)) {
        res.statusCode = 404;
        res.end("not found");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
