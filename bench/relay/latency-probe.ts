import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { trackChild } from "../lib/server-process.js";
import { defaultLatencyOptions, type LatencyOptions, type LatencyResult } from "./latency.js";

export type ProbeRequest = { cmd: "measure"; seq: number; options: LatencyOptions } | { cmd: "close" };

export type ProbeReply =
  | { kind: "ready"; clockOffsetMs: number }
  | { kind: "latency"; seq: number; result: LatencyResult }
  | { kind: "failed"; seq: number; error: string };

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * A publisher and its viewers in a process of their own, measuring end-to-end latency on request.
 * Each configuration compared gets its own probe, so every measurement runs in a load generator
 * holding exactly its own sockets: 1000 idle sockets of another configuration in the same heap
 * make its collections several times longer and its p99 noisier.
 */
export class LatencyProbe {
  private seq = 0;

  private constructor(
    private readonly child: ChildProcess,
    /** The probe's `performance.now()` + this = `process.hrtime` in ms (its send stamps on the shared clock). */
    readonly clockOffsetMs: number,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Connects the publisher to `publisherUrl` and `viewers` viewers to `viewerUrl`. */
  static async start(publisherUrl: string, viewerUrl: string, viewers: number): Promise<LatencyProbe> {
    const child = fork(fileURLToPath(new URL("./latency-probe-process.ts", import.meta.url)), [], {
      cwd: repoRoot,
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        PROBE_PUBLISHER_URL: publisherUrl,
        PROBE_VIEWER_URL: viewerUrl,
        PROBE_VIEWERS: String(viewers),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    trackChild(child);
    const [reply] = (await Promise.race([
      once(child, "message"),
      once(child, "exit").then(() => [{ kind: "failed", seq: 0, error: "exited before connecting" }]),
    ])) as [ProbeReply];
    if (reply.kind !== "ready") {
      child.kill("SIGKILL");
      throw new Error(`latency probe: ${reply.kind === "failed" ? reply.error : "no ready message"}`);
    }
    return new LatencyProbe(child, reply.clockOffsetMs);
  }

  /** One latency run; rejects if the probe has not answered 10 s after the run should have ended. */
  measure(options: LatencyOptions = defaultLatencyOptions): Promise<LatencyResult> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
      };
      const onMessage = (reply: ProbeReply) => {
        if (reply.kind === "ready" || reply.seq !== seq) return;
        settle();
        if (reply.kind === "latency") resolve(reply.result);
        else reject(new Error(`latency probe: ${reply.error}`));
      };
      const onExit = () => {
        settle();
        reject(new Error("latency probe exited while measuring"));
      };
      const timer = setTimeout(
        () => {
          settle();
          reject(new Error("latency probe did not answer"));
        },
        options.warmupMs + options.windowMs + options.drainTimeoutMs + 10_000,
      );
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
      this.child.send({ cmd: "measure", seq, options } satisfies ProbeRequest);
    });
  }

  /** Closes its sockets and waits for it to exit (killing it after `graceMs`). */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, "exit");
    if (this.child.connected) this.child.send({ cmd: "close" } satisfies ProbeRequest);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
