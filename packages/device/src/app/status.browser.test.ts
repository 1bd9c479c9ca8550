import { type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MeshClient } from "@carter/client";
import type { AuthDecision } from "@carter/relay";
import {
  deviceState,
  quietClient,
  startDeviceRig,
  WAIT,
  waitForHook,
  waitForPhase,
  type DeviceRig,
} from "./browser-fixture.js";

const CHANNEL = "status";

function statusLayout(relayUrl: string, name: string, token: string) {
  return {
    name: "Status",
    version: 1,
    connection: { url: relayUrl, token, identity: { name, channel: CHANNEL, role: "viewer" } },
    tabs: [
      {
        title: "Main",
        grid: { columns: 1, rows: 1 },
        children: [{ type: "label", id: "l", position: [0, 0], text: "status" }],
      },
    ],
  };
}

/**
 * The status pill against a gateway-like relay whose admission the test decides per token: held
 * (the device waits for `welcome`), parked (never admitted), refused, or admitted.
 */
describe("connection status in a real browser, phase by phase", () => {
  let rig: DeviceRig;
  let monitor: MeshClient;
  let page: Page;
  const held: ((decision: AuthDecision) => void)[] = [];
  const attempts: string[] = [];

  beforeAll(async () => {
    rig = await startDeviceRig({
      relay: {
        auth: (token) => {
          attempts.push(token);
          if (token === "hold") return new Promise<AuthDecision>((resolve) => held.push(resolve));
          if (token === "park") return { outcome: "parked" };
          if (token === "wrong") return { outcome: "refused", reason: "bad token" };
          return { outcome: "admitted" };
        },
      },
    });
    monitor = quietClient({
      url: rig.relay.url,
      token: "ok",
      name: "monitor",
      channel: CHANNEL,
      role: "editor",
      canMonitor: true,
    });
    await monitor.connect();
  }, 180_000);

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await monitor?.close();
    await rig?.close();
  });

  async function open(): Promise<Page> {
    page = await rig.browser.newPage();
    await page.clock.install();
    await page.goto(rig.server.url);
    await waitForHook(page);
    return page;
  }

  const pill = () => page.locator(".carter-status");
  const rosterNames = async () => (await monitor.nodes()).map((member) => member.name);

  it("shows awaiting gateway while admission is pending, and connected only once in the roster", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(rig.relay.url, "held-tablet", "hold"),
    );
    await waitForPhase(page, "awaiting");
    expect(await pill().getAttribute("data-phase")).toBe("awaiting");
    expect(await pill().innerText()).toContain("awaiting gateway…");
    expect(await rosterNames()).not.toContain("held-tablet");

    await expect.poll(() => held.length, WAIT).toBe(1);
    held.shift()!({ outcome: "admitted" });
    await waitForPhase(page, "connected");
    // The relay registers a member before it sends `welcome`: connected implies in the roster.
    expect(await rosterNames()).toContain("held-tablet");
    expect(await pill().innerText()).toContain(`connected · ${CHANNEL}`);
  });

  it("shows parked when the gateway keeps the socket but never admits it", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(rig.relay.url, "parked-tablet", "park"),
    );
    await waitForPhase(page, "awaiting");
    // The client's admission window (10 s) runs on the page clock.
    await page.clock.fastForward(11_000);
    await waitForPhase(page, "parked");
    expect(await pill().innerText()).toContain("parked");
    expect(await pill().innerText()).not.toContain("connected");
    expect(await rosterNames()).not.toContain("parked-tablet");
    expect(await pill().locator("button", { hasText: "retry" }).count()).toBe(1);
  });

  it("shows failed with the relay's reason when admission is refused, and retry dials again", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(rig.relay.url, "refused-tablet", "wrong"),
    );
    await waitForPhase(page, "failed");
    expect(await pill().innerText()).toMatch(/failed[\s\S]*bad token[\s\S]*retrying in \d+ s/);
    expect((await deviceState(page)).detail).toContain("code 1008");
    expect(await rosterNames()).not.toContain("refused-tablet");

    // With the page clock paused the client's own backoff (≥ 1.6 s) cannot redial: only retry can.
    // The pause lands a little ahead of the page's time: by the time it arrives the page clock has
    // moved on, and pausing in its past throws ("Cannot fast-forward to the past") on a busy machine.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 250));
    const before = attempts.filter((token) => token === "wrong").length;
    await pill().locator("button", { hasText: "retry" }).click();
    await expect.poll(() => attempts.filter((token) => token === "wrong").length, WAIT).toBe(before + 1);
    await waitForPhase(page, "failed");
  });
});
