import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, type Member } from "../lib/clients.js";
import { ServerProcess } from "../lib/server-process.js";
import { connectPublisher, connectViewers, measureFanout } from "./fanout.js";
import { measureLatency } from "./latency.js";
import { measureIdleMemory } from "./memory.js";
import { connectRpcMembers, measureRpc } from "./rpc.js";

/** The measurement machinery end to end against each bench server in its own process, with short windows. */
describe.each(["ceiling", "relay"] as const)("measurements against the %s process", (script) => {
  let server: ServerProcess;
  const members: Member[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start(script);
  });

  afterAll(async () => {
    closeAll(members);
    await server.stop();
  });

  it("reports CPU and memory of the server process, collected when asked", async () => {
    const plain = await server.stats();
    const collected = await server.collectedStats();
    expect(plain.collected).toBe(false);
    expect(collected.collected).toBe(true);
    expect(collected.rss).toBeGreaterThan(0);
    expect(collected.cpu.user + collected.cpu.system).toBeGreaterThan(plain.cpu.user + plain.cpu.system - 1);
  });

  it("measures idle memory per connection and closes the connections afterwards", async () => {
    const result = await measureIdleMemory(server, 50);
    expect(result).toMatchObject({ connections: 50, collected: true });
    expect(Number.isFinite(result.rssBytesPerConnection)).toBe(true);
  });

  it("counts every fan-out delivery and measures latency and routed round trips", async () => {
    const publisher = await connectPublisher(server.url);
    const viewers = await connectViewers(server.url, 10);
    members.push(publisher, ...viewers);

    const fanout = await measureFanout(server, publisher, viewers, {
      warmupMs: 50,
      windowMs: 200,
      maxInFlightDeliveries: 1_000,
      maxUnacked: 32,
      drainTimeoutMs: 5_000,
    });
    expect(fanout.sample.count).toBeGreaterThan(0);
    expect(fanout).toMatchObject({ viewers: 10, missing: 0, failedReplies: 0, closedViewers: 0 });
    expect(fanout.serverCpuUsPerDelivery).toBeGreaterThan(0);

    const latency = await measureLatency(publisher, viewers, {
      broadcastsPerSecond: 50,
      warmupMs: 40,
      windowMs: 200,
      drainTimeoutMs: 5_000,
    });
    expect(latency.expected).toBeGreaterThan(0);
    expect(latency.samples).toBe(latency.expected);
    expect(latency.p50Ms).toBeGreaterThan(0);
    expect(latency.p99Ms).toBeGreaterThanOrEqual(latency.p50Ms ?? 0);

    const { echo, callers } = await connectRpcMembers(server.url, 2);
    members.push(echo, ...callers);
    const rpc = await measureRpc(server, echo, callers, {
      windowPerCaller: 4,
      warmupMs: 50,
      windowMs: 200,
      drainTimeoutMs: 5_000,
    });
    expect(rpc.sample.count).toBeGreaterThan(0);
    expect(rpc.failed).toBe(0);
  });

  it("stops the process and refuses requests afterwards", async () => {
    const other = await ServerProcess.start(script);
    await other.stop();
    await expect(other.stats()).rejects.toThrow(/gone/);
  });
});
