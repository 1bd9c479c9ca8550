import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MeshClient } from "@carter/client";
import type { JsonObject } from "@carter/kit";
import {
  deviceState,
  openPage,
  quietClient,
  WAIT,
  waitForPhase,
} from "../../device/src/app/browser-fixture.js";
import { DEMO } from "./layout.js";
import { startDemo, type RunningDemo } from "./start-demo.js";
import type { SystemSample } from "./system.js";

/** Where each run keeps its screenshot (git-ignored). */
const ARTIFACTS = join(process.cwd(), "test-results", "demo");

function sample(cpu: number): SystemSample {
  const cores = cpus().map((_, index) => 10 + index);
  return {
    cpu,
    cores,
    memory: { percent: 61, usedBytes: 5 * 1024 ** 3, totalBytes: 8 * 1024 ** 3 },
    load: [0.5, 0.25, 0.75],
    uptimeSeconds: 3723,
    host: "test-host",
  };
}

/** Selectors of every control and group a tab declares, through groups. */
function cellsOf(children: unknown[]): string[] {
  const cells: string[] = [];
  for (const child of children as JsonObject[]) {
    if (child.type === "group") cells.push(`[data-group-id="${String(child.id)}"]`);
    else cells.push(`[data-control-id="${String(child.id)}"]`);
    if (Array.isArray(child.children)) cells.push(...cellsOf(child.children));
  }
  return cells;
}

