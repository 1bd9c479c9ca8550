import { startRelay, type RelayOptions } from "@carter/relay";
import { RedisBackplane } from "@carter/relay-redis";
import { hostOverIpc } from "./host.js";
import { recordStages } from "./stages.js";

/**
 * The bench relay (`relay.ts`) as one process of a mesh on Redis: BENCH_REDIS_URL, BENCH_NODE_ID,
 * and BENCH_STAGES_FILE for per-stage timestamps (see stages.ts).
 */
const options = {
  host: "127.0.0.1",
  port: 0,
  rateLimit: 0,
  maxConnections: 100_000,
  maxPendingPerIp: 100_000,
  logLevel: "silent",
} satisfies RelayOptions;

await hostOverIpc(async () => {
  const url = process.env.BENCH_REDIS_URL;
  if (!url) throw new Error("BENCH_REDIS_URL is required");
  const backplane = new RedisBackplane({ url, nodeId: process.env.BENCH_NODE_ID || undefined });
  const stagesFile = process.env.BENCH_STAGES_FILE;
  if (stagesFile) recordStages(backplane, stagesFile);
  const relay = await startRelay({ ...options, backplane });
  backplane.start(relay.logger);
  await backplane.ready();
  return {
    port: relay.port,
    config: { server: "@carter/relay + RedisBackplane", ...options, node: backplane.nodeId },
    close: async () => {
      await relay.close();
      await backplane.close();
    },
  };
});
