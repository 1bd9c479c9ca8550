import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
} from "./browser-fixture.js";

function smokeLayout(relayUrl: string) {
  return {
    name: "Smoke",
    version: 1,
    connection: { url: relayUrl, identity: { name: "Smoke Tablet", channel: "smoke", role: "controller" } },
    tabs: [
      {
        title: "Main",
        icon: "gauge",
        grid: { columns: 2, rows: 2 },
        children: [
          {
            type: "label",
            id: "headline",
            position: [0, 0],
            text: "waiting",
            sync: [{ filter: { msg_type: "status" }, valuePath: "text" }],
          },
          {
            type: "button",
            id: "go",
            position: [0, 1],
            label: "Go",
            action: {
              event: "broadcast_request",
              payload: { msg_type: "tap", button: "go", from: "{{value}}" },
            },
          },
        ],
      },
    ],
  };
}

describe("web device in a real browser against a real relay", () => {
  let rig: DeviceRig;
  let hub: MeshClient;

  beforeAll(async () => {
    const layoutFile = join(mkdtempSync(join(tmpdir(), "carter-smoke-")), "layout.json");
    writeFileSync(layoutFile, "{}");
    rig = await startDeviceRig({ layout: layoutFile });
    writeFileSync(layoutFile, JSON.stringify(smokeLayout(rig.relay.url)));
    hub = quietClient({
      url: rig.relay.url,
      name: "smoke-hub",
      channel: "smoke",
      role: "hub",
      canMonitor: true,
    });
    await hub.connect();
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    await rig?.close();
  });

  /** The device page paired by `#pair=` as a viewer of the smoke channel (a live-edit session). */
  const pairedViewerUrl = () =>
    `${rig.server.url}#pair=${encodeURIComponent(JSON.stringify({ url: rig.relay.url, channel: "smoke", role: "viewer" }))}`;

  it("connects from /layout.json, shows pushed values and sends taps to the peer", async () => {
    const { page, errors: pageErrors } = await openPage(rig.browser, rig.server.url);
    await waitForPhase(page, "connected");
    const state = await deviceState(page);
    expect(state).toMatchObject({
      name: "Smoke-Tablet",
      channel: "smoke",
      role: "controller",
      layout: "Smoke",
      liveEdit: false,
    });
    await expect.poll(async () => (await hub.nodes()).map((n) => n.name)).toContain("Smoke-Tablet");

    hub.broadcast("status", { text: "hello from the hub" });
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-control-id="headline"]')
          ?.textContent?.includes("hello from the hub") === true,
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.evaluate(() => window.__carter!.values())).toEqual({ headline: "hello from the hub" });
    expect(await page.evaluate(() => window.__carter!.renderCount())).toBeGreaterThan(0);

    const tap = new Promise<unknown>((resolve) => {
      hub.onFrame((frame) => {
        const payload = frame.payload as { msg_type?: string } | null;
        if (frame.type === "broadcast" && payload?.msg_type === "tap") resolve(payload);
      });
    });
    await page.click('[data-control-id="go"] button');
    expect(await tap).toEqual({ msg_type: "tap", button: "go", from: null });

    const reply = await hub.route({ name: "Smoke-Tablet" }, "get-current-layout", { include: "summary" });
    expect(reply).toMatchObject({
      ok: true,
      isLiveEditSession: false,
      summary: { name: "Smoke", tabs: [{ title: "Main" }] },
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("lets no stranger on the channel change what a connected device shows", async () => {
    const { page, errors: pageErrors } = await openPage(rig.browser, rig.server.url);
    await waitForPhase(page, "connected");
    expect(await page.locator(".carter-live-banner").count()).toBe(0);
    const route = (verb: string, payload: unknown) => hub.route({ name: "Smoke-Tablet" }, verb, payload);
    const pushed = { ...smokeLayout("ws://ignored.invalid:1"), name: "Hijacked" };

    hub.broadcast("layout-update", pushed);
    hub.broadcast("layout-save", { ...pushed, msg_type: "layout-save" });
    for (const [verb, payload] of [
      ["apply-layout", pushed],
      ["set-control-state", { values: { headline: "hijacked" } }],
      ["get-control-state", null],
      ["get-connection-status", null],
    ] as const) {
      const reply = (await route(verb, payload)) as { ok: boolean; error: string };
      expect(reply.ok).toBe(false);
      expect(reply.error).toContain("not in a live-edit session");
    }
    // The summary is answered, but never the full layout with its connection block.
    const current = (await route("get-current-layout", { include: "full" })) as Record<string, unknown>;
    expect(current).toMatchObject({ ok: true, isLiveEditSession: false, summary: { name: "Smoke" } });
    expect(current).not.toHaveProperty("layout");

    // Frames are handled in order: once this one shows, the layout-update before it was seen and ignored.
    hub.broadcast("status", { text: "still mine" });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-control-id="headline"]')?.textContent?.includes("still mine") === true,
      undefined,
      { timeout: 10_000 },
    );
    expect((await deviceState(page)).layout).toBe("Smoke");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("pairs from #pair=, narrates to the studio and renders a routed apply-layout", async () => {
    const studio: Record<string, unknown>[] = [];
    const stop = hub.onFrame((frame) => {
      const payload = frame.payload as Record<string, unknown> | null;
      if (frame.type === "broadcast" && payload?.msg_type === "studio.event") studio.push(payload);
    });
    const { page } = await openPage(rig.browser, pairedViewerUrl());
    await waitForPhase(page, "connected");
    const { name, liveEdit, role } = await deviceState(page);
    expect({ liveEdit, role }).toEqual({ liveEdit: true, role: "viewer" });
    expect(await page.textContent(".carter-main")).toContain("Waiting for a layout");
    await expect.poll(() => studio.map((e) => e.event)).toContain("hello");

    const layout = smokeLayout("ws://ignored.invalid:1");
    layout.name = "Pushed";
    const reply = await hub.route({ name: name! }, "apply-layout", layout);
    expect(reply).toMatchObject({
      ok: true,
      rendered: { name: "Pushed", tabs: [{ title: "Main", controls: [{ id: "headline" }, { id: "go" }] }] },
    });
    await page.waitForSelector('[data-control-id="go"] button');
    await expect
      .poll(() => studio.filter((e) => e.event === "layout").map((e) => e.layout))
      .toContain("Pushed");
    // A layout that cannot render is answered truthfully with `{ok:false, error}` and leaves the screen as it was.
    await expect(hub.route({ name: name! }, "apply-layout", { name: "Broken", tabs: {} })).resolves.toEqual({
      ok: false,
      error: "layout.tabs must be an array",
    });
    expect(await page.evaluate(() => window.__carter!.layoutSummary()?.name)).toBe("Pushed");
    expect((await deviceState(page)).phase).toBe("connected");
    expect(await page.textContent(".carter-live-banner")).toContain("Live editing · smoke");

    // Ending the session on the device says bye, closes the studio link and keeps the layout.
    await page.click(".carter-live-end");
    await expect.poll(() => studio.map((e) => e.event)).toContain("bye");
    await page.waitForFunction(() => window.__carter!.state().liveEdit === false, undefined, WAIT);
    expect(await page.locator(".carter-live-banner").count()).toBe(0);
    expect(page.url()).not.toContain("#pair=");
    expect((await deviceState(page)).layout).toBe("Pushed");
    await expect.poll(async () => (await hub.nodes()).map((n) => n.name)).not.toContain(name);
    stop();
    await page.close();
  });

  it("answers every live-edit verb, narrates tab/action/value, fires longPressAction and renders layout-update broadcasts", async () => {
    const seen: Record<string, unknown>[] = [];
    const stop = hub.onFrame((frame) => {
      const payload = frame.payload as Record<string, unknown> | null;
      if (frame.type === "broadcast" && payload !== null) seen.push(payload);
    });
    const studio = (event: string) => seen.filter((p) => p.msg_type === "studio.event" && p.event === event);
    const { page } = await openPage(rig.browser, pairedViewerUrl());
    await waitForPhase(page, "connected");
    const name = (await deviceState(page)).name!;
    const route = (verb: string, payload: unknown) => hub.route({ name }, verb, payload);

    const edited = {
      name: "Edited",
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
            { type: "sparkline", id: "sp", position: [0, 1] },
            { type: "toggle", id: "lamp", position: [1, 0], label: "Lamp", defaultValue: false },
            {
              type: "label",
              id: "held",
              position: [1, 1],
              defaultValue: "hold me",
              longPressAction: {
                event: "broadcast_request",
                payload: { msg_type: "held", value: "{{value}}" },
              },
            },
          ],
        },
        {
          title: "Second",
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "second", position: [0, 0], text: "second" }],
        },
      ],
    };
    await expect(route("apply-layout", edited)).resolves.toMatchObject({
      ok: true,
      rendered: { name: "Edited" },
    });
    await expect(route("set-control-state", { values: { volts: 12, sp: [1, 2], nope: 1 } })).resolves.toEqual(
      { ok: true, applied: ["volts", "sp"], skipped: ["nope"] },
    );
    await page.waitForFunction(
      () => document.querySelector('[data-control-id="volts"]')?.textContent?.includes("12") === true,
      undefined,
      { timeout: 10_000 },
    );
    await expect(route("get-control-state", { ids: ["volts", "sp"] })).resolves.toEqual({
      ok: true,
      values: { volts: 12, sp: [1, 2] },
    });
    await expect(route("get-connection-status", null)).resolves.toEqual({
      ok: true,
      connected: true,
      phase: "connected",
      channel: "smoke",
      role: "viewer",
      account: null,
      listening: ["broadcast"],
      studio: { connected: true, phase: "connected", channel: "smoke", watchTraffic: false },
      sources: { sources: [], sensors: [], publishers: [], problems: [] },
    });
    await expect(route("get-device-info", null)).resolves.toMatchObject({
      ok: true,
      appVersion: "0.1.0",
      build: "web",
      protocolVersion: 2,
    });
    await expect(route("get-current-layout", { include: "full" })).resolves.toMatchObject({
      ok: true,
      isLiveEditSession: true,
      layout: edited,
    });
    expect(seen.filter((p) => p.msg_type === "studio.event" && p.event === "value")).toEqual([]);

    await page.click('[data-control-id="lamp"] [role="switch"]');
    await expect
      .poll(() => studio("value"))
      .toEqual([{ msg_type: "studio.event", event: "value", control: "lamp", value: true }]);

    // A long press on a label fires its longPressAction with the label's value; no tap follows.
    const held = (await page.locator('[data-control-id="held"]').boundingBox())!;
    await page.mouse.move(held.x + held.width / 2, held.y + held.height / 2);
    await page.mouse.down();
    await expect
      .poll(() => seen.filter((p) => p.msg_type === "held"), { timeout: 10_000 })
      .toEqual([{ msg_type: "held", value: "hold me" }]);
    await page.mouse.up();
    await expect.poll(() => studio("action").map((e) => e.control)).toContain("held");

    await page.click('.carter-tabs [role="tab"]:has-text("Second")');
    await expect
      .poll(() => studio("tab"))
      .toEqual([{ msg_type: "studio.event", event: "tab", tab: "Second", title: "Second", index: 1 }]);

    hub.broadcast("layout-update", { ...edited, name: "Broadcast" });
    await page.waitForFunction(() => window.__carter!.state().layout === "Broadcast", undefined, {
      timeout: 10_000,
    });
    await expect.poll(() => studio("layout").map((e) => e.layout)).toContain("Broadcast");
    expect((await deviceState(page)).phase).toBe("connected");
    stop();
    await page.close();
  });
});
