import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MeshClient } from "@carter/client";
import { startRelay, type AuthDecision, type RunningRelay } from "@carter/relay";
import { startDeviceServer, type RunningDeviceServer } from "../server/index.js";
import type { CarterHook } from "./hook.js";

declare const window: { __carter?: CarterHook };

const WAIT = { timeout: 20_000 };
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
  let relay: RunningRelay;
  let server: RunningDeviceServer;
  let browser: Browser;
  let monitor: MeshClient;
  let page: Page;
  const held: ((decision: AuthDecision) => void)[] = [];
  const attempts: string[] = [];

  beforeAll(async () => {
    server = await startDeviceServer({ port: 0, log: () => {} });
    relay = await startRelay({
      port: 0,
      allowedOrigins: [new URL(server.url).origin],
      logLevel: "silent",
      auth: (token) => {
        attempts.push(token);
        if (token === "hold") return new Promise<AuthDecision>((resolve) => held.push(resolve));
        if (token === "park") return { outcome: "parked" };
        if (token === "wrong") return { outcome: "refused", reason: "bad token" };
        return { outcome: "admitted" };
      },
    });
    monitor = new MeshClient({
      url: relay.url,
      token: "ok",
      name: "monitor",
      channel: CHANNEL,
      role: "editor",
      canMonitor: true,
      logger: { debug: () => {}, info: () => {} },
    });
    await monitor.connect();
    browser = await launchChromium();
  }, 180_000);

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await monitor?.close();
    await relay?.close();
    await server?.close();
  });

  async function open(): Promise<Page> {
    page = await browser.newPage();
    await page.clock.install();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__carter !== undefined, undefined, WAIT);
    return page;
  }

  const pill = () => page.locator(".carter-status");
  const waitPhase = (phase: string) =>
    page.waitForFunction((wanted) => window.__carter!.state().phase === wanted, phase, WAIT);
  const rosterNames = async () => (await monitor.nodes()).map((member) => member.name);

  it("shows awaiting gateway while admission is pending, and connected only once in the roster", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(relay.url, "held-tablet", "hold"),
    );
    await waitPhase("awaiting");
    expect(await pill().getAttribute("data-phase")).toBe("awaiting");
    expect(await pill().innerText()).toContain("awaiting gateway…");
    expect(await rosterNames()).not.toContain("held-tablet");

    await expect.poll(() => held.length, WAIT).toBe(1);
    held.shift()!({ outcome: "admitted" });
    await waitPhase("connected");
    // The relay registers a member before it sends `welcome`: connected implies in the roster.
    expect(await rosterNames()).toContain("held-tablet");
    expect(await pill().innerText()).toContain(`connected · ${CHANNEL}`);
  });

  it("shows parked when the gateway keeps the socket but never admits it", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(relay.url, "parked-tablet", "park"),
    );
    await waitPhase("awaiting");
    // The client's admission window (10 s) runs on the page clock.
    await page.clock.fastForward(11_000);
    await waitPhase("parked");
    expect(await pill().innerText()).toContain("parked");
    expect(await pill().innerText()).not.toContain("connected");
    expect(await rosterNames()).not.toContain("parked-tablet");
    expect(await pill().locator("button", { hasText: "retry" }).count()).toBe(1);
  });

  it("shows failed with the relay's reason when admission is refused, and retry dials again", async () => {
    await open();
    await page.evaluate(
      (layout) => window.__carter!.loadLayout(layout),
      statusLayout(relay.url, "refused-tablet", "wrong"),
    );
    await waitPhase("failed");
    expect(await pill().innerText()).toMatch(/failed[\s\S]*bad token[\s\S]*retrying in \d+ s/);
    expect(await page.evaluate(() => window.__carter!.state().detail)).toContain("code 1008");
    expect(await rosterNames()).not.toContain("refused-tablet");

    // With the page clock paused the client's own backoff cannot redial: only retry can.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1));
    const before = attempts.filter((token) => token === "wrong").length;
    await pill().locator("button", { hasText: "retry" }).click();
    await expect.poll(() => attempts.filter((token) => token === "wrong").length, WAIT).toBe(before + 1);
    await waitPhase("failed");
  });
});
