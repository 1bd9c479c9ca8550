import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { createHub, type Hub } from "@carter/hub";
import { openPage, startDeviceRig, waitForPhase, WAIT, type DeviceRig } from "./browser-fixture.js";

const layout = (relayUrl: string) => ({
  name: "Porch",
  version: 1,
  connection: { url: relayUrl, identity: { name: "porch-phone", channel: "porch", role: "controller" } },
  tabs: [
    {
      title: "Main",
      grid: { columns: 2, rows: 8 },
      children: [
        { type: "chat", id: "talk", position: [0, 0], span: [4, 2] },
        {
          type: "compass",
          id: "heading",
          position: [5, 0],
          span: [3, 2],
          label: "Heading",
          sync: [{ method: "sensor", sensor: "heading" }],
        },
        {
          type: "label",
          id: "door",
          position: [4, 0],
          span: [1, 2],
          label: "Door",
          sync: [{ filter: { msg_type: "door" }, valuePath: "state" }],
        },
      ],
    },
  ],
  glance: {
    title: "Porch at a glance",
    hero: "heading",
    slots: ["door"],
    controls: [{ type: "label", id: "g-note", text: "glance only" }],
  },
});

/** Set to a directory to keep the phone screenshots the device README shows. */
const SHOTS = process.env.CARTER_SCREENSHOTS;

describe("the device with a hub: chat, notifications, offline start", () => {
  let rig: DeviceRig;
  let hub: Hub;
  let context: BrowserContext;
  const unhandled: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const layoutFile = join(mkdtempSync(join(tmpdir(), "carter-pwa-")), "layout.json");
    writeFileSync(layoutFile, "{}");
    rig = await startDeviceRig({ layout: layoutFile });
    writeFileSync(layoutFile, JSON.stringify(layout(rig.relay.url)));
    hub = await createHub({ layout: layout(rig.relay.url), url: rig.relay.url, name: "porch-hub" });
    hub.onBroadcast((payload) => void unhandled.push(payload as Record<string, unknown>));
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    context = await rig.browser.newContext();
    await context.grantPermissions(["notifications"], { origin: new URL(rig.server.url).origin });
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    await context?.close();
    await rig?.close();
  });

  it("chats both ways with a hub (§4.8)", async () => {
    const { page, errors } = await openPage(context, rig.server.url);
    await waitForPhase(page, "connected");
    const fromDevice = new Promise<unknown>((resolve) =>
      hub.on("chat_message", (_value, payload) => resolve(payload)),
    );
    hub.push("chat_message", {
      id: "c1",
      text: "Door left open",
      sender: { name: "porch-hub", role: "hub" },
      timestamp: "2031-05-02T18:22:05Z",
    });
    const chat = page.locator('[data-control-id="talk"]');
    await chat.locator('[data-message="c1"]', { hasText: "Door left open" }).waitFor(WAIT);
    await chat.locator(".cc-chat-input").fill("Closing it now");
    await chat.locator(".cc-chat-send").click();
    expect(await fromDevice).toMatchObject({
      msg_type: "chat_message",
      text: "Closing it now",
      sender: { name: "porch-phone" },
      id: expect.any(String),
      timestamp: expect.any(String),
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a notification (page and system) and sends the tapped action to the hub (§4.9)", async () => {
    const { page, errors } = await openPage(context, rig.server.url);
    await waitForPhase(page, "connected");
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    hub.client.send("broadcast_request", {
      msg_type: "notification",
      notifId: "n9c2f0a",
      title: "Garage",
      body: "The door is open",
      threadId: "garage",
      actions: [
        { id: "ack", title: "OK" },
        { id: "close", title: "Close it", destructive: true },
      ],
    });
    const toast = page.locator('[data-notif-id="n9c2f0a"]');
    await toast.waitFor(WAIT);
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.ready;
            return (await registration.getNotifications()).map((n) => ({
              title: n.title,
              body: n.body,
              tag: n.tag,
              actions: (n as Notification & { actions: { action: string }[] }).actions.map((a) => a.action),
            }));
          }),
        WAIT,
      )
      .toEqual([{ title: "Garage", body: "The door is open", tag: "n9c2f0a", actions: ["ack", "close"] }]);
    await toast.locator('[data-action-id="close"]').click();
    await expect
      .poll(() => unhandled.filter((p) => p.msg_type === "notif_action"), WAIT)
      .toEqual([{ msg_type: "notif_action", notifId: "n9c2f0a", actionId: "close", threadId: "garage" }]);
    await toast.waitFor({ state: "detached", ...WAIT });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the glance on a phone with the compass following the emulated heading (§11.5)", async () => {
    const phone = await rig.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const { page, errors } = await openPage(phone, rig.server.url);
    await waitForPhase(page, "connected");
    // Heading 90° (east): what a phone's absolute orientation sensor reports (alpha = 360 - 90).
    await page.evaluate(() =>
      window.dispatchEvent(
        new DeviceOrientationEvent("deviceorientationabsolute", {
          alpha: 270,
          beta: 0,
          gamma: 0,
          absolute: true,
        }),
      ),
    );
    await expect.poll(() => page.evaluate(() => window.__carter!.values(["heading"]).heading), WAIT).toBe(90);
    hub.set("door", "closed");
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "phone-layout.png") });
    await page.click(".carter-glance-toggle");
    const glance = page.locator('[data-glance="on"]');
    await glance.waitFor(WAIT);
    expect(await glance.locator(".carter-glance-title").innerText()).toBe("Porch at a glance");
    const cells = await glance
      .locator("[data-control-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-control-id")));
    expect(cells).toEqual(["heading", "door", "g-note"]);
    await expect.poll(() => glance.locator('[data-control-id="door"]').innerText(), WAIT).toContain("closed");
    expect(await page.locator(".carter-tabs").count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "phone-glance.png") });
    expect(errors).toEqual([]);
    await phone.close();
  });

  it("opens offline to its last layout after one load (service worker)", async () => {
    const { page } = await openPage(context, rig.server.url);
    await waitForPhase(page, "connected");
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, WAIT);
    await rig.server.close();
    await page.reload();
    await page.waitForFunction(() => window.__carter?.state().layout === "Porch", undefined, WAIT);
    await page.locator('[data-control-id="talk"]').waitFor(WAIT);
    await page.close();
  });
});
