import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiPackages, apiPage, apiReferences } from "../scripts/api-reference.js";
import { buildSite, pageTarget, sitePages } from "../scripts/docs.js";
import { brokenSiteLinks, htmlFiles } from "./site-links.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "carter-docs-"));
const site = join(work, "site");
let written: string[] = [];
/** The API pages as the code makes them now: generated once per run (one compiler program). */
let api = new Map<string, string>();

beforeAll(async () => {
  written = buildSite(site);
  api = await apiReferences();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the documentation site (`npm run docs`)", () => {
  it("has a page for the README, every docs/ page, the changelog and every package README", () => {
    expect(written).toEqual(expect.arrayContaining(["index.html", "CHANGELOG.html", "docs/protocol.html"]));
    expect(written).toEqual(
      expect.arrayContaining(["docs/layout-format.html", "docs/session-protocols.html"]),
    );
    expect(written).toEqual(
      expect.arrayContaining(["packages/hub/index.html", "packages/create-carter/index.html"]),
    );
    expect(htmlFiles(site).sort()).toEqual([...written].sort());
  });

  it("has an API page for every published package with an entry point, in sync with its code", () => {
    const packages = apiPackages();
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(["@carter/hub", "@carter/client", "@carter/kit", "@carter/protocol"]),
    );
    expect([...api.keys()].sort()).toEqual(packages.map((pkg) => apiPage(pkg.dir)).sort());
    // `npm run docs:api` rewrites a page that differs from the code.
    for (const [path, markdown] of api) expect(readFileSync(join(ROOT, path), "utf8"), path).toBe(markdown);
    for (const pkg of packages) {
      expect(written).toContain(pageTarget(apiPage(pkg.dir)));
      const readme = readFileSync(join(site, "packages", pkg.dir, "index.html"), "utf8");
      expect(readme, `${pkg.name} README links its API page`).toContain('href="API.html"');
    }
    const hub = readFileSync(join(site, "packages", "hub", "API.html"), "utf8");
    expect(hub).toContain('<h3 id="createhub">createHub</h3>');
    expect(hub).toContain("function createHub(options?: CreateHubOptions): Promise&lt;Hub&gt;;");
  });

  it("has no broken link or anchor, and links out only to allowed public addresses", () => {
    expect(brokenSiteLinks(site)).toEqual([]);
  });

  it("lists every page in every page's navigation, the current one marked", () => {
    const page = readFileSync(join(site, "packages", "hub", "index.html"), "utf8");
    for (const target of written.filter((t) => t !== "packages/hub/index.html"))
      expect(page).toContain(`href="${posix.relative("packages/hub", target)}"`);
    expect(page).toMatch(/<a href="index.html" aria-current="page">@carter\/hub<\/a>/);
  });

  it("renders markdown: headings with GitHub's ids, tables, code, links rewritten to pages", () => {
    const protocol = readFileSync(join(site, "docs", "protocol.html"), "utf8");
    expect(protocol).toMatch(/<h2 id="[a-z0-9-]+">/);
    expect(protocol).toContain("<table>");
    const home = readFileSync(join(site, "index.html"), "utf8");
    expect(home).toContain('<pre><code class="language-ts">');
    expect(home).toContain('href="docs/session-protocols.html#9-decisions-where-sources-disagree"');
    expect(home).toContain('src="docs/demo.png"');
  });

  it("maps README.md to index.html and other pages to .html at the same path", () => {
    expect(pageTarget("README.md")).toBe("index.html");
    expect(pageTarget("packages/kit/README.md")).toBe("packages/kit/index.html");
    expect(pageTarget("docs/protocol.md")).toBe("docs/protocol.html");
    expect(sitePages()[0]).toMatchObject({ source: "README.md", title: "Carter", section: "Guide" });
  });
});

describe("the site link check", () => {
  it("catches missing files, missing anchors, escapes from the site and unlisted addresses", () => {
    const fake = join(work, "fake");
    mkdirSync(join(fake, "docs"), { recursive: true });
    writeFileSync(join(fake, "docs", "a.html"), '<h2 id="here">x</h2>');
    writeFileSync(
      join(fake, "index.html"),
      [
        '<a href="docs/a.html#here">ok</a>',
        '<a href="#top" id="top">ok</a>',
        '<a href="docs/b.html">gone</a>',
        '<a href="docs/a.html#nowhere">no anchor</a>',
        '<img src="../outside.png">',
        '<a href="https://example.com/x">elsewhere</a>',
        '<a href="https://www.npmjs.com/package/create-carter">allowed</a>',
      ].join("\n"),
    );
    expect(brokenSiteLinks(fake)).toEqual([
      "index.html: docs/b.html (no such file)",
      "index.html: docs/a.html#nowhere (no such anchor)",
      "index.html: ../outside.png (outside the site)",
      "index.html: https://example.com/x (not an allowed address)",
    ]);
  });
});
