/**
 * Failure behaviour of a multi-process mesh on a real Redis: a relay process killed with SIGKILL,
 * a relay stopping cleanly, Redis stopped and restarted mid-run, and silent pub/sub loss.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MeshClient } from "@carter/client";
import { RelayError } from "@carter/protocol";
import { joinMesh, waitUntil, type TestSocket } from "@carter/relay/test-support";
import { BACKPLANE_UNAVAILABLE } from "./redis-backplane.js";
import {
  startLoadBalancer,
  startRedisServer,
  startRelayProcess,
  type LoadBalancer,
  type RedisServer,
  type RelayProcess,
} from "./test-support.js";

type RosterEntry = { id: string; name: string; channel: string; role: string };

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function redisServer(): Promise<RedisServer> {
  const redis = await startRedisServer();
  cleanups.push(() => redis.stop());
  return redis;
}

async function relayProcesses(redis: RedisServer, count: number, env: NodeJS.ProcessEnv = {}) {
  const relays = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      startRelayProcess({ redisUrl: redis.url, nodeId: `n${index}`, env }),
    ),
  );
  for (const relay of relays) cleanups.push(() => relay.kill("SIGKILL"));
  return relays;
}

async function join(
  relay: RelayProcess | LoadBalancer,
  payload: Record<string, unknown>,
): Promise<TestSocket> {
  const socket = await joinMesh(relay.url, payload);
  cleanups.push(() => socket.close());
  return socket;
}

function monitorOf(relay: RelayProcess, channel: string): Promise<TestSocket> {
  return join(relay, {
    name: `mon-${randomUUID().slice(0, 6)}`,
    role: "dashboard",
    channel,
    broadcast_scope: "channel",
  });
}

/** The names a monitor's process shows, in order, monitors left out. */
async function roster(monitor: TestSocket): Promise<string[]> {
  const reply = await monitor.request("get_nodes");
  return (reply.payload as { clients: RosterEntry[] }).clients
    .map((client) => client.name)
    .filter((name) => !name.startsWith("mon-"));
}

