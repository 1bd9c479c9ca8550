import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, startGateway } from "@carter/gateway";
import { hostOverIpc } from "./host.js";

/**
 * A Connect+ gateway for the bench: plain ws:// on loopback (TLS is a cost of its own, outside what
 * the gateway adds), the embedded store in memory, Web Push off, its rate limits and the relay's
 * off like the bench relay's, and one account with room for every bench socket. The account's
 * session token goes to the bench in `config.token`.
 */
const dataDir = mkdtempSync(join(tmpdir(), "carter-bench-gateway-"));

await hostOverIpc(async () => {
  const store = await openStore({ embeddedDir: null });
  const gateway = await startGateway({
    dataDir,
    host: "127.0.0.1",
    port: 0,
    plain: true,
    store,
    push: false,
    logLevel: "silent",
    rateLimits: {
      connectionBroadcastsPerSecond: 0,
      accountBroadcastsPerSecond: 0,
      accountFramesPerSecond: 0,
    },
    relay: { rateLimit: 0, maxConnections: 100_000, maxPendingPerIp: 100_000 },
  });
  const account = await store.createAccount("bench", 100_000);
  const { token } = await gateway.keys.mint({
    acct: account.id,
    prod: "connect",
    use: "session",
    expiresAtMs: Date.now() + 3_600_000,
  });
  return {
    port: gateway.port,
    config: {
      server: "@carter/gateway",
      plain: true,
      store: "embedded (memory)",
      account: account.id,
      token,
    },
    async close() {
      await gateway.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
