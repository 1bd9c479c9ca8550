/**
 * Real PostgreSQL and Redis servers for tests, started from Debian's packages on free ports in
 * temporary directories and removed afterwards. As root, PostgreSQL runs as the `postgres` user
 * (it refuses to run as root).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  return join(root, versions[0], "bin");
}

const asRoot = process.getuid?.() === 0;

/** Spawn options that run a PostgreSQL binary as the `postgres` user when we are root. */
function pgUser(): { uid?: number; gid?: number } {
  return asRoot ? userIds("postgres") : {};
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

async function retry<T>(attempt: () => Promise<T>, what: string, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Starts a throwaway PostgreSQL cluster; `url` names its `postgres` database as user `gateway`. */
export async function startPostgres(): Promise<RunningService & { createDatabase(): Promise<string> }> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), "carter-pg-"));
  const user = pgUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = join(dir, "data");
  const init = spawnSync(
    join(bin, "initdb"),
    ["-D", data, "-A", "trust", "-U", "gateway", "--no-sync", "-E", "UTF8"],
    { encoding: "utf8", ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const child = spawn(
    join(bin, "postgres"),
    [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
    ],
    { stdio: "ignore", ...user },
  );
  const url = `postgres://gateway@127.0.0.1:${port}/postgres`;
  await retry(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
  }, "PostgreSQL did not start");
  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `gateway_test_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://gateway@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await stopChild(child, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function userIds(user: string): { uid: number; gid: number } {
  const result = spawnSync("id", ["-u", user], { encoding: "utf8" });
  const groups = spawnSync("id", ["-g", user], { encoding: "utf8" });
  if (result.status !== 0 || groups.status !== 0) throw new Error(`no "${user}" user to run PostgreSQL as`);
  return { uid: Number(result.stdout.trim()), gid: Number(groups.stdout.trim()) };
}

/** Starts a throwaway Redis with no persistence; `url` is `redis://127.0.0.1:<port>`. */
export async function startRedis(): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  await retry(
    () =>
      new Promise<void>((resolve, reject) => {
        const probe = spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" });
        if (probe.stdout.trim() === "PONG") resolve();
        else reject(new Error(probe.stderr || "no PONG"));
      }),
    "Redis did not start",
  );
  return { url, stop: () => stopChild(child, "SIGTERM") };
}
