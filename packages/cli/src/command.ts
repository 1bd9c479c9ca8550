import type { Readable } from "node:stream";

/** Where a command reads and writes, so tests can run commands in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal: Promise<NodeJS.Signals>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A bad flag or argument: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
