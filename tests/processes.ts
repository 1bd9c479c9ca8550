import { spawn, type ChildProcess } from "node:child_process";

/** Environment for child `npm`/`npx` runs: the parent `npm test`'s own settings stay out. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

/** A command running in its own process group, so stopping it also stops what it started (npx). */
export class Running {
  readonly child: ChildProcess;
  private text = "";
  private readonly listeners = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  constructor(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const append = (chunk: Buffer) => {
      this.text += chunk.toString("utf8");
      for (const listener of this.listeners) listener();
    };
    this.child.stdout!.on("data", append);
    this.child.stderr!.on("data", append);
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  output(): string {
    return this.text;
  }

  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.text);
        if (!match) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${String(pattern)}; output:\n${this.text}`));
      }, timeoutMs);
      if (check()) return;
      this.listeners.add(check);
      void this.exited.then(() => {
        if (this.listeners.delete(check)) {
          clearTimeout(timer);
          reject(new Error(`exited before printing ${String(pattern)}; output:\n${this.text}`));
        }
      });
    });
  }

  /** SIGTERM to the whole group; resolves with the exit code. */
  stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, "SIGTERM");
      } catch {
        // Already gone between the check and the signal.
      }
    }
    return this.exited;
  }
}
