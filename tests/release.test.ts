import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, workspaceNames } from "../scripts/packages.js";
import { compareVersions, dateChangelog, manifestPaths, setVersion } from "../scripts/release.js";

type Manifest = { name: string; version: string } & Record<string, Record<string, string> | string>;
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Manifest;
const work = mkdtempSync(join(tmpdir(), "carter-release-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("versions move together", () => {
  it("every workspace package, and every dependency between them, is at the root version", () => {
    const version = read(join(ROOT, "package.json")).version;
    const internal = workspaceNames();
    const off: string[] = [];
    for (const path of manifestPaths(ROOT)) {
      const manifest = read(path);
      if (manifest.version !== version) off.push(`${manifest.name} is at ${manifest.version}`);
      for (const field of ["dependencies", "devDependencies", "peerDependencies"])
        for (const [name, range] of Object.entries((manifest[field] as Record<string, string>) ?? {}))
          if (internal.has(name) && range !== version) off.push(`${manifest.name} wants ${name}@${range}`);
    }
    expect(off).toEqual([]);
  });

  it("the changelog has an Unreleased section for the next release's notes", () => {
    expect(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(/^## Unreleased$/m);
  });
});

describe("setVersion", () => {
  const root = join(work, "repo");
  const write = (path: string, value: object) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify(value));
  };
  write(join(root, "package.json"), { name: "repo", version: "0.1.0", devDependencies: { "@x/t": "0.1.0" } });
  write(join(root, "packages", "a", "package.json"), { name: "@x/a", version: "0.1.0" });
  write(join(root, "packages", "t", "package.json"), { name: "@x/t", version: "0.1.0" });
  write(join(root, "packages", "b", "package.json"), {
    name: "b",
    version: "0.1.0",
    dependencies: { "@x/a": "0.1.0", ws: "^8.0.0" },
    peerDependencies: { "@x/t": "0.1.0" },
  });

  it("sets the version on the root, every package and every dependency between them, not others", () => {
    expect(setVersion(root, "0.2.0").sort()).toEqual(
      [
        "package.json",
        "packages/a/package.json",
        "packages/b/package.json",
        "packages/t/package.json",
      ].sort(),
    );
    expect(read(join(root, "package.json"))).toMatchObject({
      version: "0.2.0",
      devDependencies: { "@x/t": "0.2.0" },
    });
    expect(read(join(root, "packages", "b", "package.json"))).toMatchObject({
      version: "0.2.0",
      dependencies: { "@x/a": "0.2.0", ws: "^8.0.0" },
      peerDependencies: { "@x/t": "0.2.0" },
    });
  });

  it("refuses a version that is not one, or not after the current one, naming the field", () => {
    expect(() => setVersion(root, "next")).toThrow("version: 'next' is not a version like 1.2.3");
    expect(() => setVersion(root, "0.1.9")).toThrow("version: 0.1.9 is not after the current 0.2.0");
    expect(read(join(root, "package.json")).version).toBe("0.2.0");
  });

  it("orders versions numerically, a pre-release before its release", () => {
    expect(compareVersions("0.10.0", "0.9.1")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0-rc.1", "1.0.0")).toBeLessThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  });
});

describe("dateChangelog", () => {
  const log = "# Changelog\n\nIntro.\n\n## Unreleased\n\n- new thing\n\n## 0.1.0 (2026-01-01)\n\n- first\n";

  it("moves the Unreleased notes under the version and date, leaving Unreleased empty", () => {
    expect(dateChangelog(log, "0.2.0", "2026-12-03")).toBe(
      "# Changelog\n\nIntro.\n\n## Unreleased\n\n## 0.2.0 (2026-12-03)\n\n- new thing\n\n## 0.1.0 (2026-01-01)\n\n- first\n",
    );
    expect(dateChangelog("## Unreleased\n\n- only\n", "1.0.0", "2026-12-03")).toBe(
      "## Unreleased\n\n## 1.0.0 (2026-12-03)\n\n- only\n\n",
    );
  });

  it("refuses a release with no notes, or no Unreleased section", () => {
    expect(() => dateChangelog("## Unreleased\n\n## 0.1.0\n", "0.2.0", "d")).toThrow(/Unreleased' is empty/);
    expect(() => dateChangelog("# Changelog\n", "0.2.0", "d")).toThrow(/no '## Unreleased' section/);
  });
});
