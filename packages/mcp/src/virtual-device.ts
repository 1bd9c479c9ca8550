import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@carter/chromium";
import type { PairingPayload } from "@carter/kit";
import { ToolError } from "./tool.js";

/** What the web device's page hook (`window.__carter.state()`) reports, as far as we read it. */
interface DeviceState {
  phase: string;
  error?: string | null;
  name?: string | null;
  liveEdit: boolean;
}

declare const window: { __carter?: { state(): DeviceState } };

/**
 * `@carter/device/server`, loaded when a virtual device is first opened: the web device is an
 * optional peer of this package (every other tool works without it).
 */
async function deviceServer(): Promise<typeof import("@carter/device/server")> {
  try {
    return await import("@carter/device/server");
  } catch (error) {
    throw new ToolError(
      `open_virtual_device: the web device is not installed (npm install @carter/device): ${(error as Error).message}`,
    );
  }
}

/**
 * The web device, headless in Chromium, paired to the session's channel through the same pairing
 * payload a phone scans (`#pair=`): a live-edit session that waits for a pushed layout.
 */
export class VirtualDevice {
  private constructor(
    private readonly server: { close(): Promise<void> },
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
    const { startDeviceServer } = await deviceServer();
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
