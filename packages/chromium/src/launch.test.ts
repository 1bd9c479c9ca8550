import { describe, expect, it } from "vitest";
import { chromiumTarget, launchChromium } from "./launch.js";

describe("the Chromium launcher", () => {
  it("takes CARTER_CHROMIUM first, then Debian's chromium, then an installed Chrome", () => {
    expect(chromiumTarget({ CARTER_CHROMIUM: "/opt/c/chrome" }, () => true)).toEqual({
      executablePath: "/opt/c/chrome",
    });
    expect(chromiumTarget({}, (path) => path === "/usr/bin/chromium")).toEqual({
      executablePath: "/usr/bin/chromium",
    });
    expect(chromiumTarget({}, () => false)).toEqual({ channel: "chrome" });
  });

  it("starts a headless browser that renders a page", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent("<p id=x>ready</p>");
      expect(await page.locator("#x").textContent()).toBe("ready");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
