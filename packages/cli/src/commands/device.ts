import { parseArgs } from "node:util";
import { startDeviceServer } from "@carter/device/server";
import type { Command } from "../command.js";
import { UsageError } from "../command.js";

function flags(args: string[]): { host?: string; port?: string; layout?: string; relay?: string } {
  try {
    return parseArgs({
      args,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        layout: { type: "string" },
        relay: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const deviceCommand: Command = {
  name: "device",
  summary: "serve the web device (a browser control surface for a layout)",
  usage: [
    "carter device [--port 8080] [--host 127.0.0.1] [--layout FILE] [--relay URL]",
    "",
    "  --port    TCP port, 0 = any free port (default 8080)",
    "  --host    interface to bind (default 127.0.0.1; 0.0.0.0 lets phones on your LAN open it)",
    "  --layout  layout JSON served at /layout.json and loaded on open (re-read on every load)",
    "  --relay   ws:// or wss:// relay URL written into the served layout's connection",
    "",
    "Builds the app first when dist/ is missing or stale. Pair a phone for live editing by",
    "opening the page with #pair=<pairing JSON>. Stops on SIGINT/SIGTERM.",
  ].join("\n"),
  async run(args, io) {
    const { host, port, layout, relay } = flags(args);
    let portNumber = 8080;
    if (port !== undefined) {
      portNumber = Number(port);
      if (!/^\d+$/.test(port) || portNumber > 65535)
        throw new UsageError(`--port must be a whole number from 0 to 65535, got "${port}"`);
    }
    if (host !== undefined && host.trim() === "") throw new UsageError("--host must not be empty");
    if (layout !== undefined && layout.trim() === "") throw new UsageError("--layout must name a file");
    if (relay !== undefined && !/^wss?:\/\/[^/]/i.test(relay))
      throw new UsageError(`--relay must be a ws:// or wss:// URL, got "${relay}"`);
    const server = await startDeviceServer({
      port: portNumber,
      host: host?.trim(),
      layout,
      relay,
      log: (line) => io.err(line),
    });
    io.out(`carter device serving ${server.url}`);
    await io.stopSignal;
    await server.close();
    return 0;
  },
};
