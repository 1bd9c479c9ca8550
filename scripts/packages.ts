import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Builds the publishable packages. In the workspace every package exports its TypeScript sources
 * (so `npm start` and `npm test` need no build step); a published package must run on plain Node.
 * So each public package (one whose `package.json` says `"carter": { "publish": true }`) is staged
 * in `<out>/<name>/`: its compiled `dist/` (ESM JavaScript, `.d.ts`, source maps with the sources
 * inlined), a manifest whose `exports` point into `dist/`, the files its `files` field names, its
 * README and the licence, all at the root version. `npm pack <out>/<name>` then makes the tarball.
 *
 *   npm run build:packages             # stages into build/
 *   npm run build:packages -- --pack   # and packs the tarballs into build/tarballs/
 */

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Packages whose commands load them only when used; the CLI works without them. */
const OPTIONAL_PEERS = ["@carter/device", "@carter/demo", "@carter/editor", "@carter/mcp"];

/**
 * How a workspace package asks to be published: `"carter": { "publish": true }` in its
 * `package.json`, or an object narrowing what ships.
 */
export interface PublishSettings {
  /** The workspace `exports` keys that are published (default: all of them). */
  exports?: string[];
  /**
   * The package is a Vite app: its `vite.config.ts` build ships as `dist/` (the browser bundle) and
   * its compiled code moves to `lib/`, so code that finds the app at `<package>/dist` still does.
   */
  app?: boolean;
}

interface Manifest {
  name: string;
  version: string;
  description?: string;
  exports: Record<string, string>;
  bin?: Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  carter?: { publish?: boolean | PublishSettings };
  [key: string]: unknown;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

function publishSettings(manifest: Manifest): PublishSettings | undefined {
  const publish = manifest.carter?.publish;
  if (publish === undefined || publish === false) return undefined;
  return publish === true ? {} : publish;
}

/** The package names of `root`'s workspace. */
export function workspaceNames(root: string = ROOT): Set<string> {
  const names = new Set<string>();
  for (const dir of readdirSync(join(root, "packages"))) {
    const path = join(root, "packages", dir, "package.json");
    if (existsSync(path)) names.add(readJson<Manifest>(path).name);
  }
  return names;
}

/**
 * The public packages of `root`'s workspace (those declaring `carter.publish`), each after the
 * packages it depends on, so each is built against its dependencies' staged declarations.
 */
export function discoverPublicPackages(root: string = ROOT): string[] {
  const manifests = new Map<string, Manifest>();
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const path = join(root, "packages", dir, "package.json");
    if (!existsSync(path)) continue;
    const manifest = readJson<Manifest>(path);
    if (publishSettings(manifest)) manifests.set(dir, manifest);
  }
  const byName = new Map([...manifests].map(([dir, manifest]) => [manifest.name, dir]));
  const workspace = workspaceNames(root);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (dir: string) => {
    if (ordered.includes(dir)) return;
    if (visiting.has(dir)) throw new Error(`packages/${dir}: its workspace dependencies form a cycle`);
    visiting.add(dir);
    for (const dependency of Object.keys(manifests.get(dir)!.dependencies ?? {})) {
      if (!workspace.has(dependency) || OPTIONAL_PEERS.includes(dependency)) continue;
      const target = byName.get(dependency);
      if (target === undefined)
        throw new Error(
          `packages/${dir} is public but depends on ${dependency}, which is not: add "carter": { "publish": true } to its package.json`,
        );
      visit(target);
    }
    visiting.delete(dir);
    ordered.push(dir);
  };
  for (const dir of manifests.keys()) visit(dir);
  return ordered;
}

/** Public packages (their directory names under `packages/`), each after the packages it depends on. */
export const PUBLIC_PACKAGES: readonly string[] = discoverPublicPackages();
const WORKSPACE = workspaceNames();

const rootManifest = readJson<{ version: string; license: string; engines: { node: string } }>(
  join(ROOT, "package.json"),
);

/** A package with a `bin` is a command: transpiled, with bin scripts and no declarations. */
const isCommand = (source: Manifest) => source.bin !== undefined;

/** Where compiled code goes: `dist/`, or `lib/` in an app package whose `dist/` is the bundle. */
const codeDir = (settings: PublishSettings) => (settings.app ? "lib" : "dist");

/** `./src/index.ts` → `./dist/index.js` (and `.d.ts`). */
function compiledPath(source: string, dir: string, extension: ".js" | ".d.ts"): string {
  return source.replace(/^\.\/src\//, `./${dir}/`).replace(/\.tsx?$/, extension);
}

const isSource = (target: string) => /\.tsx?$/.test(target);

/** The bare package names `text` (compiled code or declarations) imports. */
function importedPackages(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)]
    .map((match) => match[1])
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:"))
    .map((specifier) =>
      specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0],
    );
}

function filesUnder(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(extension))
    .map((file) => join(dir, file));
}

