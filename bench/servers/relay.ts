import { MemoryBackplane, startRelay, type RelayOptions } from "@carter/relay";
import { hostOverIpc } from "./host.js";
import { recordStages } from "./stages.js";

/**
 * Generous limits so the bench measures the relay's work, not its admission control. A suite may
 * change options through `BENCH_RELAY_OPTIONS` (JSON), e.g. a smaller send buffer, and ask for
 * per-stage timestamps with `BENCH_STAGES_FILE` (see stages.ts).
 */
const options: RelayOptions = {
  host: "127.0.0.1",
  port: 0,
  rateLimit: 0,
  maxConnections: 100_000,
  maxPendingPerIp: 100_000,
  logLevel: "silent",
  ...(JSON.parse(process.env.BENCH_RELAY_OPTIONS ?? "{}") as RelayOptions),
};

await hostOverIpc(async () => {
  const stagesFile = process.env.BENCH_STAGES_FILE;
  let backplane: MemoryBackplane | undefined;
  if (stagesFile) {
    backplane = new MemoryBackplane();
    recordStages(backplane, stagesFile);
  }
  const relay = await startRelay({ ...options, backplane });
  return { port: relay.port, config: { server: "@carter/relay", ...options }, close: () => relay.close() };
});
