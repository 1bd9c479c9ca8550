import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

const work = mkdtempSync(join(tmpdir(), "carter-init-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("carter init", () => {
  it("writes a project named after its directory and says what to run next", async () => {
    const io = testIO();
    expect(await main(["init", join(work, "Porch Lights")], io)).toBe(0);
    expect(io.stdout()).toMatch(/Created porch-lights in .*Porch Lights: package.json, .*layout\.json/);
    expect(io.stdout()).toContain("npm install && npm test && npm start");
    const manifest = JSON.parse(readFileSync(join(work, "Porch Lights", "package.json"), "utf8")) as {
      name: string;
    };
    expect(manifest.name).toBe("porch-lights");
  });

  it("takes --name and refuses a directory that has files (exit 1, nothing overwritten)", async () => {
    const io = testIO();
    expect(await main(["init", join(work, "named"), "--name", "garage"], io)).toBe(0);
    const again = testIO();
    writeFileSync(join(work, "named", "hub.js"), "// mine\n");
    expect(await main(["init", join(work, "named")], again)).toBe(1);
    expect(again.stderr()).toMatch(/carter init: directory: .*named is not empty/);
    expect(readFileSync(join(work, "named", "hub.js"), "utf8")).toBe("// mine\n");
  });

  it("rejects two directories and a bad name as usage or input errors", async () => {
    const two = testIO();
    expect(await main(["init", "a", "b"], two)).toBe(2);
    expect(two.stderr()).toContain("expected at most one directory, got 2");
    const badName = testIO();
    expect(await main(["init", join(work, "x"), "--name", "Bad Name"], badName)).toBe(1);
    expect(badName.stderr()).toContain("name: 'Bad Name' is not a package name");
  });
});
