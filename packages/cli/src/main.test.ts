import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";
import { testIO } from "./test-support.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("carter", () => {
  it("prints help listing the relay command with --help (exit 0)", async () => {
    const io = testIO();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout()).toMatch(/Usage: carter <command>/);
    expect(io.stdout()).toMatch(/relay\s+run a MeshSocket relay/);
  });

  it("prints help and exits 2 with no command", async () => {
    const io = testIO();
    expect(await main([], io)).toBe(2);
    expect(io.stdout()).toMatch(/Commands:/);
  });

  it("prints the package version", async () => {
    for (const flag of ["--version", "-v"]) {
      const io = testIO();
      expect(await main([flag], io)).toBe(0);
      expect(io.stdout()).toBe(VERSION);
    }
  });

  it("rejects an unknown command with exit 2", async () => {
    const io = testIO();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.stderr()).toMatch(/unknown command 'frobnicate'/);
  });

  it("shows a command's usage with --help", async () => {
    const io = testIO();
    expect(await main(["relay", "--help"], io)).toBe(0);
    expect(io.stdout()).toMatch(/Usage: carter relay \[--host 127\.0\.0\.1\] \[--port 8765\]/);
  });

  it("answers --version and --help as the installed bin, from the repo root", async () => {
    const run = promisify(execFile);
    const bin = "packages/cli/bin/carter.js";
    const version = await run(process.execPath, [bin, "--version"], { cwd: REPO_ROOT });
    expect(version.stdout).toBe(`${VERSION}\n`);
    const help = await run(process.execPath, [bin, "--help"], { cwd: REPO_ROOT });
    expect(help.stdout).toMatch(/relay\s+run a MeshSocket relay/);
  });
});
