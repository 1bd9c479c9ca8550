import type * as EditorServer from "@carter/editor/server";
import { parseCommandArgs, portFlag, UsageError, type Command } from "../command.js";
import { loadOptional } from "../optional.js";

export const editorCommand: Command = {
  name: "editor",
  summary: "serve the layout editor (canvas, inspector, JSON view, web-device preview, live push)",
  usage: [
    "carter editor [--port 8090] [--host 127.0.0.1] [--relay URL [--token T]] [--channel editor] [FILE]",
    "",
    "  --port     TCP port, 0 = any free port (default 8090)",
    "  --host     interface to bind (default 127.0.0.1)",
    "  --relay    join this ws(s):// relay for live editing (default: a relay embedded at /relay)",
    "  --token    the relay's token, also written into the pairing QR",
    "  --channel  the live-edit channel devices pair to (default editor)",
    "  FILE       a layout JSON file: opened in the editor and written back on Save",
    "             (a FILE that does not exist yet is created on the first Save)",
    "",
    "Builds the app first when dist/ is missing or stale. Stops on SIGINT/SIGTERM.",
  ].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      options: {
        host: { type: "string" },
        port: { type: "string" },
        relay: { type: "string" },
        token: { type: "string" },
        channel: { type: "string" },
      },
      allowPositionals: true,
    });
    const portNumber = portFlag("port", values.port, 8090);
    if (values.host !== undefined && values.host.trim() === "")
      throw new UsageError("--host must not be empty");
    if (values.relay !== undefined && !/^wss?:\/\/[^/]/.test(values.relay))
      throw new UsageError(`--relay must be a ws:// or wss:// URL, got '${values.relay}'`);
    if (values.token !== undefined && values.relay === undefined)
      throw new UsageError("--token goes with --relay (the embedded relay is open)");
    if (positionals.length > 1) throw new UsageError(`give at most one FILE, got ${positionals.length}`);
    const { startEditorServer } = await loadOptional<typeof EditorServer>("@carter/editor/server", "editor");
    const server = await startEditorServer({
      port: portNumber,
      host: values.host?.trim(),
      file: positionals[0],
      relay: values.relay,
      token: values.token,
      channel: values.channel,
      log: (line) => io.err(line),
    });
    io.out(`carter editor serving ${server.url}`);
    await io.stopSignal;
    await server.close();
    return 0;
  },
};
