import { Readable } from "node:stream";
import type { CliIO } from "./command.js";

export interface TestIO extends CliIO {
  /** Everything printed to stdout so far, one `out()` call a line. */
  stdout(): string;
  /** Everything printed to stderr so far, one `err()` call a line. */
  stderr(): string;
  /** Resolves with the first `out()` text: a long-running command's "listening on" line. */
  firstLine: Promise<string>;
  /** Resolves `stopSignal`, as SIGINT/SIGTERM would for the real process. */
  stop(signal?: NodeJS.Signals): void;
}

export interface TestIOOptions {
  /** Merged over `LOG_LEVEL=silent`, so a relay's own logging stays out of `stderr()`. */
  env?: NodeJS.ProcessEnv;
  /** Default: an empty stream. */
  stdin?: Readable;
}

/** An in-process CliIO that records what a command prints and lets the test stop it. */
export function testIO(options: TestIOOptions = {}): TestIO {
  const out: string[] = [];
  const err: string[] = [];
  let printed: (text: string) => void = () => undefined;
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (printed = resolve));
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (stop = resolve));
  return {
    out: (text) => {
      out.push(text);
      printed(text);
    },
    err: (text) => void err.push(text),
    stdin: options.stdin ?? Readable.from([]),
    env: { LOG_LEVEL: "silent", ...options.env },
    stopSignal,
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
    firstLine,
    stop: (signal = "SIGTERM") => stop(signal),
  };
}
