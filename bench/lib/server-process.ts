import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ParentMessage, ServerStats } from "./ipc.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const live = new Set<ChildProcess>();

/** Kills every server process still running; safe to call from an `exit` handler (synchronous). */
export function killAllServers(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}

process.once("exit", killAllServers);

/** Counts `child` among the processes {@link killAllServers} kills, until it exits. */
export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
}

/**
 * A bench server script (`bench/servers/<name>.ts`) running in its own Node process, so its CPU
 * and memory are measured apart from the load generator's.
 */
export class ServerProcess {
  /** How the process ended, once it has: null while it runs. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private seq = 0;
  private readonly pending = new Map<number, (message: ChildMessage) => void>();

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly config: Record<string, unknown>,
  ) {
    child.once("exit", (code, signal) => {
      this.exit = { code, signal };
    });
    child.on("message", (message: ChildMessage) => {
      if (message.kind === "stats" || message.kind === "closed") {
        this.pending.get(message.seq)?.(message);
        this.pending.delete(message.seq);
      }
    });
  }

  /** The server process's pid (e.g. to pin it to CPUs). */
  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Spawns `bench/servers/<script>.ts` with tsx and --expose-gc (and `env` added), resolving once it listens. */
  static start(script: string, timeoutMs = 20_000, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    // BENCH_CPU_PROF=<dir> writes a .cpuprofile per server process (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--expose-gc", ...profile, `bench/servers/${script}.ts`],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    trackChild(child);
    return new Promise((resolve, reject) => {
      const fail = (reason: string): void => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new Error(`${script} server: ${reason}`));
      };
      const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
      const onEarlyExit = (code: number | null, signal: string | null): void =>
        fail(`exited before listening (code ${code}, signal ${signal})`);
      child.once("exit", onEarlyExit);
      child.once("error", (error) => fail(error.message));
      child.on("message", function onReady(message: ChildMessage) {
        if (message.kind === "failed") fail(`failed to start: ${message.error}`);
        if (message.kind !== "ready") return;
        clearTimeout(timer);
        child.off("message", onReady);
        child.off("exit", onEarlyExit);
        resolve(new ServerProcess(script, child, message.port, message.config));
      });
    });
  }

  /** CPU and memory of the server process right now. */
  stats(timeoutMs?: number): Promise<ServerStats> {
    return this.request("stats", timeoutMs).then((message) => (message as { stats: ServerStats }).stats);
  }

  /** Like `stats()`, after a full garbage collection in the server process. */
  collectedStats(): Promise<ServerStats> {
    return this.request("gc-stats").then((message) => (message as { stats: ServerStats }).stats);
  }

  /** Asks the server to close, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (this.child.connected) this.child.send({ seq: ++this.seq, cmd: "close" } satisfies ParentMessage);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private request(cmd: ParentMessage["cmd"], timeoutMs = 15_000): Promise<ChildMessage> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error(`${this.label} server is gone (asked for ${cmd})`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`${this.label} server did not answer ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.child.send({ seq, cmd } satisfies ParentMessage);
    });
  }
}
