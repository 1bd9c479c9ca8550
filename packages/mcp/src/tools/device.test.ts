import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "../test-support.js";

const layout = {
  name: "Bench",
  version: 1,
  tabs: [
    {
      title: "Main",
      grid: { columns: 2, rows: 2 },
      children: [
        {
          type: "gauge",
          id: "volts",
          position: [0, 0],
          min: 0,
          max: 30,
          sync: [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }],
        },
        { type: "toggle", id: "lamp", position: [0, 1], label: "Lamp" },
        { type: "label", id: "note", position: [1, 0], text: "hi" },
      ],
    },
  ],
};

describe("session and device tools against the headless web device", () => {
  let rig: TestRig;
  const dir = mkdtempSync(join(tmpdir(), "carter-mcp-device-"));

  beforeAll(async () => {
    rig = await startRig({ outputDir: dir, cwd: dir });
  });
  afterAll(async () => rig?.close());

  it("refuses device tools before connect", async () => {
    expect(await rig.fail("list_devices")).toContain("call connect first");
    expect(await rig.fail("connect", { url: "http://x" })).toContain("url: must start with ws://");
  });

  it("connects to an embedded relay and shows a pairing QR", async () => {
    const connected = await rig.call<{
      relayUrl: string;
      embedded: boolean;
      pairing: { channel: string; role: string };
    }>("connect", { channel: "bench" });
    expect(connected).toMatchObject({ embedded: true, pairing: { channel: "bench", role: "viewer" } });
    const qr = await rig.call<{ text: string; pngFile: string; terminal: string }>("show_qr");
    expect(JSON.parse(qr.text)).toMatchObject({ channel: "bench", role: "viewer" });
    expect(existsSync(qr.pngFile)).toBe(true);
    expect(await rig.call("list_devices")).toMatchObject({ devices: [] });
    expect(await rig.fail("wait_for_device", { timeout_s: 0 })).toContain("no device joined channel 'bench'");
    expect(await rig.fail("get_control_state")).toContain("no device on channel 'bench'");
  });

  it("opens the virtual device in a live-edit session and pushes with a truthful echo", async () => {
    const opened = await rig.call<{ name: string; liveEdit: boolean; url: string }>("open_virtual_device");
    expect(opened.liveEdit).toBe(true);
    expect(opened.url).toContain("#pair=");
    const { device } = await rig.call<{ device: { name: string } }>("wait_for_device", { timeout_s: 20 });
    expect(device.name).toBe(opened.name);

    const pushed = await rig.call<{ mode: string; comparison: { matches: boolean; documentCount: number } }>(
      "push_layout",
      { layout },
    );
    expect(pushed).toMatchObject({ mode: "routed", comparison: { matches: true, documentCount: 3 } });

    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ name: "Bad", tabs: [{ title: "T", children: [{ type: "gauge", id: "g" }] }] }),
    );
    expect(await rig.fail("push_layout", { file: "bad.json" })).toContain("validation error");
    expect(await rig.fail("push_layout", { file: "missing.json" })).toContain(
      "file: cannot read missing.json",
    );
    expect(await rig.fail("push_layout", { layout, file: "bad.json" })).toContain("not both");

    const shown = await rig.call<{ summary: { name: string }; isLiveEditSession: boolean }>(
      "get_device_layout",
    );
    expect(shown).toMatchObject({ summary: { name: "Bench" }, isLiveEditSession: true });

    const set = await rig.call<{ applied: string[]; skipped: unknown[] }>("set_control_state", {
      values: { volts: 12.5, lamp: true, ghost: 1 },
    });
    expect(set.applied.sort()).toEqual(["lamp", "volts"]);
    expect(set.skipped).toHaveLength(1);
    const state = await rig.call<{ values: Record<string, unknown> }>("get_control_state", {
      ids: ["volts", "lamp"],
    });
    expect(state.values).toEqual({ volts: 12.5, lamp: true });

    expect(await rig.call("get_connection_status")).toMatchObject({
      reply: { connected: true, channel: "bench" },
    });
    expect(await rig.call("get_device_info")).toMatchObject({ reply: { ok: true, build: "web" } });
    const shot = await rig.call<{ pngFile: string; bytes: number }>("screenshot_device");
    expect(existsSync(shot.pngFile)).toBe(true);
    expect(shot.bytes).toBeGreaterThan(1000);
    expect(await rig.fail("open_virtual_device")).toContain("already open");
    expect(await rig.fail("get_control_state", { device: "nobody" })).toContain("no device named 'nobody'");
  }, 120_000);

  it("broadcasts layout-update when asked, and the device renders it", async () => {
    const renamed = { ...layout, name: "Broadcast" };
    expect(await rig.call("push_layout", { layout: renamed, broadcast: true })).toMatchObject({
      mode: "broadcast",
    });
    await expect
      .poll(async () => (await rig.call<{ summary: { name: string } }>("get_device_layout")).summary.name, {
        timeout: 10_000,
      })
      .toBe("Broadcast");
  }, 60_000);

  it("disconnects and closes the device", async () => {
    expect(await rig.call("disconnect")).toEqual({ disconnected: true });
    expect(await rig.fail("screenshot_device")).toContain("no virtual device");
  });
});
