import { startRelay, type RelayOptions } from "@carter/relay";
import { hostOverIpc } from "./host.js";

/**
 * The relay as shipped (rate limit, frame size, timeouts), for the fuzz run: only the connection
 * caps are raised, because every test client shares 127.0.0.1. Errors are logged, so a last-resort
 * guard firing shows on stderr.
 */
const options = {
  host: "127.0.0.1",
  port: 0,
  maxConnections: 100_000,
  maxPendingPerIp: 100_000,
  logLevel: "error",
} satisfies RelayOptions;

await hostOverIpc(async () => {
  const relay = await startRelay(options);
  return { port: relay.port, config: { server: "@carter/relay", ...options }, close: () => relay.close() };
});