/**
 * `@types/*` packages the published declarations need: a consumer type-checking against our
 * `.d.ts` must be able to resolve every module they import (`ws` has no types of its own).
 */
function declarationTypeDependencies(code: string): Record<string, string> {
  const devDependencies = readJson<{ devDependencies: Record<string, string> }>(
    join(ROOT, "package.json"),
  ).devDependencies;
  const needed: Record<string, string> = {};
  for (const file of filesUnder(code, ".d.ts")) {
    for (const bare of importedPackages(readFileSync(file, "utf8"), /from "([^"]+)"/g)) {
      if (bare.startsWith("@carter/")) continue;
      const types = `@types/${bare.replace(/^@/, "").replace("/", "__")}`;
      if (devDependencies[types]) needed[types] = devDependencies[types];
    }
  }
  return needed;
}

/** Packages the compiled JavaScript in `code` imports, statically or with a literal `import()`. */
function runtimeImports(code: string): Set<string> {
  return new Set(
    filesUnder(code, ".js").flatMap((file) =>
      importedPackages(readFileSync(file, "utf8"), /(?:from|import\()\s*"([^"]+)"/g),
    ),
  );
}

function publishManifest(
  source: Manifest,
  settings: PublishSettings,
  stage: string,
): Record<string, unknown> {
  const version = rootManifest.version;
  const command = isCommand(source);
  const dir = codeDir(settings);
  const exports: Record<string, unknown> = {};
  for (const [subpath, target] of Object.entries(source.exports)) {
    if (settings.exports && !settings.exports.includes(subpath)) continue;
    exports[subpath] = !isSource(target)
      ? target
      : command
        ? compiledPath(target, dir, ".js")
        : { types: compiledPath(target, dir, ".d.ts"), default: compiledPath(target, dir, ".js") };
  }
  exports["./package.json"] = "./package.json";
  // An app's browser libraries are bundled into `dist/`: only what its compiled code imports is a
  // dependency.
  const imported = settings.app ? runtimeImports(join(stage, dir)) : undefined;
  const dependencies: Record<string, string> = {};
  const peers: Record<string, string> = {};
  for (const [dependency, range] of Object.entries(source.dependencies ?? {})) {
    if (imported && !imported.has(dependency)) continue;
    if (OPTIONAL_PEERS.includes(dependency)) peers[dependency] = version;
    else if (WORKSPACE.has(dependency)) dependencies[dependency] = version;
    // The workspace runs a command's sources through tsx; the published command is compiled.
    else if (!(command && dependency === "tsx")) dependencies[dependency] = range;
  }
  const bin = command
    ? Object.fromEntries(Object.keys(source.bin!).map((name) => [name, `./bin/${name}.js`]))
    : undefined;
  return {
    name: source.name,
    version,
    description: source.description,
    license: rootManifest.license,
    type: "module",
    engines: rootManifest.engines,
    exports,
    ...(bin ? { bin } : {}),
    files: [
      dir,
      ...(settings.app ? ["dist"] : []),
      ...(source.files ?? []),
      ...(bin ? ["bin"] : []),
      ...(existsSync(join(stage, "API.md")) ? ["API.md"] : []),
    ],
    dependencies: { ...dependencies, ...declarationTypeDependencies(join(stage, dir)) },
    ...(Object.keys(peers).length > 0
      ? {
          peerDependencies: peers,
          peerDependenciesMeta: Object.fromEntries(Object.keys(peers).map((p) => [p, { optional: true }])),
        }
      : {}),
    ...(command ? {} : { sideEffects: false }),
  };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
}

function rootCompilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** Parsed files shared by every package's program: the lib and `@types/node` files dominate a build. */
const parsed = new Map<string, ts.SourceFile | undefined>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, fresh) => {
    if (!fileName.includes("/node_modules/")) return read(fileName, language, onError, fresh);
    if (!parsed.has(fileName)) parsed.set(fileName, read(fileName, language, onError, fresh));
    return parsed.get(fileName);
  };
  return host;
}

/**
 * A staged declaration file imports third-party packages by bare name (`playwright-core`, `ws`);
 * outside the repository (a temporary stage) nothing resolves them, so a dependent package would
 * compile against `any`. The stage's own `node_modules` points at the workspace's; `npm pack`
 * packs each package directory, never this link.
 */
function linkDependencies(out: string): void {
  const link = join(out, "node_modules");
  if (!relative(ROOT, out).startsWith("..")) return;
  if (!existsSync(link)) symlinkSync(join(ROOT, "node_modules"), link, "dir");
}

/**
 * Compiles a library package from its entry points (so only what they reach ships, never tests).
 * Other `@carter/*` packages resolve to their staged declarations: they are dependencies, not
 * part of this package.
 */
