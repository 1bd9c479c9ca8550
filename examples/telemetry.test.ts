import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../packages/hub/src/testing.js";
import { spawnExample } from "./lib/spawn-example.js";
import type { RunningExample } from "./lib/run-example.js";
import { layout, start } from "./telemetry.js";

let relay: RunningRelay;
let running: RunningExample | undefined;
let dashboard: Peer | undefined;

beforeEach(async () => {
  relay = await startTestRelay();
});

afterEach(async () => {
  await dashboard?.close();
  await running?.stop();
  await relay.close();
  dashboard = running = undefined;
});

describe("telemetry example", () => {
  it("pushes metrics every interval that each display control of its layout reads", async () => {
    dashboard = await Peer.connect(relay.url, { name: "dashboard", role: "viewer" });
    running = await start({ url: relay.url, intervalMs: 20 });
    await dashboard.waitForType("metrics", 3);
    const seen = dashboard.received;
    const cpu = deviceValue(layout, "cpu", seen);
    expect(cpu).toEqual(expect.any(Number));
    expect(cpu as number).toBeGreaterThanOrEqual(0);
    expect(cpu as number).toBeLessThanOrEqual(100);
    expect(deviceValue(layout, "cpu-history", seen)).toEqual(expect.any(Number));
    expect(deviceValue(layout, "mem", seen)).toEqual(expect.any(Number));
    expect(deviceValue(layout, "uptime", seen)).toEqual(expect.any(Number));
    expect(["ok", "busy"]).toContain(deviceValue(layout, "health", seen));
    expect(deviceValue(layout, "host", seen)).toEqual(expect.any(String));
  });

  it("serves a late-joining dashboard the current values in a snapshot", async () => {
    running = await start({ url: relay.url, intervalMs: 60_000 });
    const late = await Peer.connect(relay.url, { name: "late", role: "controller" });
    dashboard = late;
    late.send({ msg_type: "control_sync_request", from: "late", dynamic: [] });
    const snapshot = await late.waitForType("control_snapshot");
    expect(snapshot).toMatchObject({ to: "late", v: 1 });
    expect(Object.keys(snapshot.controls as object).sort()).toEqual(
      ["cpu", "cpu-history", "health", "host", "mem", "uptime"].sort(),
    );
  });

  it("runs with one command and says where devices connect", async () => {
    dashboard = await Peer.connect(relay.url, { name: "dashboard", role: "viewer" });
    const example = spawnExample("examples/telemetry.ts", { CARTER_RELAY_URL: relay.url });
    try {
      await example.waitForOutput(
        /telemetry: hub 'telemetry-hub' is on ws:\/\/127\.0\.0\.1:\d+; load examples\/telemetry\.layout\.json/,
      );
      expect(await dashboard.waitForType("metrics")).toMatchObject({
        cpu: expect.any(Number),
        mem: expect.any(Number),
      });
    } finally {
      expect(await example.stop()).toBe(0);
    }
  });
});
