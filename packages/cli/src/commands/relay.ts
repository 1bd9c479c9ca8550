import { isLoopback, relayOptionsFromEnv, startRelay } from "@carter/relay";
import { parseCommandArgs, portFlag, UsageError, type Command } from "../command.js";

export const relayCommand: Command = {
  name: "relay",
  summary: "run a MeshSocket relay",
  usage: [
    "carter relay [--host 127.0.0.1] [--port 8765]",
    "",
    "  --host  interface to bind (env MESH_HOST; default 127.0.0.1, this machine only;",
    "          use 0.0.0.0 to let phones on your LAN connect, ideally with MESH_AUTH_TOKEN set)",
    "  --port  TCP port, 0 = any free port (env MESH_PORT; default 8765)",
    "",
    "Environment: MESH_AUTH_TOKEN, MESH_ALLOWED_ORIGINS, MESH_TRUSTED_PROXIES, MESH_MAX_CONNECTIONS,",
    "MESH_MAX_PENDING_PER_IP, MESH_RATE_LIMIT, MESH_MAX_SIZE, MESH_ROUTE_TIMEOUT_MS, MESH_AUTH_TIMEOUT_MS,",
    "MESH_KEEPALIVE_INTERVAL_MS, MESH_SEND_BUFFER_LIMIT, LOG_LEVEL (JSON logs on stderr).",
    "Stops on SIGINT/SIGTERM, closing clients with 1001.",
  ].join("\n"),
  async run(args, io) {
    const { host, port } = parseCommandArgs(args, {
      options: { host: { type: "string" }, port: { type: "string" } },
    }).values;
    const options = relayOptionsFromEnv(io.env);
    if (host !== undefined) {
      if (host.trim() === "") throw new UsageError("--host must not be empty");
      options.host = host.trim();
    }
    if (port !== undefined) options.port = portFlag("port", port, 0);
    const relay = await startRelay(options);
    io.out(`carter relay listening on ${relay.url}`);
    if (!options.authToken && !isLoopback(relay.host)) {
      io.err(
        `warning: serving ${relay.host} with no MESH_AUTH_TOKEN: anyone who can reach this port can join the mesh`,
      );
    }
    const signal = await io.stopSignal;
    relay.logger.info({ signal }, "shutting down");
    await relay.close();
    return 0;
  },
};
