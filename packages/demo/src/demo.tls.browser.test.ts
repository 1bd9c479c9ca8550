import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { developmentCertificate } from "@carter/relay/tls";
import { launchChromium } from "@carter/testing";
import { waitForPhase } from "../../device/src/app/browser-fixture.js";
import { startDemo, type RunningDemo } from "./start-demo.js";

const WAIT = { timeout: 30_000 };
/** Set to a directory to keep the phone screenshots the device README shows. */
const SHOTS = process.env.CARTER_SCREENSHOTS;

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
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
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
});
