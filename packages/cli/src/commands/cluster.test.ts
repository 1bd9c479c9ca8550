import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "@carter/protocol";
import { joinMesh, type TestSocket } from "@carter/relay/test-support";
import { startRedisServer, type RedisServer } from "@carter/relay-redis/test-support";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function redisServer(): Promise<RedisServer> {
  const redis = await startRedisServer();
  cleanups.push(() => redis.stop());
  return redis;
}

/** Runs `carter <args>` as a real process from the repo root; resolves with its first stdout lines. */
async function carter(args: string[], lineCount: number): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, ["packages/cli/bin/carter.js", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }
  });
  const stderr: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const reader = createInterface({ input: child.stdout });
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    reader.on("line", (line) => {
      lines.push(line);
      if (lines.length === lineCount) resolve();
    });
    child.once("exit", (code) => reject(new Error(`carter ${args[0]} exited ${code}: ${stderr.join("")}`)));
  });
  return { child, lines };
}

async function join(url: string, payload: Record<string, unknown>): Promise<TestSocket> {
  const socket = await joinMesh(url, payload);
  cleanups.push(() => socket.close());
  return socket;
}

describe("carter relay --redis", () => {
  it("two relay processes on one Redis are one mesh", async () => {
    const redis = await redisServer();
    const [one, two] = await Promise.all(
      ["east", "west"].map((id) =>
        carter(["relay", "--port", "0", "--redis", redis.url, "--node-id", id], 2),
      ),
    );
    const url = (lines: string[]) => /^carter relay listening on (ws:\S+)$/.exec(lines[0])![1];
    expect(one.lines[1]).toBe(`mesh node east on ${redis.url}`);
    expect(two.lines[1]).toBe(`mesh node west on ${redis.url}`);
    const viewer = await join(url(two.lines), { name: "viewer", role: "viewer", channel: "home" });
    const hub = await join(url(one.lines), { name: "hub", role: "hub", channel: "home" });
    // The hub's process learns of the viewer through Redis; broadcast until one arrives, at 10/s:
    // on a loaded machine that can take over a second, and the relay's default limit is 50 frames/s.
    const deadline = Date.now() + 5000;
    while (!viewer.has((frame) => frame.type === "broadcast") && Date.now() < deadline) {
      await hub.request("broadcast_request", { hello: "west" });
      await viewer.sync();
      await sleep(100);
    }
    expect((await viewer.nextOfType("broadcast")).payload).toEqual({ hello: "west" });
    const exited = once(one.child, "exit");
    one.child.kill("SIGTERM");
    expect((await hub.waitClosed()).code).toBe(CloseCode.GOING_AWAY);
    expect((await exited)[0]).toBe(0);
  });

  it.each([
    [["--redis", "http://127.0.0.1:6379"], /--redis must be a redis:\/\/ or rediss:\/\/ URL/],
    [["--redis", "not a url"], /--redis must be a redis:\/\/ or rediss:\/\/ URL/],
    [["--redis", "redis://127.0.0.1:1", "--node-id", "has space"], /node id must be/],
    [["--node-id", "alone"], /--node-id needs --redis/],
  ])("rejects %j with a usage error (exit 2)", async (args, message) => {
    const io = testIO();
    expect(await main(["relay", "--port", "0", ...args], io)).toBe(2);
    expect(io.stderr()).toMatch(message);
  });
});

describe("carter cluster", () => {
  it("starts N relay processes behind one port, spreads connections over them, one mesh", async () => {
    const redis = await redisServer();
    const { child, lines } = await carter(
      ["cluster", "--processes", "2", "--port", "0", "--redis", redis.url, "--node-id", "rack"],
      2,
    );
    const url = /^carter cluster listening on (ws:\S+) \(2 relay processes\)$/.exec(lines[0])?.[1];
    expect(url).toBeDefined();
    expect(lines[1]).toMatch(/^mesh nodes rack-[01], rack-[01] on redis:\/\/127\.0\.0\.1:\d+$/);

    const monitor = await join(url!, {
      name: "dash",
      role: "dashboard",
      channel: "hall",
      broadcast_scope: "channel",
    });
    const viewers: TestSocket[] = [];
    for (let index = 0; index < 4; index++)
      viewers.push(await join(url!, { name: `v${index}`, role: "viewer", channel: "hall" }));
    // Both processes are in the mesh (each registers on its own; the other learns within a round trip).
    const healthUrl = `${url!.replace("ws:", "http:")}/healthz`;
    const started = Date.now();
    for (;;) {
      const health = (await (await fetch(healthUrl)).json()) as { backplane: { nodes: number } };
      if (health.backplane.nodes === 2) break;
      if (Date.now() - started > 5000) throw new Error(`healthz says ${JSON.stringify(health)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Every viewer is in the monitor's roster whichever process it landed on.
    const deadline = Date.now() + 5000;
    for (;;) {
      const reply = await monitor.request("get_nodes");
      const names = (reply.payload as { clients: { name: string }[] }).clients.map((client) => client.name);
      if (names.length === 4) {
        expect(names).toEqual(["v0", "v1", "v2", "v3"]);
        break;
      }
      if (Date.now() > deadline) throw new Error(`roster ${names.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const hub = await join(url!, { name: "hub", role: "hub", channel: "hall" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await hub.request("broadcast_request", { all: true });
    for (const viewer of viewers)
      expect((await viewer.nextOfType("broadcast")).payload).toEqual({ all: true });

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await hub.waitClosed(10_000)).code).toBe(CloseCode.GOING_AWAY);
    expect((await exited)[0]).toBe(0);
  });

  it("needs --redis", async () => {
    const io = testIO();
    expect(await main(["cluster", "--processes", "2"], io)).toBe(2);
    expect(io.stderr()).toMatch(/--redis \(or MESH_REDIS_URL\) is required/);
  });
});
