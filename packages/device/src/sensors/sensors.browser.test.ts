import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshClient } from "@carter/client";
import { isObject } from "../engine/json.js";
import {
  quietClient,
  startDeviceRig,
  WAIT,
  waitForHook,
  waitForPhase,
  type DeviceRig,
} from "../app/browser-fixture.js";

const CHANNEL = "field";

function sensorLayout(relayUrl: string) {
  return {
    name: "Field kit",
    version: 1,
    connection: {
      url: relayUrl,
      identity: { name: "phone-1", channel: CHANNEL, role: "controller", canBroadcast: true },
    },
    publishers: [
      { sensor: "heading", interval: 0.25 },
      { sensor: "location", interval: 1 },
    ],
    tabs: [
      {
        title: "Sensors",
        grid: { columns: 2, rows: 4 },
        children: [
          { type: "compass", id: "dir", position: [0, 0], sync: [{ method: "sensor", sensor: "heading" }] },
          {
            type: "label",
            id: "card",
            position: [0, 1],
            sync: [{ method: "sensor", sensor: "heading.cardinal" }],
          },
          {
            type: "gauge",
            id: "pitch",
            position: [1, 0],
            min: -90,
            max: 90,
            sync: [{ method: "sensor", sensor: "motion" }],
          },
          {
            type: "label",
            id: "lat",
            position: [1, 1],
            sync: [{ method: "sensor", sensor: "location.latitude" }],
          },
          { type: "gauge", id: "baro", position: [2, 0], sync: [{ method: "sensor", sensor: "barometer" }] },
          {
            type: "gauge",
            id: "batt",
            position: [2, 1],
            sync: [{ method: "sensor", sensor: "device.battery" }],
          },
          { type: "gauge", id: "loud", position: [3, 0], sync: [{ method: "sensor", sensor: "audio" }] },
        ],
      },
    ],
  };
}

interface SensorFrame {
  at: number;
  payload: Record<string, unknown>;
}

/** Keeps dispatching an absolute orientation (as Chromium on Android fires it) until stopped. */
function orient(page: Page, alpha: number, beta: number, gamma: number): Promise<void> {
  return page.evaluate(
    ([a, b, g]) => {
      const w = window as Window & { __orient?: ReturnType<typeof setInterval> };
      clearInterval(w.__orient);
      w.__orient = setInterval(() => {
        dispatchEvent(
          new DeviceOrientationEvent("deviceorientation", { alpha: a, beta: b, gamma: g, absolute: true }),
        );
      }, 50);
    },
    [alpha, beta, gamma] as const,
  );
}

function chip(page: Page, pipeline: string) {
  return page.locator(`.carter-sources [data-sensor="${pipeline}"]`);
}

