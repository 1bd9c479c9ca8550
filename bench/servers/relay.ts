import { startRelay, type RelayOptions } from "@carter/relay";
import { hostOverIpc } from "./host.js";

/** Generous limits so the bench measures the relay's work, not its admission control. */
const options = {
  host: "127.0.0.1",
  port: 0,
  rateLimit: 0,
  maxConnections: 100_000,
  maxPendingPerIp: 100_000,
  logLevel: "silent",
} satisfies RelayOptions;

await hostOverIpc(async () => {
  const relay = await startRelay(options);
  return { port: relay.port, config: { server: "@carter/relay", ...options }, close: () => relay.close() };
});
