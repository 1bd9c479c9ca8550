import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { developmentCertificate } from "@carter/relay/tls";
import { launchChromium } from "@carter/testing";
import { waitForPhase } from "../../device/src/app/browser-fixture.js";
import { DEMO } from "./layout.js";
import { startDemo, type RunningDemo } from "./start-demo.js";

const WAIT = { timeout: 30_000 };
/** Set to a directory to keep the phone screenshots the device README shows. */
const SHOTS = process.env.CARTER_SCREENSHOTS;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Keeps dispatching an absolute orientation, as Chromium on Android fires it, every 50 ms. */
function orient(page: Page, alpha: number): Promise<void> {
  return page.evaluate((a) => {
    setInterval(() => {
      dispatchEvent(
        new DeviceOrientationEvent("deviceorientation", { alpha: a, beta: 0, gamma: 0, absolute: true }),
      );
    }, 50);
  }, alpha);
}

describe("carter demo over HTTPS on a phone-sized browser", () => {
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    const tls = await developmentCertificate(
      mkdtempSync(join(tmpdir(), "carter-demo-https-")),
      "carter demo test",
    );
    demo = await startDemo({ host: "127.0.0.1", port: 0, relayPort: 0, intervalMs: 0, tls });
    // A phone accepts the development certificate once by hand; the test browser is told to.
    browser = await launchChromium(["--ignore-certificate-errors"]);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("serves the page over https, dials the relay over wss and installs its service worker", async () => {
    expect(demo.deviceUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?layout=https%3A%2F%2F/);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(demo.deviceUrl);
    await waitForPhase(page, "connected", WAIT);
    expect(sockets.some((url) => url.startsWith("wss://127.0.0.1:"))).toBe(true);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, WAIT);
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href;
      return (await (await fetch(href)).json()) as { display: string };
    });
    expect(manifest.display).toBe("standalone");
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "phone-demo-https.png") });
    await context.close();
  });

  it("shows the phone's heading on the compass and the hub hears it from the publisher", async () => {
    const context = await browser.newContext({
      ...PHONE,
      permissions: ["accelerometer", "gyroscope", "magnetometer"],
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(demo.deviceUrl);
    await waitForPhase(page, "connected", WAIT);
    const tab = demo.layout.tabs.findIndex((t) => t.title === "Heading");
    await page.evaluate((index) => window.__carter!.selectTab(index), tab);
    // The phone faces west: Chromium reports alpha 90 (counter-clockwise), a heading of 270°.
    await orient(page, 90);
    const consent = page.locator('.carter-sources [data-sensor="heading"]');
    await expect.poll(() => consent.getAttribute("data-state"), WAIT).toBe("needs-consent");
    await expect(consent.textContent()).resolves.toContain(`channel “${DEMO.channel}”`);
    expect(demo.demoHub.heading).toBeNull();
    // Nothing leaves the phone before the tap.
    const publisher = () => page.evaluate(() => window.__carter!.sources().publishers[0]);
    expect(await publisher()).toMatchObject({ sensor: "heading", state: "waiting", sent: 0 });
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "phone-heading-consent.png") });
    await consent.getByRole("button", { name: "Allow heading" }).tap();

    await page.waitForFunction(
      () => window.__carter!.values(["phone-compass"])["phone-compass"] === 270,
      undefined,
      WAIT,
    );
    await page.waitForFunction(
      () => window.__carter!.values(["phone-cardinal"])["phone-cardinal"] === "W",
      undefined,
      WAIT,
    );
    await expect.poll(() => demo.demoHub.heading, WAIT).toMatchObject({ heading: 270, cardinal: "W" });
    const device = demo.demoHub.heading!.device;
    expect(device).toMatch(/^web-/);
    // The round trip: the hub sets the label every device shows.
    await page.waitForFunction(
      (text) => window.__carter!.values(["hub-heading"])["hub-heading"] === text,
      `${device}: 270° W`,
      WAIT,
    );
    await expect.poll(() => consent.getAttribute("data-state"), WAIT).toBe("running");
    expect(await publisher()).toMatchObject({ state: "publishing", interval: DEMO.headingInterval });
    expect(errors).toEqual([]);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "phone-heading.png") });
    await context.close();
  });
});
