import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "@carter/client";
import { startRelay, type RunningRelay } from "@carter/relay";
import { DeviceController } from "./controller.js";

const quiet = { debug: () => {}, info: () => {} };

/** A graph layout whose device dials `relayUrl` as `role`; `extra` adds `connection`/`state` keys. */
function graphLayout(relayUrl: string, role: string, extra: { hub?: string; authority?: string } = {}) {
  return {
    name: "Topology",
    version: 1,
    connection: {
      url: relayUrl,
      identity: { name: "wall-tablet", channel: "lab", role },
      ...(extra.hub ? { hub: extra.hub } : {}),
    },
    ...(extra.authority ? { state: { authority: extra.authority } } : {}),
    tabs: [
      {
        title: "Mesh",
        grid: { columns: 1, rows: 1 },
        children: [{ type: "graph", id: "mesh", position: [0, 0] }],
      },
    ],
  };
}

describe("graph content requests (ctx.request) against a real relay", () => {
  let relay: RunningRelay;
  let labHub: MeshClient;
  let otherHub: MeshClient;
  let device: DeviceController | undefined;

  beforeAll(async () => {
    relay = await startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent" });
    // Two hub-role members: only a name (or the roster order) tells them apart.
    otherHub = new MeshClient({
      url: relay.url,
      name: "other-hub",
      channel: "lab",
      role: "hub",
      logger: quiet,
    });
    labHub = new MeshClient({ url: relay.url, name: "lab-hub", channel: "lab", role: "hub", logger: quiet });
    for (const hub of [otherHub, labHub]) {
      const name = hub === labHub ? "lab-hub" : "other-hub";
      hub.on("node_info", (payload: { id: string }) => ({ title: payload.id, content: `served by ${name}` }));
    }
    await otherHub.connect();
    await labHub.connect();
  });

  afterEach(() => {
    device?.close();
    device = undefined;
  });

  afterAll(async () => {
    await labHub?.close();
    await otherHub?.close();
    await relay?.close();
  });

  async function connectedDevice(layout: unknown): Promise<DeviceController> {
    device = new DeviceController({ fallbackName: "web-test", schedule: (flush) => flush() });
    expect(device.loadLayout(layout, "test")).toEqual({ ok: true });
    const controller = device;
    await expect.poll(() => controller.status.value.phase, { timeout: 10_000 }).toBe("connected");
    return controller;
  }

  it("routes by connection.hub name, so a controller without can_monitor gets the content", async () => {
    const tablet = await connectedDevice(graphLayout(relay.url, "controller", { hub: "lab-hub" }));
    expect(await tablet.link!.nodes()).toEqual([]);
    await expect(tablet.engine.request("node_info", { id: "relay" })).resolves.toEqual({
      title: "relay",
      content: "served by lab-hub",
    });
  });

  it("routes by a state.authority that is a member name", async () => {
    const tablet = await connectedDevice(graphLayout(relay.url, "controller", { authority: "lab-hub" }));
    await expect(tablet.engine.request("node_info", { id: "a" })).resolves.toEqual({
      title: "a",
      content: "served by lab-hub",
    });
  });

  it("names a connection.hub that is not on the mesh instead of guessing from the roster", async () => {
    const tablet = await connectedDevice(graphLayout(relay.url, "editor", { hub: "ghost-hub" }));
    await expect(tablet.engine.request("node_info", { id: "a" })).rejects.toThrow(
      "route to ghost-hub: Target not found",
    );
  });

  it("falls back to the roster when no member name is known, which needs can_monitor", async () => {
    const monitor = await connectedDevice(graphLayout(relay.url, "editor", { authority: "hub" }));
    // `hub` is a role here, not a member: the roster's first hub-role member (registration order) answers.
    await expect(monitor.engine.request("node_info", { id: "b" })).resolves.toEqual({
      title: "b",
      content: "served by other-hub",
    });
    device!.close();

    const tablet = await connectedDevice(graphLayout(relay.url, "controller"));
    await expect(tablet.engine.request("node_info", { id: "c" })).rejects.toThrow(
      /no hub in the roster.*can_monitor/,
    );
  });
});