/** Waits until the monitor's process shows exactly `names` (in that order unless `anyOrder`). */
async function untilRoster(monitor: TestSocket, names: string[], anyOrder = false): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  const normal = (list: string[]) => JSON.stringify(anyOrder ? [...list].sort() : list);
  for (;;) {
    const seen = await roster(monitor);
    if (normal(seen) === normal(names)) return seen;
    if (Date.now() > deadline)
      throw new Error(`roster is [${seen.join(", ")}], expected [${names.join(", ")}]`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function untilHealth(relay: RelayProcess, status: string, deadlineMs = 10_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const health = await relay.health();
    if (health.body.status === status) return health;
    if (Date.now() > deadline)
      throw new Error(`health is ${JSON.stringify(health.body)}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a relay process dies", () => {
  it("SIGKILL: its members leave the other rosters, routes to them fail at once, and its clients come back through another process", async () => {
    const redis = await redisServer();
    // A long route timeout: a route that fails within the wait below failed because its target died.
    const [doomed, survivor] = await relayProcesses(redis, 2, { MESH_ROUTE_TIMEOUT_MS: "60000" });
    const balancer = await startLoadBalancer(() => [doomed.url, survivor.url]);
    cleanups.push(() => balancer.close());
    const channel = "venue";

    const monitor = await monitorOf(survivor, channel);
    const caller = await join(survivor, { name: "caller", role: "hub", channel });
    const target = await join(doomed, { name: "target", role: "node", channel });
    // Our client library, through the load balancer: its first connection goes to `doomed`.
    const kiosk = new MeshClient({ url: balancer.url, name: "kiosk", channel, role: "node", logger: {} });
    cleanups.push(() => kiosk.close());
    await kiosk.connect();
    expect(balancer.picks).toEqual([doomed.url]);
    await untilRoster(monitor, ["caller", "target", "kiosk"]);

    const pending = caller.request("route_msg", { target_name: "target", type: "ask" }, 10_000);
    await target.nextOfType("ask");
    await doomed.kill("SIGKILL");

    expect((await pending).payload).toEqual({ error: RelayError.TARGET_NOT_FOUND, status: "failed" });
    // The kiosk reconnects (default backoff) through the balancer to the surviving process.
    await waitUntil(
      () => balancer.picks.length === 2 && kiosk.state === "ready",
      "the kiosk is back",
      10_000,
    );
    expect(balancer.picks[1]).toBe(survivor.url);
    await untilRoster(monitor, ["caller", "kiosk"]);
    const health = await survivor.health();
    expect(health.body).toMatchObject({ status: "ok", backplane: { nodes: 1 } });
    expect(await survivor.metrics()).toMatch(/^mesh_backplane_nodes_lost_total 1$/m);
  });

  it("a clean stop (SIGTERM) takes its members out of the other rosters", async () => {
    const redis = await redisServer();
    const [leaving, staying] = await relayProcesses(redis, 2);
    const monitor = await monitorOf(staying, "hall");
    const member = await join(leaving, { name: "leaver", role: "viewer", channel: "hall" });
    await untilRoster(monitor, ["leaver"]);
    await leaving.kill("SIGTERM");
    expect((await member.waitClosed()).code).toBe(1001);
    await untilRoster(monitor, []);
  });
});

describe("Redis goes away and comes back", () => {
  it("serves local members, fails cross-process operations fast and counted, reports degraded, and resynchronises without ghosts or duplicates", async () => {
    const redis = await redisServer();
    const [a, b] = await relayProcesses(redis, 2);
    const channel = "studio";
    const monitorA = await monitorOf(a, channel);
    const monitorB = await monitorOf(b, channel);
    const hub = await join(a, { name: "hub", role: "hub", channel });
    const far = await join(b, { name: "far", role: "viewer", channel });
    const goner = await join(b, { name: "goner", role: "viewer", channel });
    await untilRoster(monitorA, ["hub", "far", "goner"]);

    await redis.stop();
    const degraded = await untilHealth(a, "degraded");
    expect(degraded.status).toBe(200);
    expect(degraded.body.backplane).toMatchObject({ kind: "redis", status: "degraded" });
    expect(String((degraded.body.backplane as { reason: string }).reason)).toMatch(/redis unreachable/);
    await untilHealth(b, "degraded");

    // Local fan-out and routing go on.
    const near = await join(a, { name: "near", role: "node", channel });
    await hub.request("broadcast_request", { during: "outage" });
    expect((await near.nextOfType("broadcast")).payload).toEqual({ during: "outage" });
    const localRoute = hub.request("route_msg", { target_name: "near", type: "ask" });
    const ask = await near.nextOfType("ask");
    near.send("answer", { ok: true }, ask.id);
    expect((await localRoute).payload).toEqual({ ok: true });
    // Cross-process operations fail at once with a clear error, and are counted.
    const remoteRoute = await hub.request("route_msg", { target_name: "far", type: "ask" });
    expect(remoteRoute.payload).toEqual(BACKPLANE_UNAVAILABLE);
    expect(await a.metrics()).toMatch(/^mesh_backplane_failures_total\{op="deliver"\} 1$/m);
    expect(await a.metrics()).toMatch(/^mesh_backplane_failures_total\{op="broadcast"\} [1-9]\d*$/m);
    await far.sync();
    expect(far.has((frame) => frame.type === "broadcast")).toBe(false);

    // Membership changes during the outage: one leaves, one joins.
    await goner.close();
    const late = await join(b, { name: "late", role: "viewer", channel });

    await redis.start();
    await untilHealth(a, "ok");
    await untilHealth(b, "ok");
    // Redis restarted empty: both processes registered their members again; each member is shown
    // once, the one that left is gone, the one that joined during the outage is there.
    const expected = ["hub", "far", "near", "late"];
    const orderA = await untilRoster(monitorA, expected, true);
    const orderB = await untilRoster(monitorB, expected, true);
    expect(orderA).toEqual(orderB);
    expect(await a.metrics()).toMatch(/^mesh_backplane_syncs_total [2-9]\d*$/m);

    // Cross-process traffic works again.
    await hub.request("broadcast_request", { after: "outage" });
    expect((await far.nextOfType("broadcast")).payload).toEqual({ after: "outage" });
    expect((await late.nextOfType("broadcast")).payload).toEqual({ after: "outage" });
  });

  it("turns /healthz unhealthy (503) while pub/sub silently stops delivering, and ok again after", async () => {
    const redis = await redisServer();
    const [relay] = await relayProcesses(redis, 1);
    expect((await relay.health()).status).toBe(200);
    // Writes (PUBLISH among them) stall while connections stay up and answer: the canary stops arriving.
    await redis.command(["CLIENT", "PAUSE", "6000", "WRITE"]);
    const unhealthy = await untilHealth(relay, "unhealthy");
    expect(unhealthy.status).toBe(503);
    expect(String((unhealthy.body.backplane as { reason: string }).reason)).toMatch(/canary/);
    await redis.command(["CLIENT", "UNPAUSE"]);
    const healthy = await untilHealth(relay, "ok");
    expect(healthy.status).toBe(200);
  });
});
