import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../packages/hub/src/testing.js";
import { spawnExample, type ExampleProcess } from "./lib/spawn-example.js";
import layout from "./raw-server.layout.json" with { type: "json" };

let relay: RunningRelay;
let server: ExampleProcess | undefined;
let panel: Peer | undefined;

beforeEach(async () => {
  relay = await startTestRelay();
  panel = await Peer.connect(relay.url, { name: "raw-panel", canMonitor: true });
  server = spawnExample("examples/raw-server.ts", { CARTER_RELAY_URL: relay.url });
  await server.waitForOutput(/raw-server joined/);
});

afterEach(async () => {
  await panel?.close();
  await server?.stop();
  await relay.close();
  panel = server = undefined;
});

describe("raw-protocol server (no library)", () => {
  it("identifies, broadcasts metrics the gauge reads and reacts to the button", async () => {
    await panel!.waitForType("metrics");
    expect(deviceValue(layout, "cpu", panel!.received)).toEqual(expect.any(Number));
    const roster = await panel!.client.nodes();
    expect(roster).toContainEqual(expect.objectContaining({ name: "raw-server", role: "hub" }));

    const button = layout.tabs[0].children.find((child) => child.id === "reboot")!;
    panel!.send(button.action!.payload);
    await server!.waitForOutput(/command: reboot/);
  });

  it("answers a routed get_doc request with reply_to set", async () => {
    const entry = (await panel!.client.nodes()).find((node) => node.name === "raw-server")!;
    await expect(panel!.client.route({ id: entry.id }, "get_doc", { path: "relay" })).resolves.toEqual({
      title: "relay",
      content: expect.stringContaining("# Relay"),
    });
  });

  it("exits cleanly on SIGTERM", async () => {
    expect(await server!.stop()).toBe(0);
    expect(server!.output()).toMatch(/raw-server disconnected \(1000\)/);
  });
});
