import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import ts from "typescript";
import { build, type Rollup } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, scriptPage, servePage } from "@carter/testing";
import { listControls } from "../packages/kit/src/index.js";
import { Peer } from "../packages/hub/src/testing.js";
import { buildPackages, packPackages, PUBLIC_PACKAGES, ROOT } from "../scripts/packages.js";
import { cleanEnv, Running } from "./processes.js";

/**
 * The packages as a stranger gets them: built and packed with `npm pack`; a fresh project written
 * by `create-carter` (run from its tarball, as `npm create carter` does) installs its dependencies
 * from the tarballs (an `overrides` entry per package stands in for the registry), with no
 * workspace links. There the project passes its own tests, and the packages run with plain `node`
 * and `npx`, and in a browser bundle built by Vite.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "carter-packed-"));
const project = join(work, "my-panel");
const rootVersion = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;
const running: Running[] = [];
let tarballs: string[] = [];
let relayUrl = "";
let browser: Browser | undefined;

function start(command: string, args: string[], env: Record<string, string> = {}): Running {
  const process = new Running(command, args, project, cleanEnv(env));
  running.push(process);
  return process;
}

const npm = (args: string[], cwd: string) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd, env: cleanEnv() });

const installed = (name: string) =>
  JSON.parse(readFileSync(join(project, "node_modules", installName(name), "package.json"), "utf8")) as {
    name: string;
    version: string;
    license: string;
    engines: { node: string };
    exports: Record<string, unknown>;
    dependencies: Record<string, string>;
  };

const installName = (directory: string) =>
  (JSON.parse(readFileSync(join(ROOT, "packages", directory, "package.json"), "utf8")) as { name: string })
    .name;

beforeAll(async () => {
  tarballs = packPackages(await buildPackages(join(work, "stage")), join(work, "tarballs"));
  const tarballOf = new Map(PUBLIC_PACKAGES.map((name, index) => [installName(name), tarballs[index]]));
  const created = await run(
    "npx",
    ["--yes", `--package=${tarballOf.get("create-carter")}`, "create-carter", "my-panel"],
    { cwd: work, env: cleanEnv() },
  );
  expect(created.stdout).toContain("Created my-panel");
  // The tarballs stand in for the registry: the starter's own dependencies point at them (npm
  // wants a direct dependency to match its override), and overrides do for everything they pull in.
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as Record<
    string,
    Record<string, string>
  >;
  expect(manifest.dependencies["@carter/hub"]).toBe(`^${rootVersion}`);
  const fromTarballs = (dependencies: Record<string, string>) =>
    Object.fromEntries(
      Object.keys(dependencies).map((name) => [name, `file:${tarballOf.get(name) ?? "missing"}`]),
    );
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      ...manifest,
      dependencies: fromTarballs(manifest.dependencies),
      devDependencies: fromTarballs(manifest.devDependencies),
      overrides: fromTarballs(Object.fromEntries(tarballOf)),
    }),
  );
  await npm(["install"], project);
  // A public package nothing in the starter depends on becomes a direct dependency too, from the
  // same tarball spec as its override (npm refuses a direct dependency that differs from it).
  const unreached = [...tarballOf].filter(([name]) => !existsSync(join(project, "node_modules", name)));
  if (unreached.length > 0) {
    const installed = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as Record<
      string,
      Record<string, string>
    >;
    installed.dependencies = {
      ...installed.dependencies,
      ...fromTarballs(Object.fromEntries(unreached)),
    };
    writeFileSync(join(project, "package.json"), JSON.stringify(installed, null, 2));
    await npm(["install"], project);
  }
  cpSync(join(ROOT, "examples", "twenty-lines.layout.json"), join(project, "twenty-lines.layout.json"));
  const relay = start("npx", ["carter", "relay", "--host", "127.0.0.1", "--port", "0"]);
  [, relayUrl] = await relay.waitFor(/listening on (ws:\/\/127\.0\.0\.1:\d+)/);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(running.map((p) => p.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** The page of a shared headless Chromium. */
async function newPage() {
  browser ??= await launchChromium();
  return browser.newPage();
}

