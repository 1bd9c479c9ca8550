import { existsSync } from "node:fs";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/** Debian's `chromium` package (what CI installs). */
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * Headless Chromium as root in a sandbox-less container with no network beyond loopback: without the
 * background-networking flags Chromium keeps dialing Google services that such a machine refuses.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/**
 * Which browser {@link launchChromium} starts: `CARTER_CHROMIUM` (an executable path) when set,
 * else Debian's `/usr/bin/chromium` when present, else an installed Google Chrome (Playwright's
 * `chrome` channel, found where each OS installs it).
 */
export function chromiumTarget(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): Pick<LaunchOptions, "executablePath" | "channel"> {
  if (env.CARTER_CHROMIUM) return { executablePath: env.CARTER_CHROMIUM };
  if (exists(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM };
  return { channel: "chrome" };
}

/**
 * Launches headless Chromium (see {@link chromiumTarget}); `extraArgs` adds switches (e.g. the fake
 * camera for the camera control's tests). A browser that cannot start is named in the error.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const target = chromiumTarget();
  try {
    return await chromium.launch({ ...target, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
  } catch (error) {
    const which = target.executablePath ?? "Google Chrome (no /usr/bin/chromium)";
    throw new Error(
      `cannot start headless Chromium (${which}): ${(error as Error).message.split("\n")[0]}; set CARTER_CHROMIUM to a Chromium or Chrome executable`,
    );
  }
}
