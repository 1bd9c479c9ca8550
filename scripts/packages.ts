import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Builds the publishable packages. In the workspace every package exports its TypeScript sources
 * (so `npm start` and `npm test` need no build step); a published package must run on plain Node.
 * So each public package is staged in `<out>/<name>/`: its compiled `dist/` (ESM JavaScript,
 * `.d.ts`, source maps with the sources inlined), a manifest whose `exports` point into `dist/`,
 * its README and the licence. `npm pack <out>/<name>` then makes the tarball.
 *
 *   npm run build:packages             # stages into build/
 *   npm run build:packages -- --pack   # and packs the tarballs into build/tarballs/
 */

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Public packages, each after the packages it depends on. */
export const PUBLIC_PACKAGES = [
  "protocol",
  "client",
  "kit",
  "relay",
  "relay-redis",
  "gateway",
  "hub",
  "cli",
] as const;
export type PublicPackage = (typeof PUBLIC_PACKAGES)[number];

/** Packages whose commands load them only when used; the CLI works without them. */
const OPTIONAL_PEERS = ["@carter/device", "@carter/demo", "@carter/editor", "@carter/mcp"];

/** Files shipped next to `package.json`, besides `dist/` (kit's published JSON Schema). */
const EXTRA_FILES: Partial<Record<PublicPackage, string[]>> = { kit: ["schema"] };

interface Manifest {
  name: string;
  version: string;
  description?: string;
  exports: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

const rootManifest = readJson<{ version: string; license: string; engines: { node: string } }>(
  join(ROOT, "package.json"),
);

/** `./src/index.ts` → `./dist/index.js` (and `.d.ts`). */
function distPath(source: string, extension: ".js" | ".d.ts"): string {
  return source.replace(/^\.\/src\//, "./dist/").replace(/\.tsx?$/, extension);
}

const isSource = (target: string) => /\.tsx?$/.test(target);

/**
 * `@types/*` packages the published declarations need: a consumer type-checking against our
 * `.d.ts` must be able to resolve every module they import (`ws` has no types of its own).
 */
function declarationTypeDependencies(stage: string): Record<string, string> {
  const devDependencies = readJson<{ devDependencies: Record<string, string> }>(
    join(ROOT, "package.json"),
  ).devDependencies;
  const needed: Record<string, string> = {};
  const dist = join(stage, "dist");
  if (!existsSync(dist)) return needed;
  for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".d.ts")) continue;
    for (const match of readFileSync(join(dist, file), "utf8").matchAll(/from "([^".][^"]*)"/g)) {
      const specifier = match[1];
      if (specifier.startsWith("node:") || specifier.startsWith("@carter/")) continue;
      const bare = specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : specifier.split("/")[0];
      const types = `@types/${bare.replace(/^@/, "").replace("/", "__")}`;
      if (devDependencies[types]) needed[types] = devDependencies[types];
    }
  }
  return needed;
}

function publishManifest(
  name: PublicPackage,
  source: Manifest,
  typeDependencies: Record<string, string>,
): Record<string, unknown> {
  const version = rootManifest.version;
  const exports: Record<string, unknown> = {};
  for (const [subpath, target] of Object.entries(source.exports)) {
    exports[subpath] = isSource(target)
      ? name === "cli"
        ? distPath(target, ".js")
        : { types: distPath(target, ".d.ts"), default: distPath(target, ".js") }
      : target;
  }
  exports["./package.json"] = "./package.json";
  const dependencies: Record<string, string> = {};
  const peers: Record<string, string> = {};
  for (const [dependency, range] of Object.entries(source.dependencies ?? {})) {
    if (OPTIONAL_PEERS.includes(dependency)) peers[dependency] = version;
    else if (dependency.startsWith("@carter/")) dependencies[dependency] = version;
    // The workspace runs the CLI's sources through tsx; the published CLI is compiled.
    else if (!(name === "cli" && dependency === "tsx")) dependencies[dependency] = range;
  }
  return {
    name: source.name,
    version,
    description: source.description,
    license: rootManifest.license,
    type: "module",
    engines: rootManifest.engines,
    exports,
    ...(name === "cli" ? { bin: { carter: "./bin/carter.js" } } : {}),
    files: ["dist", ...(EXTRA_FILES[name] ?? []), ...(name === "cli" ? ["bin"] : [])],
    dependencies: { ...dependencies, ...typeDependencies },
    ...(Object.keys(peers).length > 0
      ? {
          peerDependencies: peers,
          peerDependenciesMeta: Object.fromEntries(Object.keys(peers).map((p) => [p, { optional: true }])),
        }
      : {}),
    ...(name === "cli" ? {} : { sideEffects: false }),
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
 * Compiles a library package from its entry points (so only what they reach ships, never tests).
 * Other `@carter/*` packages resolve to their staged declarations: they are dependencies, not
 * part of this package.
 */
function compileLibrary(packageDir: string, entries: string[], stage: string, out: string): void {
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
  const options: ts.CompilerOptions = {
    ...rootCompilerOptions(),
    noEmit: false,
    outDir: join(stage, "dist"),
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
 * Compiles the CLI file by file without type information: it is a command, not a library, so it
 * ships no declarations, and its optional commands' packages need not be present. The workspace's
 * `tsc` type-checks it like everything else.
 */
function transpileCommand(packageDir: string, entries: string[], stage: string): void {
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
  writeFileSync(
    join(stage, "bin", "carter.js"),
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

/** Stages one package into `<out>/<name>/`. */
export function buildPackage(name: PublicPackage, out: string): string {
  const packageDir = join(ROOT, "packages", name);
  const stage = join(out, name);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const source = readJson<Manifest>(join(packageDir, "package.json"));
  const entries = Object.values(source.exports)
    .filter(isSource)
    .map((target) => join(packageDir, target));
  if (name === "cli") transpileCommand(packageDir, entries, stage);
  else compileLibrary(packageDir, entries, stage, out);
  for (const extra of EXTRA_FILES[name] ?? [])
    cpSync(join(packageDir, extra), join(stage, extra), { recursive: true });
  cpSync(join(packageDir, "README.md"), join(stage, "README.md"));
  cpSync(join(ROOT, "LICENSE"), join(stage, "LICENSE"));
  const manifest = publishManifest(name, source, declarationTypeDependencies(stage));
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return stage;
}

/** Stages every public package, in dependency order. */
export function buildPackages(out: string): string[] {
  return PUBLIC_PACKAGES.map((name) => buildPackage(name, out));
}

/** Packs staged packages with `npm pack`; returns the tarball paths. */
export function packPackages(stages: readonly string[], into: string): string[] {
  mkdirSync(into, { recursive: true });
  return stages.map((stage) => {
    const output = execFileSync("npm", ["pack", stage, "--json", "--pack-destination", into], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const [packed] = JSON.parse(output) as [{ filename: string }];
    return join(into, packed.filename);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(ROOT, "build");
  const stages = buildPackages(out);
  console.log(`staged ${stages.map((s) => relative(ROOT, s)).join(", ")}`);
  if (process.argv.includes("--pack"))
    for (const tarball of packPackages(stages, join(out, "tarballs"))) console.log(relative(ROOT, tarball));
}