describe("packages installed from their tarballs", () => {
  it("are real copies with compiled exports, engines, licence and one shared version", () => {
    for (const name of PUBLIC_PACKAGES) {
      const dir = join(project, "node_modules", installName(name));
      expect(lstatSync(dir).isSymbolicLink(), `${name} is linked, not installed`).toBe(false);
      const manifest = installed(name);
      expect([manifest.name, manifest.version, manifest.license, manifest.engines.node]).toEqual([
        installName(name),
        rootVersion,
        "MIT",
        expect.any(String),
      ]);
      expect(JSON.stringify(manifest.exports)).not.toMatch(/src\/|(?<!\.d)\.tsx?"/);
      expect(existsSync(join(dir, "README.md")) && existsSync(join(dir, "LICENSE"))).toBe(true);
      for (const [dependency, range] of Object.entries(manifest.dependencies))
        if (dependency.startsWith("@carter/") || dependency === "create-carter")
          expect(range).toBe(rootVersion);
    }
  });

  it("run `npx carter validate`: a good layout passes, a broken one fails with findings", async () => {
    writeFileSync(join(project, "broken.json"), JSON.stringify({ name: "Broken" }));
    const checked = await run("npx", ["carter", "validate", "twenty-lines.layout.json", "broken.json"], {
      cwd: project,
      env: cleanEnv(),
    }).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("twenty-lines.layout.json: 0 errors");
    expect(checked.stdout).toMatch(/broken\.json: [1-9]\d* errors?/);
    expect(checked.stdout).toContain("missing_field");
  }, 180_000);

  it("run the README's twenty-line hub with plain node against `npx carter relay`", async () => {
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
    const hub = start(process.execPath, ["hub.mjs"], { CARTER_RELAY_URL: relayUrl });
    await hub.waitFor(/serving Twenty lines on ws:\/\/127\.0\.0\.1:\d+ as 'hub'/);

    const phone = await Peer.connect(relayUrl, { name: "phone" });
    try {
      const metrics = await phone.waitForType("metrics");
      expect(metrics.cpu).toEqual(expect.any(Number));
      phone.send({ msg_type: "hello" });
      await hub.waitFor(/hello from the phone!/);
    } finally {
      await phone.close();
    }
    expect(await hub.stop()).toBe(0);
  }, 180_000);

  it("serve the prebuilt web device with `npx carter device`, live against the relay", async () => {
    const device = start("npx", [
      "carter",
      "device",
      "--port",
      "0",
      "--layout",
      "twenty-lines.layout.json",
      "--relay",
      relayUrl,
    ]);
    const [, url] = await device.waitFor(/carter device serving (http:\/\/\S+)/);
    expect(device.output()).not.toMatch(/building it with Vite/);
    const page = await newPage();
    const sender = await Peer.connect(relayUrl, { name: "sender" });
    try {
      await page.goto(url);
      // The device joins at some point after the page loads: keep sending until it shows the value.
      const timer = setInterval(() => sender.send({ msg_type: "metrics", cpu: 42 }), 200);
      try {
        await page.waitForFunction(() => window.__carter?.values(["cpu"]).cpu === 42, undefined, {
          timeout: 120_000,
        });
      } finally {
        clearInterval(timer);
      }
    } finally {
      await sender.close();
      await page.close();
    }
  }, 180_000);

  it("bundle for a browser with Vite: `@carter/client` and `@carter/kit` run in Chromium", async () => {
    const web = join(project, "web");
    mkdirSync(web, { recursive: true });
    writeFileSync(
      join(web, "main.js"),
      [
        'import { MeshClient } from "@carter/client";',
        'import { listControls, validateLayout } from "@carter/kit";',
        'import layout from "../twenty-lines.layout.json";',
        "",
        "export async function run(url) {",
        "  const report = { msg_type: 'bundle_report', ok: validateLayout(layout).ok, controls: listControls().length };",
        "  const client = new MeshClient({ url, name: 'bundle', channel: 'home', role: 'controller', canBroadcast: true, reconnect: false });",
        "  await client.connect();",
        "  client.broadcast(report.msg_type, report);",
        "  await client.close();",
        "  return report;",
        "}",
        "",
      ].join("\n"),
    );
    const output = (await build({
      root: web,
      configFile: false,
      logLevel: "warn",
      build: {
        write: false,
        minify: false,
        lib: { entry: join(web, "main.js"), formats: ["iife"], name: "bundle" },
      },
    })) as Rollup.RollupOutput[];
    const chunk = output[0].output[0];
    expect(chunk.type).toBe("chunk");
    expect(chunk.moduleIds.some((id) => id.startsWith(join(project, "node_modules", "@carter")))).toBe(true);

    const served = await servePage(scriptPage((chunk as Rollup.OutputChunk).code));
    const page = await newPage();
    const observer = await Peer.connect(relayUrl, { name: "observer" });
    try {
      await page.goto(served.url);
      const report = await page.evaluate(
        (url) =>
          (globalThis as unknown as { bundle: { run(url: string): Promise<unknown> } }).bundle.run(url),
        relayUrl,
      );
      const expected = { msg_type: "bundle_report", ok: true, controls: listControls().length };
      expect(report).toEqual(expected);
      expect(await observer.waitForType("bundle_report")).toEqual(expected);
    } finally {
      await observer.close();
      await page.close();
      await served.close();
    }
  }, 180_000);

  it("type-check a consumer, and the starter's `// @ts-check` hub and test, against the declarations", async () => {
    writeFileSync(
      join(project, "check.ts"),
      [
        'import { createHub, type CreateHubOptions } from "@carter/hub";',
        'import { validateLayout, type Layout } from "@carter/kit";',
        'import { MeshClient } from "@carter/client";',
        'import { CloseCode, parseFrame } from "@carter/protocol";',
        'import { startRelay } from "@carter/relay";',
        'import { startDeviceServer } from "@carter/device/server";',
        "const layout: Layout = { name: 'x', version: 1, tabs: [] };",
        "const options: CreateHubOptions = { layout };",
        "export const used = [createHub, options, validateLayout(layout).ok, MeshClient, CloseCode.NORMAL, parseFrame, startRelay, startDeviceServer];",
        "",
      ].join("\n"),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = [
      ...["--noEmit", "--strict", "--allowJs", "--checkJs", "--resolveJsonModule", "--target", "es2023"],
      ...["--module", "nodenext", "--moduleResolution", "nodenext"],
      ...["--typeRoots", join(ROOT, "node_modules", "@types"), "--types", "node"],
    ];
    await expect(
      run(process.execPath, [tsc, ...args, "check.ts", "hub.js", "hub.test.js"], {
        cwd: project,
        env: cleanEnv(),
      }).catch((error: { stdout: string }) => Promise.reject(new Error(error.stdout))),
    ).resolves.toBeDefined();
  }, 300_000);
});

describe("a project started with create-carter", () => {
  it("has its layout, hub, test and README; `npx carter init` writes the same project", async () => {
    // Beside the project, so that the project's `node --test` does not find its test too.
    await run("npx", ["carter", "init", "../other-panel"], { cwd: project, env: cleanEnv() });
    const other = join(work, "other-panel");
    for (const file of ["layout.json", "hub.js", "hub.test.js", "README.md"])
      expect(readFileSync(join(other, file), "utf8"), file).toBe(readFileSync(join(project, file), "utf8"));
    const manifest = JSON.parse(readFileSync(join(other, "package.json"), "utf8")) as {
      name: string;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.name).toBe("other-panel");
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(["start", "test"]));
    expect(manifest.dependencies["@carter/hub"]).toBe(`^${rootVersion}`);
  }, 180_000);

  it("passes its own tests (`npm test`) from the tarballs", async () => {
    const tested = await run("npm", ["test"], { cwd: project, env: cleanEnv() });
    expect(tested.stdout).toContain("layout.json: 0 errors");
    expect(tested.stdout).toMatch(/# pass 3\n[\s\S]*# fail 0/);
  }, 180_000);

  it("starts its hub with `npm start` and serves the layout's state", async () => {
    const hub = start("npm", ["start"], { CARTER_RELAY_URL: relayUrl });
    await hub.waitFor(/serving My panel on ws:\/\/127\.0\.0\.1:\d+ as 'hub'/);
    const phone = await Peer.connect(relayUrl, { name: "phone" });
    try {
      phone.send({ msg_type: "set_level", value: 70 });
      await phone.waitFor((p) => p.msg_type === "level" && p.value === 70, "the level echoed");
      expect((await phone.waitForType("clock")).time).toEqual(expect.any(String));
    } finally {
      await phone.close();
    }
  }, 180_000);
});
