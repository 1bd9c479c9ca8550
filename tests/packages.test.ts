import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverPublicPackages, PUBLIC_PACKAGES } from "../scripts/packages.js";

const work = mkdtempSync(join(tmpdir(), "carter-discover-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A workspace at `root` with these `packages/<dir>/package.json` manifests. */
function workspace(root: string, manifests: Record<string, object>): string {
  for (const [dir, manifest] of Object.entries(manifests)) {
    mkdirSync(join(root, "packages", dir), { recursive: true });
    writeFileSync(join(root, "packages", dir, "package.json"), JSON.stringify(manifest));
  }
  return root;
}

describe("public packages are found by their package.json", () => {
  it("takes those declaring carter.publish, each after the workspace packages it depends on", () => {
    const root = workspace(join(work, "ok"), {
      app: { name: "@x/app", carter: { publish: true }, dependencies: { "@x/lib": "1", ws: "^8" } },
      lib: { name: "@x/lib", carter: { publish: { exports: ["."] } }, dependencies: { "@x/base": "1" } },
      base: { name: "@x/base", carter: { publish: true } },
      internal: { name: "@x/internal" },
      off: { name: "@x/off", carter: { publish: false } },
    });
    expect(discoverPublicPackages(root)).toEqual(["base", "lib", "app"]);
  });

  it("names the package.json to change when a public package depends on a private one", () => {
    const root = workspace(join(work, "private-dependency"), {
      app: { name: "@x/app", carter: { publish: true }, dependencies: { "@x/internal": "1" } },
      internal: { name: "@x/internal" },
    });
    expect(() => discoverPublicPackages(root)).toThrow(
      'packages/app is public but depends on @x/internal, which is not: add "carter": { "publish": true } to its package.json',
    );
  });

  it("refuses a dependency cycle", () => {
    const root = workspace(join(work, "cycle"), {
      a: { name: "a", carter: { publish: true }, dependencies: { b: "1" } },
      b: { name: "b", carter: { publish: true }, dependencies: { a: "1" } },
    });
    expect(() => discoverPublicPackages(root)).toThrow(/form a cycle/);
  });

  it("in this repository: the published packages (not the demo), each after its dependencies", () => {
    expect([...PUBLIC_PACKAGES].sort()).toEqual(
      [
        "authoring",
        "chromium",
        "cli",
        "client",
        "create-carter",
        "device",
        "gateway",
        "hub",
        "kit",
        "mcp",
        "protocol",
        "relay",
        "relay-redis",
      ].sort(),
    );
    expect(PUBLIC_PACKAGES.indexOf("protocol")).toBe(0);
    expect(PUBLIC_PACKAGES.indexOf("hub")).toBeGreaterThan(PUBLIC_PACKAGES.indexOf("relay"));
    expect(PUBLIC_PACKAGES.indexOf("cli")).toBeGreaterThan(PUBLIC_PACKAGES.indexOf("create-carter"));
  });
});
