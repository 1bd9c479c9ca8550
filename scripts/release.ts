import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPackages, packPackages, ROOT, workspaceNames } from "./packages.js";

/**
 * One release in one command. Every package moves at one version (the root `package.json`'s):
 *
 *   npm run release -- 0.2.0             # bump, date the changelog, build and pack; prints what
 *                                        # would be published
 *   npm run release -- 0.2.0 --publish   # and commit, tag v0.2.0 and `npm publish` each tarball
 */

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

type Json = Record<string, unknown>;
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Json;
const writeJson = (path: string, value: Json) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** The root manifest and every `packages/*` manifest of `root`. */
export function manifestPaths(root: string): string[] {
  return [
    join(root, "package.json"),
    ...readdirSync(join(root, "packages"))
      .map((dir) => join(root, "packages", dir, "package.json"))
      .filter((path) => existsSync(path)),
  ];
}

/** Numeric comparison of `a.b.c` (pre-release tags order before their release). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  if (x.length === y.length) return 0;
  return x.length > y.length ? -1 : 1;
}

/**
 * Sets `version` on the root and every workspace package, and on every dependency one workspace
 * package has on another, so all move together. Returns the files changed, relative to `root`.
 */
export function setVersion(root: string, version: string): string[] {
  if (!SEMVER.test(version)) throw new Error(`version: '${version}' is not a version like 1.2.3`);
  const current = String(readJson(join(root, "package.json")).version);
  if (compareVersions(version, current) <= 0)
    throw new Error(`version: ${version} is not after the current ${current}`);
  const internal = workspaceNames(root);
  const changed: string[] = [];
  for (const path of manifestPaths(root)) {
    const manifest = readJson(path);
    manifest.version = version;
    for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
      const dependencies = manifest[field] as Record<string, string> | undefined;
      for (const name of Object.keys(dependencies ?? {}))
        if (internal.has(name)) dependencies![name] = version;
    }
    writeJson(path, manifest);
    changed.push(relative(root, path));
  }
  return changed;
}

/**
 * Moves the changelog's `## Unreleased` notes under `## <version> (<date>)`, leaving an empty
 * `## Unreleased` above it. Refuses a release with no notes.
 */
export function dateChangelog(text: string, version: string, date: string): string {
  const match = /^## Unreleased\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text);
  if (!match) throw new Error("CHANGELOG.md: no '## Unreleased' section");
  if (match[1].trim() === "")
    throw new Error("CHANGELOG.md: '## Unreleased' is empty; write what changed first");
  const released = `## Unreleased\n\n## ${version} (${date})\n\n${match[1].trim()}\n\n`;
  return text.slice(0, match.index) + released + text.slice(match.index + match[0].length);
}

function sh(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: ROOT, stdio: "inherit" });
}

async function release(version: string, publish: boolean): Promise<void> {
  const changelog = join(ROOT, "CHANGELOG.md");
  const dated = dateChangelog(
    readFileSync(changelog, "utf8"),
    version,
    new Date().toISOString().slice(0, 10),
  );
  if (publish && execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }) !== "")
    throw new Error("the working tree has changes: commit them before publishing a release");
  const changed = setVersion(ROOT, version);
  writeFileSync(changelog, dated);
  sh("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund"]);
  const tarballs = packPackages(await buildPackages(join(ROOT, "build")), join(ROOT, "build", "tarballs"));
  if (!publish) {
    console.log(`${version}: updated ${changed.length} manifests, CHANGELOG.md and package-lock.json`);
    console.log(`would publish:\n${tarballs.map((t) => `  ${relative(ROOT, t)}`).join("\n")}`);
    console.log("run again with --publish to commit, tag and publish");
    return;
  }
  sh("git", ["commit", "-am", `Release ${version}`]);
  sh("git", ["tag", `v${version}`]);
  for (const tarball of tarballs) sh("npm", ["publish", tarball, "--access", "public"]);
  console.log(`published ${version}; push with: git push --follow-tags`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const version = args.find((arg) => !arg.startsWith("--"));
  if (version === undefined) {
    console.error("usage: npm run release -- <version> [--publish]");
    process.exitCode = 2;
  } else {
    await release(version, args.includes("--publish"));
  }
}
