import { chromium, type Browser } from "playwright-core";

/** Debian's `chromium` package (CI installs it); `CARTER_CHROMIUM` points elsewhere. */
const CHROMIUM_PATH = process.env.CARTER_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Headless Chromium as root in a sandbox-less container with no network beyond loopback: without the
 * background-networking flags Chromium keeps dialing Google services that this machine refuses.
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/**
 * Launches the real headless Chromium every browser test and benchmark uses; `extraArgs` adds
 * switches (e.g. the fake camera for the camera control's tests).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
