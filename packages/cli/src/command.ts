import type { Readable } from "node:stream";
import { parseArgs, type ParseArgsConfig } from "node:util";

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

/** `parseArgs` (strict) with every flag or positional mistake reported as a usage error (exit 2). */
export function parseCommandArgs<T extends ParseArgsConfig>(
  args: string[],
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, args, strict: true });
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

/** A `--name` port flag: a whole number from 0 (any free port) to 65535, else a usage error. */
export function portFlag(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535)
    throw new UsageError(`--${name} must be a whole number from 0 to 65535, got "${raw}"`);
  return value;
}