function compileLibrary(packageDir: string, entries: string[], outDir: string, out: string): void {
  const paths: Record<string, string[]> = {};
  for (const name of PUBLIC_PACKAGES) {
    const staged = join(out, name, "package.json");
    if (!existsSync(staged)) continue;
    const manifest = readJson<{ name: string; exports: Record<string, unknown> }>(staged);
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === "object" && target !== null && "types" in target)
        paths[manifest.name + subpath.slice(1)] = [join(out, name, String(target.types))];
    }
  }
  linkDependencies(out);
  const options: ts.CompilerOptions = {
    ...rootCompilerOptions(),
    noEmit: false,
    outDir,
    rootDir: join(packageDir, "src"),
    declaration: true,
    sourceMap: true,
    inlineSources: true,
    paths,
  };
  const program = ts.createProgram(entries, options, cachingHost(options));
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) throw new Error(`building ${packageDir}:\n${formatDiagnostics(diagnostics)}`);
}

/** The relative modules `file` imports (`./x.js` → `./x.ts`), for a transpile-only build. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)\.js"/g)].map((m) =>
    resolve(dirname(file), `${m[1]}.ts`),
  );
}

/**
 * Compiles a command file by file without type information: it ships no declarations, and the
 * packages of its optional commands need not be present. The workspace's `tsc` type-checks it like
 * everything else. Each of its bins runs `main(argv)` from `src/main.ts`.
 */
function transpileCommand(packageDir: string, entries: string[], stage: string, bins: string[]): void {
  const options = { ...rootCompilerOptions(), noEmit: false, sourceMap: true, inlineSources: true };
  const pending = [...entries];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const output = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: options,
      fileName: file,
      reportDiagnostics: true,
    });
    if (output.diagnostics?.length) throw new Error(formatDiagnostics(output.diagnostics));
    const target = join(stage, "dist", relative(join(packageDir, "src"), file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    const mapName = `${target.split("/").pop()}.map`;
    writeFileSync(
      target,
      `${output.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, "")}\n//# sourceMappingURL=${mapName}\n`,
    );
    writeFileSync(`${target}.map`, output.sourceMapText ?? "");
    pending.push(...relativeImports(file));
  }
  mkdirSync(join(stage, "bin"), { recursive: true });
  for (const bin of bins)
    writeFileSync(
      join(stage, "bin", `${bin}.js`),
      [
        "#!/usr/bin/env node",
        'import { main } from "../dist/main.js";',
        "",
        "process.exitCode = await main(process.argv.slice(2));",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
}

/** Builds an app package's browser bundle with its own `vite.config.ts` into `<stage>/dist`. */
async function buildApp(packageDir: string, stage: string): Promise<void> {
  const { build } = await import("vite");
  await build({
    configFile: join(packageDir, "vite.config.ts"),
    build: { outDir: join(stage, "dist"), emptyOutDir: true },
    logLevel: "error",
  });
}

/** Stages one package (its directory name under `packages/`) into `<out>/<name>/`. */
export async function buildPackage(name: string, out: string): Promise<string> {
  const packageDir = join(ROOT, "packages", name);
  const stage = join(out, name);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const source = readJson<Manifest>(join(packageDir, "package.json"));
  const settings = publishSettings(source);
  if (!settings) throw new Error(`packages/${name} is not public (no "carter": { "publish": … })`);
  const entries = Object.entries(source.exports)
    .filter(([subpath, target]) => isSource(target) && (settings.exports?.includes(subpath) ?? true))
    .map(([, target]) => join(packageDir, target));
  if (isCommand(source)) transpileCommand(packageDir, entries, stage, Object.keys(source.bin!));
  else compileLibrary(packageDir, entries, join(stage, codeDir(settings)), out);
  if (settings.app) await buildApp(packageDir, stage);
  for (const extra of source.files ?? [])
    cpSync(join(packageDir, extra), join(stage, extra), { recursive: true });
  cpSync(join(packageDir, "README.md"), join(stage, "README.md"));
  if (existsSync(join(packageDir, "API.md"))) cpSync(join(packageDir, "API.md"), join(stage, "API.md"));
  cpSync(join(ROOT, "LICENSE"), join(stage, "LICENSE"));
  const manifest = publishManifest(source, settings, stage);
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return stage;
}

/** Stages every public package, in dependency order. */
export async function buildPackages(out: string): Promise<string[]> {
  const stages: string[] = [];
  for (const name of PUBLIC_PACKAGES) stages.push(await buildPackage(name, out));
  return stages;
}

/** Packs staged packages with one `npm pack`; returns the tarball paths. */
export function packPackages(stages: readonly string[], into: string): string[] {
  mkdirSync(into, { recursive: true });
  const output = execFileSync("npm", ["pack", ...stages, "--json", "--pack-destination", into], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return (JSON.parse(output) as { filename: string }[]).map((packed) => join(into, packed.filename));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(ROOT, "build");
  const stages = await buildPackages(out);
  console.log(`staged ${stages.map((s) => relative(ROOT, s)).join(", ")}`);
  if (process.argv.includes("--pack"))
    for (const tarball of packPackages(stages, join(out, "tarballs"))) console.log(relative(ROOT, tarball));
}
