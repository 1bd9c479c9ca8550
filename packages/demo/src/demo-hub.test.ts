import { afterEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../../hub/src/testing.js";
import { startDemoHub, type DemoHub } from "./demo-hub.js";
import { DEMO, demoLayout } from "./layout.js";

const TOKEN = "demo-token";
const SAMPLE = {
  cpu: 42,
  cores: [10, 11],
  memory: { percent: 61, usedBytes: 5 * 1024 ** 3, totalBytes: 8 * 1024 ** 3 },
  load: [0.5, 0.25, 0.75] as [number, number, number],
  uptimeSeconds: 3723,
  host: "test-host",
};

let relay: RunningRelay | undefined;
let demoHub: DemoHub | undefined;
let peer: Peer | undefined;

afterEach(async () => {
  await peer?.close();
  await demoHub?.close();
  await relay?.close();
  peer = demoHub = relay = undefined;
});

describe("demo hub", () => {
  it("brings a device that rejoined a restarted relay before the hub to its state, without repeating log lines", async () => {
    relay = await startTestRelay({ authToken: TOKEN });
    const port = relay.port;
    const layout = demoLayout({ url: relay.url, token: TOKEN, cores: SAMPLE.cores.length });
    demoHub = await startDemoHub({ url: relay.url, token: TOKEN, layout, intervalMs: 0 });
    demoHub.publish(SAMPLE);
    demoHub.log("info", "before the restart");
    await relay.close();
    demoHub.update({ count: 17, power: true });

    let admitHub!: () => void;
    const held = new Promise<void>((resolve) => (admitHub = resolve));
    relay = await startTestRelay({
      port,
      auth: async (_token, _address, identity) => {
        if (identity.name === DEMO.hubName) await held;
        return { outcome: "admitted" };
      },
    });
    peer = await Peer.connect(relay.url, { name: "phone", channel: DEMO.channel, token: TOKEN });
    admitHub();
    // The sparkline's series replace comes last in a re-announcement.
    await peer.waitFor(
      (payload) => payload.msg_type === DEMO.system && Array.isArray(payload.cpu),
      "the cpu series",
    );

    expect(peer.ofType(DEMO.cores)).toHaveLength(1);
    expect(deviceValue(layout, "count", peer.received)).toBe(17);
    expect(deviceValue(layout, "power", peer.received)).toBe(true);
    expect(deviceValue(layout, "summary", peer.received)).toBe("on · level 40 · normal · count 17");
    expect(deviceValue(layout, "cpu-history", peer.received)).toEqual([42]);
    expect(peer.ofType(DEMO.log)).toEqual([]);
  });
});

describe("demo hub and a phone's heading publisher", () => {
  it("shows the published heading to every device, logs a phone once and refuses a bad value", async () => {
    relay = await startTestRelay({ authToken: TOKEN });
    const layout = demoLayout({ url: relay.url, token: TOKEN, cores: 1 });
    const logged: string[] = [];
    demoHub = await startDemoHub({
      url: relay.url,
      token: TOKEN,
      layout,
      intervalMs: 0,
      onLog: (level, text) => logged.push(`${level}: ${text}`),
    });
    peer = await Peer.connect(relay.url, { name: "phone", channel: DEMO.channel, token: TOKEN });
    const heading = (value: unknown) =>
      peer!.client.send("broadcast_request", {
        msg_type: DEMO.sensor,
        sensor: "heading",
        device: "web-abc123",
        ts_ms: Date.now(),
        value,
        magnetic: value,
        cardinal: "W",
      });
    heading(270);
    heading(271);
    await peer.waitFor(
      () => deviceValue(layout, "hub-heading", peer!.received) === "web-abc123: 271° W",
      "the hub's heading label",
    );
    expect(demoHub.heading).toEqual({ device: "web-abc123", heading: 271, cardinal: "W" });
    heading("north");
    await expect.poll(() => logged.at(-1)).toMatch(/^warn: .*sensor heading value: expected a number/);
    expect(demoHub.heading?.heading).toBe(271);
    expect(logged.filter((line) => line.includes("is sharing its heading"))).toEqual([
      "info: web-abc123 is sharing its heading (270° W)",
    ]);
  });
});
