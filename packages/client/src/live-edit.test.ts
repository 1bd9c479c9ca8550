import { startRelay, type RunningRelay } from "@carter/relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "./client.js";
import { LiveVerbError, liveEditDevices, routeVerb } from "./live-edit.js";

const quiet = { warn: () => {}, error: () => {} };
let relay: RunningRelay;
let editor: MeshClient;
let device: MeshClient;

function join(name: string, role: string): MeshClient {
  return new MeshClient({
    url: relay.url,
    name,
    channel: "editor",
    role,
    canBroadcast: true,
    canRoute: true,
    canMonitor: true,
    logger: quiet,
  });
}

beforeAll(async () => {
  relay = await startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  editor = join("studio", "editor");
  device = join("phone", "viewer");
  device.on("apply-layout", (layout: { name?: string }) =>
    layout.name ? { ok: true, rendered: { name: layout.name, tabs: [] } } : { ok: false, error: "no name" },
  );
  device.on("save-layout", () => ({ error: "storage full" }));
  device.on("get-device-info", () => "web");
  await Promise.all([editor.connect(), device.connect(), join("hub-1", "hub").connect()]);
});

afterAll(async () => {
  await Promise.all([editor.close(), device.close()]);
  await relay.close();
});

describe("live-edit helpers", () => {
  it("lists the roster's devices: not the editor itself, no hub, node or editor", async () => {
    const devices = liveEditDevices(await editor.nodes(), "studio");
    expect(devices.map((d) => [d.name, d.role])).toEqual([["phone", "viewer"]]);
  });

  it("returns a device's reply, and turns refusals, odd replies and silence into LiveVerbError", async () => {
    const [phone] = liveEditDevices(await editor.nodes(), "studio");
    expect(await routeVerb(editor, phone, "apply-layout", { name: "L", tabs: [] })).toEqual({
      ok: true,
      rendered: { name: "L", tabs: [] },
    });
    await expect(routeVerb(editor, phone, "apply-layout", { tabs: [] })).rejects.toThrow(
      new LiveVerbError("apply-layout: 'phone' refused: no name"),
    );
    await expect(routeVerb(editor, phone, "save-layout", {})).rejects.toThrow(
      "save-layout: request failed: storage full",
    );
    await expect(routeVerb(editor, phone, "get-device-info", null)).rejects.toThrow(
      "get-device-info: 'phone' sent a reply that is not an object",
    );
    await expect(routeVerb(editor, phone, "list-layouts", null, 300)).rejects.toThrow(
      "list-layouts: 'phone' did not answer within 300 ms (an app too old for this verb, or gone)",
    );
  });
});
