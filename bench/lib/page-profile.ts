import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

/**
 * BENCH_CPU_PROF=<dir> also records a page's main thread with Chromium's sampling profiler (CDP
 * `Profiler`) over a measured window and writes `<suite>-<name>.cpuprofile` there (open it in
 * Chrome DevTools). The profiler's own cost shows in the figures of that run. Undefined when the
 * variable is not set.
 */
export async function startPageProfile(
  page: Page,
  suite: string,
): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  return {
    async stop(name) {
      const { profile } = await cdp.send("Profiler.stop");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${suite}-${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.detach();
    },
  };
}
