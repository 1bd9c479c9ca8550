import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { getControlDoc, listControls } from "../packages/kit/src/index.js";
import { startDeviceServer } from "../packages/device/src/server/index.js";
import { launchChromium } from "../packages/testing/src/index.js";
// The page callbacks below use the device's `window.__carter` typing.
import type {} from "../packages/device/src/index.js";

/**
 * Screenshots of every control type for the layout reference: each type's catalog example, alone
 * in a layout, as the web device renders it in headless Chromium (the same examples the device's
 * catalog browser test checks render without a placeholder). Writes `<dir>/<type>.png`; returns
 * the types captured.
 */
export async function captureControlScreenshots(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const server = await startDeviceServer({ port: 0, log: () => {} });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 480, height: 480 }, colorScheme: "dark" });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__carter !== undefined, undefined, { timeout: 60_000 });
    const captured: string[] = [];
    for (const { type } of listControls()) {
      const example = { ...getControlDoc(type).example, position: [0, 0], span: [4, 4] };
      const layout = {
        name: type,
        version: 1,
        tabs: [{ title: type, grid: { columns: 4, rows: 4 }, children: [example] }],
      };
      const loaded = await page.evaluate((l) => window.__carter!.loadLayout(l), layout);
      if (!loaded.ok)
        throw new Error(`${type}: the catalog example does not load: ${JSON.stringify(loaded)}`);
      const control = page.locator(`[data-control-type="${type}"]`).first();
      await control.waitFor({ state: "visible", timeout: 20_000 });
      await control.screenshot({ path: join(dir, `${type}.png`), animations: "disabled" });
      captured.push(type);
    }
    return captured;
  } finally {
    await browser.close();
    await server.close();
  }
}
