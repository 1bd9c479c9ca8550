import { isLoopback, relayOptionsFromEnv, startRelay, type RunningRelay } from "@carter/relay";
import { parseCommandArgs, portFlag, UsageError, type CliIO, type Command } from "../command.js";
import { redactedUrl, redisBackplaneFromFlags } from "./relay-backplane.js";

export const RELAY_ENVIRONMENT = [
  "Environment: MESH_AUTH_TOKEN, MESH_ALLOWED_ORIGINS, MESH_TRUSTED_PROXIES, MESH_MAX_CONNECTIONS,",
  "MESH_MAX_PENDING_PER_IP, MESH_RATE_LIMIT, MESH_MAX_SIZE, MESH_ROUTE_TIMEOUT_MS, MESH_AUTH_TIMEOUT_MS,",
  "MESH_KEEPALIVE_INTERVAL_MS, MESH_SEND_BUFFER_LIMIT, MESH_REDIS_URL, MESH_NODE_ID, LOG_LEVEL (JSON logs on stderr).",
];

export interface RelayFlags {
  host?: string;
  port?: string;
  redis?: string;
  "node-id"?: string;
}

export const RELAY_FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  redis: { type: "string" },
  "node-id": { type: "string" },
} as const;

export interface StartedRelay {
  relay: RunningRelay;
  /** The mesh node id and Redis URL (password hidden) when the relay is part of a Redis mesh. */
  mesh?: { nodeId: string; redis: string };
  /** Closes the relay (clients get 1001), then leaves the mesh. */
  stop(): Promise<void>;
}

/** Starts a relay from `carter relay` flags and the `MESH_*` environment; with a Redis URL it joins that mesh. */
export async function startRelayFromFlags(flags: RelayFlags, io: CliIO): Promise<StartedRelay> {
  const options = relayOptionsFromEnv(io.env);
  if (flags.host !== undefined) {
    if (flags.host.trim() === "") throw new UsageError("--host must not be empty");
    options.host = flags.host.trim();
  }
  if (flags.port !== undefined) options.port = portFlag("port", flags.port, 0);
  const backplane = redisBackplaneFromFlags(flags.redis, flags["node-id"], io.env, options.routeTimeoutMs);
  if (backplane !== undefined) options.backplane = backplane;
  let relay: RunningRelay;
  try {
    relay = await startRelay(options);
  } catch (error) {
    await backplane?.close();
    throw error;
  }
  backplane?.start(relay.logger);
  if (!options.authToken && !isLoopback(relay.host)) {
    io.err(
      `warning: serving ${relay.host} with no MESH_AUTH_TOKEN: anyone who can reach this port can join the mesh`,
    );
  }
  const redisUrl = (flags.redis ?? io.env.MESH_REDIS_URL ?? "").trim();
  return {
    relay,
    mesh: backplane === undefined ? undefined : { nodeId: backplane.nodeId, redis: redactedUrl(redisUrl) },
    async stop() {
      await relay.close();
      await backplane?.close();
    },
  };
}

export const relayCommand: Command = {
  name: "relay",
  summary: "run a MeshSocket relay",
  usage: [
    "carter relay [--host 127.0.0.1] [--port 8765] [--redis redis://127.0.0.1:6379] [--node-id ID]",
    "",
    "  --host     interface to bind (env MESH_HOST; default 127.0.0.1, this machine only;",
    "             use 0.0.0.0 to let phones on your LAN connect, ideally with MESH_AUTH_TOKEN set)",
    "  --port     TCP port, 0 = any free port (env MESH_PORT; default 8765)",
    "  --redis    join the mesh of every relay on this Redis (env MESH_REDIS_URL; default: none,",
    "             this process is the whole mesh)",
    "  --node-id  this process's id in the mesh (env MESH_NODE_ID; default random)",
    "",
    ...RELAY_ENVIRONMENT,
    "Stops on SIGINT/SIGTERM, closing clients with 1001.",
  ].join("\n"),
  async run(args, io) {
    const { values } = parseCommandArgs(args, { options: RELAY_FLAGS });
    const started = await startRelayFromFlags(values, io);
    io.out(`carter relay listening on ${started.relay.url}`);
    if (started.mesh !== undefined) io.out(`mesh node ${started.mesh.nodeId} on ${started.mesh.redis}`);
    const signal = await io.stopSignal;
    started.relay.logger.info({ signal }, "shutting down");
    await started.stop();
    return 0;
  },
};
