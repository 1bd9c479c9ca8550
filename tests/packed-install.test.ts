import { execFile } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Peer } from "../packages/hub/src/testing.js";
import { buildPackages, packPackages, PUBLIC_PACKAGES, ROOT } from "../scripts/packages.js";
import { cleanEnv, Running } from "./processes.js";

/**
 * The packages as a stranger gets them: built, packed with `npm pack`, installed from the tarballs
 * into a fresh project with no workspace links, and run there with plain `node` and `npx`.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "carter-packed-"));
const project = join(work, "project");
const rootVersion = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;
const running: Running[] = [];

function start(command: string, args: string[], env: Record<string, string> = {}): Running {
  const process = new Running(command, args, project, cleanEnv(env));
  running.push(process);
  return process;
}

const installed = (name: string) =>
  JSON.parse(readFileSync(join(project, "node_modules", "@carter", name, "package.json"), "utf8")) as {
    version: string;
    license: string;
    engines: { node: string };
    exports: Record<string, unknown>;
    dependencies: Record<string, string>;
  };

beforeAll(async () => {
  const tarballs = packPackages(buildPackages(join(work, "stage")), join(work, "tarballs"));
  cpSync(join(ROOT, "examples", "twenty-lines.layout.json"), join(project, "twenty-lines.layout.json"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "packed-install-check", private: true, type: "module" }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs], {
    cwd: project,
    env: cleanEnv(),
  });
}, 300_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe("packages installed from their tarballs", () => {
  it("are real copies with compiled exports, engines, licence and one shared version", () => {
    for (const name of PUBLIC_PACKAGES) {
      const dir = join(project, "node_modules", "@carter", name);
      expect(lstatSync(dir).isSymbolicLink(), `${name} is linked, not installed`).toBe(false);
      const manifest = installed(name);
      expect([name, manifest.version, manifest.license, manifest.engines.node]).toEqual([
        name,
        rootVersion,
        "MIT",
        expect.any(String),
      ]);
      expect(JSON.stringify(manifest.exports)).not.toMatch(/src\/|(?<!\.d)\.tsx?"/);
      expect(existsSync(join(dir, "README.md")) && existsSync(join(dir, "LICENSE"))).toBe(true);
      for (const [dependency, range] of Object.entries(manifest.dependencies))
        if (dependency.startsWith("@carter/")) expect(range).toBe(rootVersion);
    }
  });

  it("run `npx carter validate`: a good layout passes, a broken one fails with findings", async () => {
    const good = await run("npx", ["carter", "validate", "twenty-lines.layout.json"], {
      cwd: project,
      env: cleanEnv(),
    });
    expect(good.stdout).toContain("0 errors");
    writeFileSync(join(project, "broken.json"), JSON.stringify({ name: "Broken" }));
    const broken = await run("npx", ["carter", "validate", "broken.json"], {
      cwd: project,
      env: cleanEnv(),
    }).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("missing_field");
  });

  it("run the README's twenty-line hub with plain node against `npx carter relay`", async () => {
    const relay = start("npx", ["carter", "relay", "--host", "127.0.0.1", "--port", "0"]);
    const [, url] = await relay.waitFor(/listening on (ws:\/\/127\.0\.0\.1:\d+)/);

    // The example exactly as the README shows it, with its types stripped.
    const source = readFileSync(join(ROOT, "examples", "twenty-lines.ts"), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    writeFileSync(join(project, "hub.mjs"), js);
    const hub = start(process.execPath, ["hub.mjs"], { CARTER_RELAY_URL: url });
    await hub.waitFor(/serving Twenty lines on ws:\/\/127\.0\.0\.1:\d+ as 'hub'/);

    const phone = await Peer.connect(url, { name: "phone" });
    try {
      const metrics = await phone.waitForType("metrics");
      expect(metrics.cpu).toEqual(expect.any(Number));
      phone.send({ msg_type: "hello" });
      await hub.waitFor(/hello from the phone!/);
    } finally {
      await phone.close();
    }
    expect(await hub.stop()).toBe(0);
  });

  it("type-check a consumer against the published declarations", async () => {
    writeFileSync(
      join(project, "check.ts"),
      [
        'import { createHub, type CreateHubOptions } from "@carter/hub";',
        'import { validateLayout, type Layout } from "@carter/kit";',
        'import { MeshClient } from "@carter/client";',
        'import { CloseCode, parseFrame } from "@carter/protocol";',
        'import { startRelay } from "@carter/relay";',
        "const layout: Layout = { name: 'x', version: 1, tabs: [] };",
        "const options: CreateHubOptions = { layout };",
        "export const used = [createHub, options, validateLayout(layout).ok, MeshClient, CloseCode.NORMAL, parseFrame, startRelay];",
        "",
      ].join("\n"),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext"];
    await expect(
      run(
        process.execPath,
        [
          tsc,
          ...args,
          "--target",
          "es2023",
          "--typeRoots",
          join(ROOT, "node_modules", "@types"),
          "--types",
          "node",
          "check.ts",
        ],
        {
          cwd: project,
          env: cleanEnv(),
        },
      ),
    ).resolves.toBeDefined();
  }, 120_000);
});
