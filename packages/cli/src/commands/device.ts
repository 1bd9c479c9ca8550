import type * as DeviceServer from "@carter/device/server";
import { parseCommandArgs, portFlag, UsageError, type Command } from "../command.js";
import { loadOptional } from "../optional.js";
import { cliDevelopmentTls, tlsNotice } from "./dev-tls.js";

export const deviceCommand: Command = {
  name: "device",
  summary: "serve the web device (a browser control surface for a layout)",
  usage: [
    "carter device [--port 8080] [--host 127.0.0.1] [--layout FILE] [--relay URL] [--tls]",
    "",
    "  --port    TCP port, 0 = any free port (default 8080)",
    "  --host    interface to bind (default 127.0.0.1; 0.0.0.0 lets phones on your LAN open it)",
    "  --layout  layout JSON served at /layout.json and loaded on open (re-read on every load)",
    "  --relay   ws:// or wss:// relay URL written into the served layout's connection",
    "  --tls     serve HTTPS with a development certificate (made once in $CARTER_TLS_DIR, else",
    "            ~/.local/share/carter/tls): phones grant sensors, camera and install only over",
    "            HTTPS. A page served over HTTPS can only dial a wss:// relay.",
    "",
    "Builds the app first when dist/ is missing or stale. Pair a phone for live editing by",
    "opening the page with #pair=<pairing JSON>. Stops on SIGINT/SIGTERM.",
  ].join("\n"),
  async run(args, io) {
    const { host, port, layout, relay, tls } = parseCommandArgs(args, {
      options: {
        host: { type: "string" },
        port: { type: "string" },
        layout: { type: "string" },
        relay: { type: "string" },
        tls: { type: "boolean" },
      },
    }).values;
    const portNumber = portFlag("port", port, 8080);
    if (host !== undefined && host.trim() === "") throw new UsageError("--host must not be empty");
    if (layout !== undefined && layout.trim() === "") throw new UsageError("--layout must name a file");
    if (relay !== undefined && !/^wss?:\/\/[^/]/i.test(relay))
      throw new UsageError(`--relay must be a ws:// or wss:// URL, got "${relay}"`);
    const { startDeviceServer } = await loadOptional<typeof DeviceServer>("@carter/device/server", "device");
    const material = tls ? await cliDevelopmentTls(io.env) : undefined;
    if (material) io.err(tlsNotice(material));
    const server = await startDeviceServer({
      tls: material,
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
