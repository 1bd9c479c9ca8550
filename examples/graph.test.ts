import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningRelay } from "@carter/relay";
import { deviceValue, Peer, startTestRelay } from "../packages/hub/src/testing.js";
import type { RunningExample } from "./lib/run-example.js";
import { spawnExample } from "./lib/spawn-example.js";
import { DOCS, layout, start, topology } from "./graph.js";

let relay: RunningRelay;
let running: RunningExample | undefined;
let viewer: Peer | undefined;

beforeEach(async () => {
  relay = await startTestRelay();
  running = await start({ url: relay.url });
  viewer = await Peer.connect(relay.url, { name: "graph-viewer", canMonitor: true });
});

afterEach(async () => {
  await viewer?.close();
  await running?.stop();
  await relay.close();
  viewer = running = undefined;
});

/** The hub's id, found the way a device resolves its layout's `connection.hub`. */
async function hubId(): Promise<string> {
  const entry = (await viewer!.client.nodes()).find((node) => node.name === "graph-hub");
  if (!entry) throw new Error("graph-hub is not on the channel");
  return entry.id;
}

describe("graph example", () => {
  it("serves the graph document, with content taps on every node", async () => {
    viewer!.send({ msg_type: "control_sync_request", from: "graph-viewer", dynamic: [] });
    const snapshot = await viewer!.waitForType("control_snapshot");
    const graph = (snapshot.controls as Record<string, unknown>).topology;
    expect(graph).toEqual(topology());
    for (const node of topology().nodes) {
      expect(node.onTap).toEqual({ type: "content", event: "get_doc", payload: { path: node.id } });
    }
    running!.hub.set("topology", topology());
    await viewer!.waitForType("topology");
    expect(deviceValue(layout, "topology", viewer!.received)).toEqual(topology());
  });

  it("answers a tapped node's content request with markdown", async () => {
    const id = await hubId();
    for (const node of topology().nodes) {
      const reply = await viewer!.client.route({ id }, node.onTap.event, node.onTap.payload);
      expect(reply).toEqual(DOCS[node.id]);
    }
    const missing = await viewer!.client.route<{ title: string; content: string }>({ id }, "get_doc", {
      path: "nope",
    });
    expect(missing.title).toBe("nope");
    expect(missing.content).toContain("No document");
  });

  it("mirrors the node action into the selection label", async () => {
    viewer!.send({ msg_type: "node.select", value: "relay" });
    await viewer!.waitForType("selection");
    expect(deviceValue(layout, "selected", viewer!.received)).toBe("relay");
  });
});

describe("graph example as a command", () => {
  it("runs with `npx tsx examples/graph.ts`, answering a node's content request", async () => {
    const own = await startTestRelay();
    const example = spawnExample("examples/graph.ts", { CARTER_RELAY_URL: own.url });
    const device = await Peer.connect(own.url, { name: "graph-viewer", canMonitor: true });
    try {
      await example.waitForOutput(/graph: hub 'graph-hub' is on ws:\/\/127\.0\.0\.1:\d+;/);
      const hub = (await device.client.nodes()).find((node) => node.name === "graph-hub");
      expect(hub).toBeDefined();
      const tap = topology().nodes[0].onTap;
      expect(await device.client.route({ id: hub!.id }, tap.event, tap.payload)).toEqual(
        DOCS[topology().nodes[0].id],
      );
    } finally {
      await device.close();
      expect(await example.stop()).toBe(0);
      await own.close();
    }
  });
});
