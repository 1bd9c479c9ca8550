/**
 * Test support for the device's browser tests (not part of the package's API): a device server,
 * a relay that admits pages from it, a headless Chromium, and waits on `window.__carter`.
 */
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@carter/testing";
import { MeshClient, type MeshClientOptions } from "@carter/client";
import { startRelay, type RelayOptions, type RunningRelay } from "@carter/relay";
import type { LinkPhase } from "../engine/link.js";
// Also brings in the global `window.__carter` typing the page callbacks here and in the tests use.
import type { CarterHook } from "../index.js";
import { startDeviceServer, type RunningDeviceServer } from "../server/index.js";

/** How long a test waits for the page to reach a state on a loaded machine. */
export const WAIT = { timeout: 20_000 };

export interface DeviceRig {
  server: RunningDeviceServer;
  relay: RunningRelay;
  browser: Browser;
  /** Closes the browser, the relay and the server. */
  close(): Promise<void>;
}

export interface DeviceRigOptions {
  /** What the device server serves as /layout.json (a file path is re-read on every request). */
  layout?: unknown;
  /** Over the rig's defaults: ephemeral port, silent, admitting the device server's origin. */
  relay?: RelayOptions;
  /** Extra Chromium switches. */
  chromiumArgs?: readonly string[];
}

/** A device server, a relay that admits pages served by it, and a headless Chromium. */
export async function startDeviceRig(options: DeviceRigOptions = {}): Promise<DeviceRig> {
  const server = await startDeviceServer({ port: 0, layout: options.layout, log: () => {} });
  let relay: RunningRelay | undefined;
  try {
    relay = await startRelay({
      port: 0,
      allowedOrigins: [new URL(server.url).origin],
      logLevel: "silent",
      ...options.relay,
    });
    const browser = await launchChromium(options.chromiumArgs);
    const started = relay;
    return {
      server,
      relay,
      browser,
      close: async () => {
        await browser.close();
        await started.close();
        await server.close();
      },
    };
  } catch (error) {
    await relay?.close();
    await server.close();
    throw error;
  }
}

/** A client of the test's own (hub, monitor, eavesdropper) that keeps its debug and info lines quiet. */
export function quietClient(options: MeshClientOptions): MeshClient {
  return new MeshClient({ ...options, logger: { debug: () => {}, info: () => {} } });
}

/** Opens `url` in a new page of `host`, collecting the page's uncaught errors. */
export async function openPage(
  host: { newPage(): Promise<Page> },
  url: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await host.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** Waits until the app has installed `window.__carter`. */
export async function waitForHook(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__carter !== undefined, undefined, WAIT);
}

/** Waits until the device's link reaches `phase`. */
export async function waitForPhase(page: Page, phase: LinkPhase, wait = WAIT): Promise<void> {
  await page.waitForFunction((wanted) => window.__carter?.state().phase === wanted, phase, wait);
}

/** The device's state as `window.__carter.state()` reports it. */
export function deviceState(page: Page): Promise<ReturnType<CarterHook["state"]>> {
  return page.evaluate(() => window.__carter!.state());
}