describe("carter demo in a real browser", () => {
  let demo: RunningDemo;
  let browser: Browser;
  let spectator: MeshClient;
  const broadcasts: JsonObject[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    demo = await startDemo({ host: "127.0.0.1", port: 0, relayPort: 0, intervalMs: 0 });
    demo.demoHub.publish(sample(42));
    spectator = quietClient({
      url: demo.relayUrl,
      token: demo.token,
      name: "spectator",
      channel: DEMO.channel,
      role: "dashboard",
      canRoute: true,
    });
    spectator.onFrame((frame) => {
      if (frame.type === "broadcast" && typeof frame.payload === "object" && frame.payload !== null)
        broadcasts.push(frame.payload as JsonObject);
    });
    await spectator.connect();
    browser = await launchChromium();
  }, 180_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await spectator?.close();
    await demo?.close();
  });

  /** A fresh browser (its own device name) on the demo page, connected. */
  async function openDevice(): Promise<{ page: Page; name: string; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 560 }, deviceScaleFactor: 2 });
    contexts.push(context);
    const { page, errors } = await openPage(context, demo.deviceUrl);
    await waitForPhase(page, "connected");
    const name = (await deviceState(page)).name!;
    return { page, name, errors };
  }

  const valueOf = (page: Page, id: string) =>
    page.evaluate((controlId) => window.__carter!.values([controlId])[controlId], id);
  const textOf = (page: Page, id: string) => page.locator(`[data-control-id="${id}"]`).innerText();

  async function selectTab(page: Page, index: number): Promise<void> {
    await page.evaluate((tab) => window.__carter!.selectTab(tab), index);
    await page.waitForFunction((tab) => window.__carter!.state().activeTab === tab, index, WAIT);
  }

  it("renders every tab of the demo layout with no placeholder control", async () => {
    const { page, errors } = await openDevice();
    const tabs = demo.layout.tabs;
    expect(tabs.map((tab) => tab.title)).toEqual(["System", "Controls", "Docs", "Heading", "Log"]);
    const coreIds = cpus().map((_, index) => `core-${index}`);
    for (const [index, tab] of tabs.entries()) {
      await selectTab(page, index);
      const cells = [
        ...cellsOf(tab.children ?? []),
        ...(index === 0 ? coreIds.map((id) => `[data-control-id="${id}"]`) : []),
      ];
      for (const cell of cells) await page.locator(cell).waitFor(WAIT);
      expect(await page.locator('[data-control="unknown"], [data-control="failed"]').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it("shows hub pushes in the gauge, the sparkline and the labels", async () => {
    const { page } = await openDevice();
    await expect.poll(() => valueOf(page, "cpu-history"), WAIT).toBeDefined();
    const history = (await valueOf(page, "cpu-history")) as number[];
    demo.demoHub.publish(sample(57));
    await expect.poll(() => textOf(page, "cpu"), WAIT).toContain("57%");
    await expect.poll(() => valueOf(page, "cpu-history"), WAIT).toEqual([...history, 57]);
    demo.demoHub.publish(sample(63));
    await expect.poll(() => valueOf(page, "cpu-history"), WAIT).toEqual([...history, 57, 63]);
    await expect.poll(() => textOf(page, "cpu-history"), WAIT).toContain("63");
    expect(await textOf(page, "load")).toContain("load 0.50 · 0.25 · 0.75");
    expect(await textOf(page, "uptime")).toContain("up 1h 2m");
    expect(await textOf(page, "memory")).toContain("61%");
    await expect.poll(() => valueOf(page, "core-0"), WAIT).toBe(10);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "demo-system.png") });
  });

  it("delivers a button tap and a slider drag to the hub with native types", async () => {
    const { page, name } = await openDevice();
    await selectTab(page, 1);
    const received: { msgType: string | null; value: unknown; from: string | null }[] = [];
    demo.demoHub.hub.on(
      "ping",
      (value, _payload, meta) => void received.push({ msgType: meta.msgType, value, from: meta.from }),
    );
    demo.demoHub.hub.on(
      "level",
      (value, _payload, meta) => void received.push({ msgType: meta.msgType, value, from: meta.from }),
    );
    const pingsBefore = demo.demoHub.state.pings;

    await page.click('[data-control-id="ping"] button');
    await expect
      .poll(() => received.find((r) => r.msgType === DEMO.commands.ping), WAIT)
      .toMatchObject({ from: name });
    await expect.poll(() => textOf(page, "pings"), WAIT).toContain(`Pings: ${pingsBefore + 1}`);

    const range = page.locator('[data-control-id="level"] input[type="range"]');
    const box = (await range.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => received.find((r) => r.msgType === DEMO.commands.level), WAIT).toBeDefined();
    const level = received.find((r) => r.msgType === DEMO.commands.level)!;
    expect(typeof level.value).toBe("number");
    expect(level.value as number).toBeGreaterThan(50);
    expect(demo.demoHub.state.level).toBe(level.value);
    await expect.poll(() => valueOf(page, "level"), WAIT).toBe(level.value);
    await expect.poll(() => textOf(page, "summary"), WAIT).toContain(`level ${String(level.value)}`);
  });

  it("reverts an acked command the hub refuses (ok:false)", async () => {
    const { page, name } = await openDevice();
    await selectTab(page, 1);
    await expect.poll(() => valueOf(page, "mode"), WAIT).toBe("normal");
    const from = broadcasts.length;

    await page.click('[data-control-id="mode"] button:has-text("turbo")');
    await expect
      .poll(() => broadcasts.slice(from).find((p) => p.msg_type === "command_ack" && p.to === name), WAIT)
      .toMatchObject({ ok: false });
    const command = broadcasts.slice(from).find((p) => p.msg_type === DEMO.commands.mode);
    expect(command).toMatchObject({ value: "turbo", _from: name });
    await expect.poll(() => valueOf(page, "mode"), WAIT).toBe("normal");
    await expect
      .poll(
        () => page.getAttribute('[data-control-id="mode"] button:has-text("normal")', "aria-checked"),
        WAIT,
      )
      .toBe("true");
    expect(demo.demoHub.state.mode).toBe("normal");

    await page.click('[data-control-id="mode"] button:has-text("eco")');
    await expect
      .poll(
        () =>
          broadcasts.slice(from).find((p) => p.msg_type === "command_ack" && p.to === name && p.ok === true),
        WAIT,
      )
      .toBeDefined();
    await expect.poll(() => valueOf(page, "mode"), WAIT).toBe("eco");
    expect(demo.demoHub.state.mode).toBe("eco");
  });

  it("opens a graph node's page, fetched from the hub by routed request", async () => {
    const { page } = await openDevice();
    await selectTab(page, 2);
    await page.click('[data-control-id="actors"] [data-node="relay"]');
    const body = page.locator('[data-control-id="actors"] .cc-sheet-body');
    await body.waitFor(WAIT);
    expect(await body.innerText()).toContain("MeshSocket");
    expect(await page.locator('[data-control-id="actors"] .cc-sheet-title').innerText()).toBe("The relay");
  });

  it("refuses a layout routed as apply-layout by a channel member: live editing needs a pairing", async () => {
    const { page, name } = await openDevice();
    const before = (await deviceState(page)).layout;
    const pushed = {
      name: "Pushed",
      version: 1,
      tabs: [
        {
          title: "Only",
          icon: "gauge",
          grid: { columns: 2, rows: 2 },
          children: [{ type: "label", id: "hello", position: [0, 0], text: "pushed by a test" }],
        },
      ],
    };
    const reply = await spectator.route({ name }, "apply-layout", pushed, { timeout: 10_000 });
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining("not in a live-edit session") });
    expect((await deviceState(page)).layout).toBe(before);
  });

  it("survives a relay restart and re-syncs the hub's state", async () => {
    const { page } = await openDevice();
    await selectTab(page, 1);
    const sentSyncRequests: unknown[] = [];
    page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { type?: string; payload?: { msg_type?: string } };
        if (frame.type === "broadcast_request" && frame.payload?.msg_type === "control_sync_request")
          sentSyncRequests.push(frame.payload);
      }),
    );

    await demo.stopRelay();
    await page.waitForFunction(() => window.__carter!.state().phase !== "connected", undefined, WAIT);
    // Changed while no relay runs: only the snapshot after reconnecting can carry it.
    demo.demoHub.update({ count: 17 });
    await demo.startRelay();

    await waitForPhase(page, "connected", { timeout: 60_000 });
    await expect.poll(() => sentSyncRequests.length, WAIT).toBeGreaterThan(0);
    await expect.poll(() => valueOf(page, "count"), WAIT).toBe(17);
    await expect.poll(() => textOf(page, "count"), WAIT).toContain("17");
  }, 120_000);
});