describe("sensors and publishers in a real browser", () => {
  let rig: DeviceRig;
  let hub: MeshClient;
  let context: BrowserContext;
  let page: Page;
  const frames: SensorFrame[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    rig = await startDeviceRig({
      chromiumArgs: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
    });
    hub = quietClient({ url: rig.relay.url, name: "field-hub", channel: CHANNEL, role: "hub" });
    hub.onFrame((frame) => {
      if (frame.type === "broadcast" && isObject(frame.payload) && frame.payload.msg_type === "sensor")
        frames.push({ at: Date.now(), payload: frame.payload });
    });
    await hub.connect();
    context = await rig.browser.newContext({
      permissions: ["geolocation", "microphone", "accelerometer", "gyroscope", "magnetometer"],
      geolocation: { latitude: 51.4779, longitude: -0.0015, accuracy: 8 },
    });
    page = await context.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(rig.server.url);
    await waitForHook(page);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await hub?.close();
    await rig?.close();
  });

  it("asks consent once per pipeline, feeds sensor syncs and reports what the browser lacks", async () => {
    await page.evaluate((doc) => window.__carter!.loadLayout(doc), sensorLayout(rig.relay.url));
    await waitForPhase(page, "connected");
    await orient(page, 90, 12.5, -4);

    // Barometer has no browser API: reported, never simulated.
    await expect.poll(() => chip(page, "barometer").getAttribute("data-state"), WAIT).toBe("unavailable");
    await expect
      .poll(() => page.locator('[data-control-id="baro"] [data-source-problem]').textContent(), WAIT)
      .toMatch(/barometer unavailable: browsers have no barometer API/);
    expect(await page.evaluate(() => window.__carter!.values(["baro"]).baro)).toBeUndefined();

    // Heading is published, location prompts and is published, audio prompts: each asks first.
    // Chromium, like iOS Safari, has DeviceOrientationEvent.requestPermission: motion waits for a tap too.
    for (const pipeline of ["heading", "motion", "location", "audio"]) {
      await expect.poll(() => chip(page, pipeline).getAttribute("data-state"), WAIT).toBe("needs-consent");
    }
    await expect(chip(page, "heading").textContent()).resolves.toContain(
      `Share your compass heading with channel “${CHANNEL}”`,
    );
    await expect
      .poll(() => page.locator('[data-control-id="lat"] [data-source-problem]').textContent(), WAIT)
      .toMatch(/location: waiting for your tap/);
    expect(frames).toEqual([]);

    for (const pipeline of ["heading", "motion", "location", "audio"])
      await chip(page, pipeline)
        .getByRole("button", { name: `Allow ${pipeline}` })
        .click();

    await page.waitForFunction(() => window.__carter!.values(["pitch"]).pitch === 12.5, undefined, WAIT);
    await page.waitForFunction(() => window.__carter!.values(["dir"]).dir === 270, undefined, WAIT);
    await page.waitForFunction(() => window.__carter!.values(["card"]).card === "W", undefined, WAIT);
    await page.waitForFunction(() => window.__carter!.values(["lat"]).lat === 51.4779, undefined, WAIT);
    // Chromium's fake microphone plays a tone: a real level comes through the analyser.
    await page.waitForFunction(() => (window.__carter!.values(["loud"]).loud as number) > 0, undefined, WAIT);

    const battery = await page.evaluate(() => "getBattery" in navigator);
    await expect
      .poll(() => chip(page, "device").getAttribute("data-state"), WAIT)
      .toBe(battery ? "running" : "unavailable");

    const sensors = await page.evaluate(() => window.__carter!.sources().sensors);
    expect(Object.fromEntries(sensors.map((s) => [s.pipeline, [s.state, s.publishing]]))).toEqual({
      heading: ["running", true],
      motion: ["running", false],
      location: ["running", true],
      barometer: ["unavailable", false],
      device: [battery ? "running" : "unavailable", false],
      audio: ["running", false],
    });
    expect(errors).toEqual([]);
  });

  it("publishes readings over the mesh at the configured rates, in the spec's frame shape", async () => {
    const heading = () => frames.filter((f) => f.payload.sensor === "heading");
    const location = () => frames.filter((f) => f.payload.sensor === "location");
    await expect.poll(() => heading().length > 0 && location().length > 0, WAIT).toBe(true);
    const start = Date.now();
    const [h0, l0] = [heading().length, location().length];
    const windowMs = 4000;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const elapsed = (Date.now() - start) / 1000;
    const [h, l] = [heading().length - h0, location().length - l0];
    // 0.25 s and 1 s periods, with generous bounds (a loaded machine delays timers, the relay may
    // deliver in bursts); orientation events arrive every 50 ms, so a publisher that forwarded
    // every reading would send 80 heading frames here.
    expect(h).toBeGreaterThanOrEqual(Math.floor((elapsed / 0.25) * 0.4));
    expect(h).toBeLessThanOrEqual(Math.ceil((elapsed / 0.25) * 1.5) + 3);
    expect(l).toBeGreaterThanOrEqual(Math.floor(elapsed * 0.4));
    expect(l).toBeLessThanOrEqual(Math.ceil(elapsed * 1.5) + 3);

    const lastHeading = heading().at(-1)!.payload;
    expect(lastHeading).toEqual({
      msg_type: "sensor",
      sensor: "heading",
      device: "phone-1",
      ts_ms: expect.any(Number),
      value: 270,
      magnetic: 270,
      cardinal: "W",
    });
    expect(Math.abs((lastHeading.ts_ms as number) - Date.now())).toBeLessThan(60_000);
    // Chromium's emulated position has no speed: `value` (km/h) is null, never invented.
    expect(location().at(-1)!.payload).toEqual({
      msg_type: "sensor",
      sensor: "location",
      device: "phone-1",
      ts_ms: expect.any(Number),
      value: null,
      latitude: 51.4779,
      longitude: -0.0015,
      accuracy: 8,
    });
    // The phone moves: the next location frames carry the new fix.
    await context.setGeolocation({ latitude: 48.8584, longitude: 2.2945, accuracy: 5 });
    await expect.poll(() => location().at(-1)!.payload.latitude, WAIT).toBe(48.8584);
    await page.waitForFunction(() => window.__carter!.values(["lat"]).lat === 48.8584, undefined, WAIT);
    // Motion and audio are on screen only: no publisher, nothing on the wire.
    expect(frames.some((f) => f.payload.sensor === "motion" || f.payload.sensor === "audio")).toBe(false);

    const publishers = await page.evaluate(() => window.__carter!.sources().publishers);
    expect(publishers.map((p) => [p.sensor, p.interval, p.state])).toEqual([
      ["heading", 0.25, "publishing"],
      ["location", 1, "publishing"],
    ]);
    expect(publishers[0].sent).toBeGreaterThanOrEqual(h);
  });

  it("remembers consent for the layout: a reload starts the pipelines without asking", async () => {
    await page.reload();
    await waitForHook(page);
    await page.evaluate((doc) => window.__carter!.loadLayout(doc), sensorLayout(rig.relay.url));
    await orient(page, 0, 0, 0);
    await page.waitForFunction(() => window.__carter!.values(["dir"]).dir === 0, undefined, WAIT);
    for (const pipeline of ["heading", "motion", "location", "audio"])
      await expect.poll(() => chip(page, pipeline).getAttribute("data-state"), WAIT).toBe("running");
    expect(errors).toEqual([]);
  });

  it("a refused pipeline stays refused and its controls say so", async () => {
    const fresh = await rig.browser.newContext();
    const other = await fresh.newPage();
    await other.goto(rig.server.url);
    await waitForHook(other);
    await other.evaluate((doc) => window.__carter!.loadLayout(doc), sensorLayout(rig.relay.url));
    await chip(other, "location").getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => chip(other, "location").getAttribute("data-state"), WAIT).toBe("denied");
    await expect
      .poll(() => other.locator('[data-control-id="lat"] [data-source-problem]').textContent(), WAIT)
      .toMatch(/location denied/);
    await fresh.close();
  });
});
