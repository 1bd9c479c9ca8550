import { startRelay, type RelayOptions } from "@carter/relay";
import { hostOverIpc } from "./host.js";

/**
 * Generous limits so the bench measures the relay's work, not its admission control. A suite may
 * change options through `BENCH_RELAY_OPTIONS` (JSON), e.g. a smaller send buffer.
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
  const relay = await startRelay(options);
  return { port: relay.port, config: { server: "@carter/relay", ...options }, close: () => relay.close() };
});
