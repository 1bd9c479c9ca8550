import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseCommandArgs, UsageError, type CliIO, type Command } from "../command.js";
import { redactedUrl } from "./relay-backplane.js";
import { RELAY_ENVIRONMENT, RELAY_FLAGS, startRelayFromFlags } from "./relay.js";

const CARTER_BIN = fileURLToPath(new URL("../../bin/carter.js", import.meta.url));
/** A worker that dies is started again after this long (not in a tight loop if it dies at once). */
const RESTART_DELAY_MS = 1000;
/** How long the primary waits for its workers to close their clients before killing them. */
const STOP_GRACE_MS = 8000;

interface ListeningMessage {
  carterRelay: "listening";
  url: string;
  nodeId: string;
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { carterRelay?: unknown }).carterRelay === "listening"
  );
}

function processesFlag(raw: string | undefined): number {
  if (raw === undefined) return availableParallelism();
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 256)
    throw new UsageError(`--processes must be a whole number from 1 to 256, got "${raw}"`);
  return value;
}

/** One relay process of the cluster: a relay on the shared port, in the Redis mesh. */
async function runWorker(values: Record<string, string | undefined>, io: CliIO): Promise<number> {
  const started = await startRelayFromFlags(
    { host: values.host, port: values.port, redis: values.redis, "node-id": values["node-id"] },
    io,
  );
  const message: ListeningMessage = {
    carterRelay: "listening",
    url: started.relay.url,
    nodeId: started.mesh!.nodeId,
  };
  process.send?.(message);
  const signal = await io.stopSignal;
  started.relay.logger.info({ signal }, "shutting down");
  await started.stop();
  return 0;
}

async function runPrimary(
  count: number,
  values: Record<string, string | undefined>,
  args: string[],
  io: CliIO,
): Promise<number> {
  cluster.setupPrimary({ exec: CARTER_BIN, args: ["cluster", ...args], silent: false });
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = (index: number) => {
    // Each worker gets its own mesh node id (the primary's --node-id, if any, is a prefix).
    const prefix = values["node-id"] ?? io.env.MESH_NODE_ID;
    const nodeId = prefix ? `${prefix}-${index}` : "";
    const worker = cluster.fork({ CARTER_CLUSTER_INDEX: String(index), MESH_NODE_ID: nodeId });
    workers.add(worker);
    worker.on("exit", (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      io.err(`relay process ${index} exited (${signal ?? code}); starting it again`);
      setTimeout(() => {
        if (!stopping) fork(index);
      }, RESTART_DELAY_MS).unref();
    });
    return worker;
  };

  const listening = new Promise<ListeningMessage[]>((resolve, reject) => {
    const seen: ListeningMessage[] = [];
    for (let index = 0; index < count; index++) {
      const worker = fork(index);
      worker.on("message", (message: unknown) => {
        if (!isListeningMessage(message) || seen.length === count) return;
        seen.push(message);
        if (seen.length === count) resolve(seen);
      });
      worker.once("exit", (code) => {
        if (seen.length < count) reject(new Error(`relay process ${index} failed to start (exit ${code})`));
      });
    }
  });
  let started: ListeningMessage[];
  try {
    started = await Promise.race([
      listening,
      io.stopSignal.then(() => {
        throw new Error("stopped before every relay process was listening");
      }),
    ]);
  } catch (error) {
    stopping = true;
    for (const worker of workers) worker.kill("SIGKILL");
    throw error;
  }
  io.out(`carter cluster listening on ${started[0].url} (${count} relay processes)`);
  io.out(`mesh nodes ${started.map((worker) => worker.nodeId).join(", ")} on ${redactedUrl(values.redis!)}`);

  await io.stopSignal;
  stopping = true;
  const exited = [...workers].map(
    (worker) => new Promise<void>((resolve) => worker.once("exit", () => resolve())),
  );
  for (const worker of workers) worker.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const worker of workers) worker.kill("SIGKILL");
  }, STOP_GRACE_MS);
  await Promise.all(exited);
  clearTimeout(timer);
  return 0;
}

export const clusterCommand: Command = {
  name: "cluster",
  summary: "run several relay processes behind one port, one mesh on Redis",
  usage: [
    "carter cluster --redis redis://127.0.0.1:6379 [--processes N] [--host 127.0.0.1] [--port 8765] [--node-id PREFIX]",
    "",
    "  --redis      the Redis that joins the processes into one mesh (env MESH_REDIS_URL; required)",
    "  --processes  relay processes to start (default: one per CPU core)",
    "  --host       interface to bind (env MESH_HOST; default 127.0.0.1)",
    "  --port       the one TCP port every process serves (env MESH_PORT; default 8765)",
    "  --node-id    prefix of the processes' mesh ids: PREFIX-0, PREFIX-1, ... (default random ids)",
    "",
    "Node's cluster module: the primary process accepts connections and hands them to the relay",
    "processes in turn; a relay process that dies is started again. The processes share nothing",
    "but Redis, exactly as relays on separate machines would.",
    "",
    ...RELAY_ENVIRONMENT,
    "Stops on SIGINT/SIGTERM, closing clients with 1001.",
  ].join("\n"),
  async run(args, io) {
    const { values } = parseCommandArgs(args, { options: { ...RELAY_FLAGS, processes: { type: "string" } } });
    const redis = (values.redis ?? io.env.MESH_REDIS_URL)?.trim();
    if (!redis)
      throw new UsageError(
        "--redis (or MESH_REDIS_URL) is required: it is what makes the processes one mesh",
      );
    if (cluster.isWorker)
      return runWorker({ ...values, redis, "node-id": io.env.MESH_NODE_ID || undefined }, io);
    return runPrimary(processesFlag(values.processes), { ...values, redis }, args, io);
  },
};
