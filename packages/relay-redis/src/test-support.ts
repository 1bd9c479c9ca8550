/**
 * Real parts for the multi-process tests and the cluster bench: a `redis-server` on a free port,
 * relay child processes on it, and a TCP load balancer that spreads connections over them.
 * Framework-free.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient } from "@redis/client";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TEST_RELAY = fileURLToPath(new URL("./test-relay-process.ts", import.meta.url));
const START_DEADLINE_MS = 20_000;

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with the first stdout line of `child` matching `pattern`, failing if it exits first. */
async function lineMatching(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  const lines = createInterface({ input: child.stdout! });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  try {
    return await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} did not start within ${START_DEADLINE_MS} ms: ${stderr.join("")}`)),
        START_DEADLINE_MS,
      );
      lines.on("line", (line) => {
        const match = pattern.exec(line);
        if (match !== null) {
          clearTimeout(timer);
          resolve(match);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited (${code}) before starting: ${stderr.join("")}`));
      });
    });
  } finally {
    lines.close();
  }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** The running server's process id (e.g. to pin it to CPUs); undefined while it is stopped. */
  readonly pid: number | undefined;
  /** Runs one command on a short-lived connection (e.g. `["CLIENT", "PAUSE", "3000", "WRITE"]`). */
  command(args: string[]): Promise<unknown>;
  /** CPU the server has used so far (user + system, from `INFO cpu`), in microseconds. */
  cpuMicros(): Promise<number>;
  /** Stops the server (its data is gone: it runs without persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** Starts Debian's `redis-server` on a free loopback port, without persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    // With --loglevel warning the server prints nothing once ready: wait until it answers instead.
    child.stdout!.resume();
    child.stderr!.resume();
    const deadline = Date.now() + START_DEADLINE_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}) on port ${port}`);
      try {
        await command(["PING"]);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const url = `redis://127.0.0.1:${port}`;
  const command = async (args: string[]) => {
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 1000 } });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return await client.sendCommand(args);
    } finally {
      client.destroy();
    }
  };
  await start();
  return {
    port,
    url,
    get pid() {
      return child?.pid;
    },
    command,
    cpuMicros: async () => {
      const info = String(await command(["INFO", "cpu"]));
      const seconds = (field: string) =>
        Number(new RegExp(`^${field}:([0-9.]+)`, "m").exec(info)?.[1] ?? NaN);
      return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1e6;
    },
    stop: async () => {
      if (child !== null) await stopChild(child, "SIGKILL");
      child = null;
    },
    start,
  };
}

export interface RelayProcess {
  readonly url: string;
  readonly nodeId: string;
  readonly child: ChildProcess;
  /** GET /healthz: the HTTP status and the parsed body. */
  health(): Promise<{ status: number; body: { status: string; [key: string]: unknown } }>;
  /** GET /metrics as text. */
  metrics(): Promise<string>;
  /** Kills the process with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface RelayProcessOptions {
  redisUrl: string;
  nodeId?: string;
  /** Keys and channels prefix, so tests sharing one Redis do not share a mesh. */
  keyPrefix?: string;
  /** Extra env (MESH_* knobs). */
  env?: NodeJS.ProcessEnv;
}

/** Starts a relay child process on the Redis backplane; resolves once it is listening and synchronised. */
export async function startRelayProcess(options: RelayProcessOptions): Promise<RelayProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", TEST_RELAY], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      MESH_RATE_LIMIT: "0",
      ...options.env,
      CARTER_TEST_REDIS_URL: options.redisUrl,
      CARTER_TEST_NODE_ID: options.nodeId ?? "",
      CARTER_TEST_KEY_PREFIX: options.keyPrefix ?? "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [, url, nodeId] = await lineMatching(child, /^listening (ws:\/\/\S+) (\S+)$/, "relay process");
  child.stdout!.resume();
  const httpUrl = url.replace(/^ws:/, "http:");
  return {
    url,
    nodeId,
    child,
    async health() {
      const response = await fetch(`${httpUrl}/healthz`);
      return { status: response.status, body: (await response.json()) as { status: string } };
    },
    async metrics() {
      return (await fetch(`${httpUrl}/metrics`)).text();
    },
    kill: (signal = "SIGTERM") => stopChild(child, signal),
  };
}

export interface LoadBalancer {
  readonly url: string;
  /** The backend each accepted connection went to, in order. */
  readonly picks: string[];
  close(): Promise<void>;
}

/**
 * A TCP load balancer like any in front of a relay cluster: each connection goes to the next
 * backend in turn, skipping backends that refuse the connection.
 */
export async function startLoadBalancer(backends: () => string[]): Promise<LoadBalancer> {
  let turn = 0;
  const picks: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    client.pause();
    const candidates = backends();
    const attempt = (left: number) => {
      if (left === 0 || candidates.length === 0) {
        client.destroy();
        return;
      }
      const backend = candidates[turn++ % candidates.length];
      const { hostname, port } = new URL(backend);
      const upstream = connect(Number(port), hostname);
      upstream.once("error", () => attempt(left - 1));
      upstream.once("connect", () => {
        upstream.removeAllListeners("error");
        upstream.on("error", () => client.destroy());
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        sockets.add(upstream);
        upstream.on("close", () => sockets.delete(upstream));
        picks.push(backend);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(candidates.length);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    picks,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
