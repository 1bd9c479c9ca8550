import type * as Mcp from "@carter/mcp";
import { parseCommandArgs, portFlag, UsageError, type Command } from "../command.js";
import { loadOptional } from "../optional.js";

export const mcpCommand: Command = {
  name: "mcp",
  summary: "an MCP server: an LLM builds, wires, tests and pushes layouts live",
  usage: [
    "carter mcp [--http PORT] [--host 127.0.0.1] [--relay-port 8765] [--relay-host 0.0.0.0] [--out DIR]",
    "",
    "  --http        serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio",
    "  --host        interface for --http (default 127.0.0.1)",
    "  --relay-port  port of the embedded relay `connect` starts (default 8765; 0 = any free)",
    "  --relay-host  its bind address (default 0.0.0.0, so a phone on your LAN can pair)",
    "  --out         where QR and screenshot PNGs are written (default the temp dir)",
    "",
    "Over stdio (the default) the MCP client starts this command; logs go to stderr.",
  ].join("\n"),
  async run(args, io) {
    const values = parseCommandArgs(args, {
      options: {
        http: { type: "string" },
        host: { type: "string" },
        "relay-port": { type: "string" },
        "relay-host": { type: "string" },
        out: { type: "string" },
      },
    }).values;
    const relayPort = portFlag("relay-port", values["relay-port"] ?? io.env.CARTER_MCP_RELAY_PORT, 8765);
    if (values.host !== undefined && values.http === undefined) throw new UsageError("--host needs --http");
    const options = {
      relayPort,
      relayHost: values["relay-host"] ?? "0.0.0.0",
      outputDir: values.out,
    };
    const mcp = await loadOptional<typeof Mcp>("@carter/mcp", "mcp");
    if (values.http !== undefined) {
      const server = await mcp.runHttp(portFlag("http", values.http, 0), values.host ?? "127.0.0.1", options);
      io.out(`carter mcp serving ${server.url}`);
      await io.stopSignal;
      await server.close();
      return 0;
    }
    const { carter, closed } = await mcp.runStdio(options);
    await Promise.race([io.stopSignal, closed]);
    await carter.close();
    return 0;
  },
};
