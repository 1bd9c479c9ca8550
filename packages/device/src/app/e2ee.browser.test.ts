import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshClient } from "@carter/client";
import { createHub, type Hub } from "@carter/hub";
import { createE2ee, isEnvelope } from "@carter/protocol";
import {
  openPage,
  quietClient,
  startDeviceRig,
  WAIT,
  waitForHook,
  waitForPhase,
  type DeviceRig,
} from "./browser-fixture.js";

const CHANNEL = "sealed";

function sealedLayout(relayUrl: string, e2eeKey: string) {
  return {
    name: "Sealed",
    version: 1,
    connection: {
      url: relayUrl,
      e2eeKey,
      hub: "sealed-hub",
      identity: { name: "sealed-tablet", channel: CHANNEL, role: "controller" },
    },
    // No timeout revert within a test: only the hub's command_ack can end a pending command.
    state: { sync: true, acks: true, ackTimeoutMs: 600_000 },
    tabs: [
      {
        title: "Main",
        grid: { columns: 2, rows: 1 },
        children: [
          {
            type: "gauge",
            id: "temp",
            position: [0, 0],
            min: 0,
            max: 40,
            sync: [{ filter: { msg_type: "climate" }, valuePath: "room.temp" }],
          },
          {
            type: "toggle",
            id: "fan",
            position: [0, 1],
            label: "Fan",
            defaultValue: false,
            sync: [{ filter: { msg_type: "fan_state" }, valuePath: "on" }],
            action: { event: "broadcast_request", payload: { msg_type: "set_fan", on: "{{value}}" } },
          },
        ],
      },
    ],
  };
}

describe("an E2EE layout in a real browser against a hub holding the same key", () => {
  let rig: DeviceRig;
  let hub: Hub;
  let eavesdropper: MeshClient;
  const overheard: unknown[] = [];
  const layout = { value: {} as ReturnType<typeof sealedLayout> };

  beforeAll(async () => {
    rig = await startDeviceRig();
    layout.value = sealedLayout(rig.relay.url, randomBytes(32).toString("base64"));
    hub = await createHub({ layout: layout.value, url: rig.relay.url, onError: () => {} });
    // A member of the channel without the key: it must only ever see sealed envelopes.
    eavesdropper = quietClient({
      url: rig.relay.url,
      name: "eavesdropper",
      channel: CHANNEL,
      role: "viewer",
    });
    eavesdropper.onFrame((frame) => {
      if (frame.type === "broadcast") overheard.push(frame.payload);
    });
    await eavesdropper.connect();
  }, 180_000);

  afterAll(async () => {
    await eavesdropper?.close();
    await hub?.close();
    await rig?.close();
  });

  it("opens sealed snapshots and pushes, seals its commands, and the hub acks them", async () => {
    const commands: unknown[] = [];
    hub.on("fan", (_value, payload) => void commands.push((payload as { on?: unknown }).on));
    hub.set("temp", 21.5);

    const { page, errors } = await openPage(rig.browser, rig.server.url);
    await waitForHook(page);
    expect(await page.evaluate((doc) => window.__carter!.loadLayout(doc), layout.value)).toEqual({
      ok: true,
    });
    await waitForPhase(page, "connected");

    // The hub's state reaches the device only through the sealed control_snapshot.
    await page.waitForFunction(() => window.__carter!.values(["temp"]).temp === 21.5, undefined, WAIT);
    hub.set("temp", 23);
    await page.waitForFunction(
      () => document.querySelector('[data-control-id="temp"]')?.textContent?.includes("23") === true,
      undefined,
      WAIT,
    );

    await page.evaluate(() => {
      const cell = document.querySelector('[data-control-id="fan"]')!;
      const seen: boolean[] = [];
      (window as unknown as { pendingSeen: boolean[] }).pendingSeen = seen;
      new MutationObserver(() => seen.push(cell.hasAttribute("data-pending"))).observe(cell, {
        attributeFilter: ["data-pending"],
      });
    });
    await page.click('[data-control-id="fan"] [role="switch"]');
    await expect.poll(() => commands, WAIT).toEqual([true]);
    // Pending while the sealed command travels, settled by the sealed ack, keeping the new value.
    await page.waitForFunction(
      () => (window as unknown as { pendingSeen: boolean[] }).pendingSeen.join() === "true,false",
      undefined,
      WAIT,
    );
    expect(await page.evaluate(() => window.__carter!.values(["fan"]).fan)).toBe(true);
    expect(await page.locator('[data-control-id="fan"] [role="switch"]').getAttribute("aria-checked")).toBe(
      "true",
    );

    // Sync request, snapshot, pushes, the command and its ack all crossed the relay sealed.
    expect(overheard.length).toBeGreaterThanOrEqual(5);
    for (const payload of overheard) expect(isEnvelope(payload), JSON.stringify(payload)).toBe(true);
    expect(JSON.stringify(overheard)).not.toMatch(/set_fan|climate|control_s|command_ack/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a room-sealed notification (§7) opened with the room key, and drops a forged clear one", async () => {
    // Stands in for the gateway: a keyless member delivering what POST /alerts/notify delivers.
    const gateway = quietClient({
      url: rig.relay.url,
      name: "gateway-standin",
      channel: CHANNEL,
      role: "hub",
      canBroadcast: true,
    });
    await gateway.connect();
    const { page, errors } = await openPage(rig.browser, rig.server.url);
    await waitForHook(page);
    expect(await page.evaluate((doc) => window.__carter!.loadLayout(doc), layout.value)).toEqual({
      ok: true,
    });
    await waitForPhase(page, "connected");
    const placeholders = { msg_type: "notification", title: "CAR-TER", body: "New notification" };
    gateway.send("broadcast_request", { ...placeholders, notifId: "nforged" });
    const enc = createE2ee(layout.value.connection.e2eeKey, "room").seal({
      title: "Door open",
      body: "Bay 2, 10 min",
    });
    gateway.send("broadcast_request", { ...placeholders, notifId: "nroom1", data: { enc } });
    const toast = page.locator('[data-notif-id="nroom1"]');
    await toast.waitFor(WAIT);
    expect(await toast.textContent()).toContain("Door open");
    expect(await toast.textContent()).not.toContain("CAR-TER");
    expect(await page.locator('[data-notif-id="nforged"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
    await gateway.close();
  });
});
