import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshClient } from "@carter/client";
import {
  deviceState,
  openPage,
  quietClient,
  startDeviceRig,
  waitForPhase,
  WAIT,
  type DeviceRig,
} from "../app/browser-fixture.js";

const bench = {
  name: "Bench",
  version: 1,
  accentColor: "#ff8800",
  tabs: [
    {
      title: "Main",
      grid: { columns: 2, rows: 1 },
      children: [
        {
          type: "gauge",
          id: "volts",
          position: [0, 0],
          min: 0,
          max: 30,
          sync: [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }],
        },
        {
          type: "label",
          id: "note",
          position: [1, 0],
          sync: [{ filter: { msg_type: "note" }, valuePath: "text" }],
        },
      ],
    },
  ],
};

describe("live-edit verbs in a real browser (session-protocol §5.2–5.5)", () => {
  let rig: DeviceRig;
  let editor: MeshClient;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    rig = await startDeviceRig();
    editor = quietClient({
      url: rig.relay.url,
      name: "carter-mcp-editor",
      channel: "editor",
      role: "editor",
      canBroadcast: true,
      canRoute: true,
      canMonitor: true,
    });
    await editor.connect();
    editor.onFrame((frame) => {
      if (frame.type === "broadcast" && frame.payload !== null && typeof frame.payload === "object")
        seen.push(frame.payload as Record<string, unknown>);
    });
  }, 180_000);

  afterAll(async () => {
    await editor?.close();
    await rig?.close();
  });

  it("answers save/list/get-layout, watch-traffic, get-connection-status and the control-edit handoff", async () => {
    const pairing = { url: rig.relay.url, channel: "editor", role: "viewer" };
    const { page, errors } = await openPage(
      rig.browser,
      `${rig.server.url}#pair=${encodeURIComponent(JSON.stringify(pairing))}`,
    );
    await waitForPhase(page, "connected");
    const name = (await deviceState(page)).name!;
    const route = (verb: string, payload: unknown) =>
      editor.route({ name }, verb, payload, { timeout: 10_000 });

    // Saved layouts: routed save-layout, the layout-save broadcast, list-layouts and get-layout.
    await expect(route("save-layout", { layout: bench })).resolves.toEqual({ ok: true, file: "bench.json" });
    // `{error}` without `ok` is a failure reply (§5.2): the client rejects with it.
    await expect(route("save-layout", { layout: { name: "Broken" } })).rejects.toMatchObject({
      error: "layout: layout.tabs must be an array",
    });
    editor.broadcast("layout-save", { ...bench, name: "Porch", accentColor: undefined });
    await expect
      .poll(async () => route("list-layouts", null), WAIT)
      .toEqual({
        ok: true,
        layouts: [
          { name: "Bench", file: "bench.json", tabs: 1, accentColor: "#ff8800" },
          { name: "Porch", file: "porch.json", tabs: 1, accentColor: null },
        ],
      });
    await expect(route("get-layout", { file: "bench.json" })).resolves.toEqual({
      ok: true,
      file: "bench.json",
      layout: bench,
    });
    await expect(route("get-layout", { name: "Porch" })).resolves.toMatchObject({
      ok: true,
      file: "porch.json",
    });
    await expect(route("get-layout", {})).resolves.toEqual({ ok: false, error: "pass file or name" });
    await expect(route("get-layout", { name: "Nope" })).resolves.toEqual({
      ok: false,
      error: "no such layout",
    });

    // Traffic tap: values as they arrive, at most one per control per 250 ms, cut to 1 KB.
    await expect(route("apply-layout", bench)).resolves.toMatchObject({ ok: true });
    await expect(route("watch-traffic", { enable: true, sample_ms: 250 })).resolves.toEqual({ ok: true });
    await expect(route("get-connection-status", null)).resolves.toEqual({
      ok: true,
      connected: true,
      phase: "connected",
      channel: "editor",
      role: "viewer",
      account: null,
      listening: ["broadcast"],
      studio: { connected: true, phase: "connected", channel: "editor", watchTraffic: true },
      sources: { sources: [], sensors: [], publishers: [], problems: [] },
    });
    for (let volts = 1; volts <= 20; volts++) editor.broadcast("rack", { psu: { volts } });
    editor.broadcast("note", { text: "x".repeat(5000) });
    const traffic = () => seen.filter((p) => p.msg_type === "studio.traffic");
    await expect
      .poll(
        () =>
          traffic()
            .filter((p) => p.control === "volts")
            .at(-1)?.value,
        WAIT,
      )
      .toBe(20);
    await expect.poll(() => traffic().find((p) => p.control === "note"), WAIT).toBeDefined();
    const volts = traffic().filter((p) => p.control === "volts");
    expect(volts.length).toBeLessThan(20);
    expect(volts[0]).toEqual({
      msg_type: "studio.traffic",
      control: "volts",
      value: 1,
      valuePath: "psu.volts",
      event: "broadcast",
      frameMsgType: "rack",
    });
    const note = traffic().find((p) => p.control === "note")!;
    expect(note).toMatchObject({ truncated: true, valuePath: "text", frameMsgType: "note" });
    expect((note.value as string).length).toBe(1024);
    await expect(route("watch-traffic", { enable: false })).resolves.toEqual({ ok: true });
    await expect(route("watch-traffic", { sample_ms: 250 })).resolves.toEqual({
      ok: false,
      error: "enable: must be true or false",
    });

    // Control-edit handoff: the request opens the configurator, "Send to editor" parks the result.
    await expect(route("get-pending-edit", {})).resolves.toEqual({ ok: true, control: null });
    editor.broadcast("control-edit-request", {
      control: { type: "slider", label: "Speed", min: 0, max: 10, showValue: true },
    });
    const dialog = page.locator('[role="dialog"][aria-label="Edit control"]');
    await dialog.waitFor(WAIT);
    await dialog.locator('input[name="label"]').fill("Fan");
    await dialog.locator('input[name="max"]').fill("100");
    await dialog.locator('input[name="showValue"]').uncheck();
    await dialog.locator("button.carter-config-send").click();
    await dialog.waitFor({ state: "detached", ...WAIT });
    await expect(route("get-pending-edit", {})).resolves.toEqual({
      ok: true,
      control: { type: "slider", id: "slider", label: "Fan", min: 0, max: 100, showValue: false },
    });
    await expect(route("get-pending-edit", {})).resolves.toEqual({ ok: true, control: null });

    // After the session the saved layouts are listed in the loader and open from there.
    await page.click(".carter-live-end");
    await page.evaluate(() => window.__carter!.loadLayout({ name: "Empty", tabs: [] }));
    await page.locator('.carter-saved [data-file="porch.json"] .carter-saved-open').click(WAIT);
    await page.waitForFunction(() => window.__carter!.state().layout === "Porch", undefined, WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });
});
