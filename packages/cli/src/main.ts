import { readFileSync } from "node:fs";
import type { Command, CliIO } from "./command.js";
import { UsageError } from "./command.js";
import { commands } from "./commands/index.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function help(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    "carter: CAR-TER relay, layout kit and web device",
    "",
    "Usage: carter <command> [options]",
    "",
    "Commands:",
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show help (also: carter <command> --help)",
    "  -v, --version  print the version",
  ].join("\n");
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : text + "\n"),
    stdin: process.stdin,
    env: process.env,
    stopSignal: stopSignal(),
  };
}

/** Runs `carter` with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.out(help(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === "-v" || name === "--version") {
    io.out(version());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`carter: unknown command '${name}'\n\n${help(commands)}`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`carter ${name}: ${(error as Error).message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    io.err(`carter ${name}: ${(error as Error).message}`);
    return 1;
  }
}
