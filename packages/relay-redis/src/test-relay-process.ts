/**
 * A relay process for the multi-process tests and the cluster bench: a relay on a free port whose
 * backplane is Redis, with an auth hook that gives tokens of the form `ns-<digits>` that account
 * namespace (so namespace isolation can be shown across processes). Prints `listening <url> <node>`
 * on stdout once ready; SIGTERM stops it cleanly.
 *
 * Env: CARTER_TEST_REDIS_URL (required), CARTER_TEST_NODE_ID, CARTER_TEST_KEY_PREFIX, and the
 * relay's MESH_* knobs.
 */
import type { AuthDecision } from "@carter/relay";
import { relayOptionsFromEnv, startRelay } from "@carter/relay";
import { RedisBackplane } from "./redis-backplane.js";

const NAMESPACE_TOKEN = /^ns-([0-9]{1,32})$/;

function namespacingAuth(token: string): AuthDecision {
  const match = NAMESPACE_TOKEN.exec(token);
  return match === null ? { outcome: "admitted" } : { outcome: "admitted", namespace: match[1] };
}

const url = process.env.CARTER_TEST_REDIS_URL;
if (!url) throw new Error("CARTER_TEST_REDIS_URL is required");
const options = relayOptionsFromEnv(process.env);
const backplane = new RedisBackplane({
  url,
  nodeId: process.env.CARTER_TEST_NODE_ID || undefined,
  keyPrefix: process.env.CARTER_TEST_KEY_PREFIX || undefined,
  routeTimeoutMs: options.routeTimeoutMs,
});
const relay = await startRelay({
  host: "127.0.0.1",
  port: 0,
  logLevel: "silent",
  ...options,
  auth: namespacingAuth,
  backplane,
});
backplane.start(relay.logger);
await backplane.ready();
process.stdout.write(`listening ${relay.url} ${backplane.nodeId}\n`);

process.once("SIGTERM", () => {
  void relay
    .close()
    .then(() => backplane.close())
    .then(() => process.exit(0));
});
