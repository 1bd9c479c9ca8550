import type * as Demo from "@carter/demo";
import { parseCommandArgs, portFlag, UsageError, type Command } from "../command.js";
import { loadOptional } from "../optional.js";
import { cliDevelopmentTls, tlsNotice } from "./dev-tls.js";

export const demoCommand: Command = {
  name: "demo",
  summary: "run the end-to-end demo: relay, a hub showing this machine, and the web device",
  usage: [
    "carter demo [--port 8080] [--relay-port 8765] [--host 0.0.0.0] [--tls]",
    "",
    "  --port        web device port, 0 = any free port (default 8080)",
    "  --relay-port  relay port, 0 = any free port (default 8765)",
    "  --host        interface both bind (default 0.0.0.0: phones on your LAN can scan the QR;",
    "                127.0.0.1 keeps the demo on this machine)",
    "  --tls         HTTPS device page and wss:// relay with a development certificate (made once",
    "                in $CARTER_TLS_DIR, else ~/.local/share/carter/tls); the QR carries https://.",
    "                Phones need it for the compass, sensors, camera and Add to Home Screen.",
    "",
    "Starts an embedded relay, a demo hub (CPU, memory, load and uptime every second; acked",
    "controls; docs by routed request; a log console) and the web device, then prints the",
    "device URL and a QR code of it for a phone.",
    "",
    "Security: the relay requires a random token made for this run. The device page is public",
    "but carries no secret; the layout holding the token is served only at a secret path that",
    "the printed URL and QR name. Anyone you show the URL or QR to can join the demo channel;",
    "nobody else on the network can. Stops on Ctrl-C (SIGINT) or SIGTERM.",
  ].join("\n"),
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "relay-port": { type: "string" },
        tls: { type: "boolean" },
      },
    });
    const port = portFlag("port", values.port, 8080);
    const relayPort = portFlag("relay-port", values["relay-port"], 8765);
    const host = values.host?.trim() ?? "0.0.0.0";
    if (host === "") throw new UsageError("--host must not be empty");
    if (port !== 0 && port === relayPort)
      throw new UsageError(`--port and --relay-port must differ (both ${port})`);

    const { startDemo, terminalQr } = await loadOptional<typeof Demo>("@carter/demo", "demo");
    const tls = values.tls ? await cliDevelopmentTls(io.env) : undefined;
    if (tls) io.err(tlsNotice(tls));
    const demo = await startDemo({
      tls,
      host,
      port,
      relayPort,
      log: (line) => io.err(line),
      onHubLog: (level, text) => {
        if (level !== "info") io.err(`hub ${level}: ${text}`);
      },
    });
    const phoneUrl = demo.lanUrls[0];
    io.out(`carter demo running\n\n  on this machine  ${demo.deviceUrl}`);
    for (const url of demo.lanUrls) io.out(`  on your LAN      ${url}`);
    if (phoneUrl !== undefined) {
      io.out(`\nScan with a phone on the same network:\n\n${await terminalQr(phoneUrl)}`);
    } else {
      io.out(`\nBound to ${host}: only this machine can open it (--host 0.0.0.0 to let a phone in).`);
    }
    io.out("Ctrl-C stops the demo.");
    const signal = await io.stopSignal;
    io.err(`carter demo: ${signal}, stopping…`);
    await demo.close();
    return 0;
  },
};
