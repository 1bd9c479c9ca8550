import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateLayout } from "@carter/kit";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { carterVersion, packageName, scaffold } from "./scaffold.js";

const work = mkdtempSync(join(tmpdir(), "create-carter-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const root = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

function output() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) } };
}

describe("scaffold", () => {
  it("writes a layout that validates, a hub, its test, a README and package.json with start and test", () => {
    const made = scaffold({ directory: join(work, "panel") });
    expect(made.name).toBe("panel");
    expect(readdirSync(made.directory).sort()).toEqual(
      [".gitignore", "README.md", "hub.js", "hub.test.js", "layout.json", "package.json"].sort(),
    );
    const layout: unknown = JSON.parse(readFileSync(join(made.directory, "layout.json"), "utf8"));
    expect(validateLayout(layout).findings).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(made.directory, "package.json"), "utf8")) as {
      type: string;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.type).toBe("module");
    expect(manifest.scripts).toMatchObject({
      start: "node hub.js",
      test: expect.stringContaining("node --test"),
    });
    // Every import of the hub and its test is a declared dependency, at this release's version.
    const imports = ["hub.js", "hub.test.js"].flatMap((file) =>
      [...readFileSync(join(made.directory, file), "utf8").matchAll(/from "(@carter\/[^"]+)"/g)].map(
        (m) => m[1],
      ),
    );
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const name of imports) expect(declared[name], name).toBe(`^${root.version}`);
  });

  it("fills an empty directory but refuses one with files", () => {
    mkdirSync(join(work, "empty"));
    expect(scaffold({ directory: join(work, "empty") }).files).toContain("hub.js");
    expect(() => scaffold({ directory: join(work, "empty") })).toThrow(/directory: .*empty is not empty/);
  });

  it("names packages as npm allows", () => {
    expect(packageName("/x/My Panel!")).toBe("my-panel");
    expect(packageName("/x/.hidden")).toBe("hidden");
    expect(packageName("/x/!!!")).toBe("carter-panel");
    expect(() => scaffold({ directory: join(work, "n"), name: "Upper" })).toThrow(/name: 'Upper'/);
    expect(carterVersion()).toBe(root.version);
  });
});

describe("create-carter", () => {
  it("writes the project and prints the next steps", async () => {
    const { lines, io } = output();
    expect(await main([join(work, "cli-panel")], io)).toBe(0);
    expect(lines.out.join("\n")).toMatch(/Created cli-panel in .*\n[\s\S]*npm install[\s\S]*npm test/);
  });

  it("answers --help, and rejects unknown flags and two directories with exit 2", async () => {
    const help = output();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.lines.out.join("")).toContain("npm create carter@latest");
    for (const argv of [["--bogus"], ["a", "b"]]) {
      const bad = output();
      expect(await main(argv, bad.io)).toBe(2);
      expect(bad.lines.err.join("")).toContain("Usage:");
    }
  });

  it("exits 1 naming the directory when it has files", async () => {
    const { lines, io } = output();
    expect(await main([join(work, "panel")], io)).toBe(1);
    expect(lines.err.join("")).toMatch(/directory: .*panel is not empty/);
  });
});
