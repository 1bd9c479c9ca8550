import type { Browser, Page } from "playwright-core";
import type { PairingPayload } from "@carter/kit";
import { startDeviceServer, type RunningDeviceServer } from "@carter/device/server";
import { launchChromium } from "@carter/testing";
import { ToolError } from "./tool.js";

// Also brings in the global `window.__carter` typing the page callbacks below use.
import type { CarterHook } from "@carter/device";

type DeviceState = ReturnType<CarterHook["state"]>;

/**
 * The web device, headless in Chromium, paired to the session's channel through the same pairing
 * payload a phone scans (`#pair=`): a live-edit session that waits for a pushed layout.
 */
export class VirtualDevice {
  private constructor(
    private readonly server: RunningDeviceServer,
    private readonly browser: Browser,
    readonly page: Page,
    readonly url: string,
    readonly name: string,
    readonly errors: string[],
  ) {}

  /** The device page URL for a pairing payload. */
  static pairingUrl(serverUrl: string, pairing: PairingPayload): string {
    return `${serverUrl}#pair=${encodeURIComponent(JSON.stringify(pairing))}`;
  }

  static async open(
    pairing: PairingPayload,
    options: { width: number; height: number; timeoutMs: number },
  ): Promise<VirtualDevice> {
    const server = await startDeviceServer({ port: 0, log: () => {} });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: options.width, height: options.height } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const url = VirtualDevice.pairingUrl(server.url, pairing);
      await page.goto(url);
      try {
        await page.waitForFunction(() => window.__carter?.state().phase === "connected", undefined, {
          timeout: options.timeoutMs,
        });
      } catch {
        const state = await page.evaluate(() => window.__carter?.state() ?? null);
        throw new ToolError(
          `open_virtual_device: the device did not connect to ${pairing.url} within ${options.timeoutMs} ms (phase ${state?.phase ?? "unknown"}${state?.error ? `: ${state.error}` : ""})`,
        );
      }
      const state = await page.evaluate(() => window.__carter!.state());
      return new VirtualDevice(server, browser, page, url, state.name ?? "", errors);
    } catch (error) {
      await browser?.close();
      await server.close();
      throw error;
    }
  }

  async state(): Promise<DeviceState> {
    return this.page.evaluate(() => window.__carter!.state());
  }

  async screenshot(): Promise<Buffer> {
    return this.page.screenshot({ fullPage: false });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
