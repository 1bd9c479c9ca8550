import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listControls } from "../packages/kit/src/index.js";
import { captureControlScreenshots } from "../scripts/control-screenshots.js";
import { buildSite, SCREENSHOTS } from "../scripts/docs.js";
import { brokenSiteLinks } from "./site-links.js";

const work = mkdtempSync(join(tmpdir(), "carter-docs-shots-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("the layout reference's control screenshots", () => {
  it("shows every control type's example, rendered by the web device, under its heading", async () => {
    const site = join(work, "site");
    const captured = await captureControlScreenshots(join(site, SCREENSHOTS));
    const types = listControls().map((control) => control.type);
    expect(captured).toEqual(types);
    buildSite(site, { screenshots: captured });
    const reference = readFileSync(join(site, "docs", "layout-format.html"), "utf8");
    for (const type of types) {
      expect(reference).toMatch(
        new RegExp(`<h4 id="${type.toLowerCase()}">${type}</h4>\\n<p><img src="controls/${type}.png"`),
      );
      expect(readFileSync(join(site, SCREENSHOTS, `${type}.png`)).subarray(0, 8)).toEqual(PNG);
    }
    expect(brokenSiteLinks(site)).toEqual([]);
  }, 300_000);
});
