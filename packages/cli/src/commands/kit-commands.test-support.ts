import { Readable } from "node:stream";
import type { CliIO } from "../command.js";

/** An in-process CliIO that records what a command prints. */
export function captureIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    stdin: Readable.from([]),
    env: {},
    stopSignal: new Promise(() => {}),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}
