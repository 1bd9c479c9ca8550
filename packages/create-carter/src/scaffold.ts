import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/** The files a new project starts with, copied from `template/`. */
const TEMPLATE_FILES = ["layout.json", "hub.js", "hub.test.js", "README.md"];
const TEMPLATE = new URL("../template/", import.meta.url);

export interface ScaffoldOptions {
  /** The directory to create (or an empty one to fill). */
  directory: string;
  /** The `package.json` name; default: the directory's name, made a valid package name. */
  name?: string;
}

export interface Scaffolded {
  directory: string;
  name: string;
  /** Paths written, relative to `directory`. */
  files: string[];
}

/** This package's version: every Carter package moves together, so it is theirs too. */
export function carterVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** `My Panel!` → `my-panel`: lower case, URL-safe, as npm requires of a package name. */
export function packageName(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return name === "" ? "carter-panel" : name;
}

function projectManifest(name: string, version: string): string {
  const range = `^${version}`;
  const manifest = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20.19" },
    scripts: {
      start: "node hub.js",
      device: "carter device --layout layout.json",
      relay: "carter relay",
      validate: "carter validate layout.json",
      test: "carter validate layout.json && node --test",
    },
    dependencies: {
      "@carter/cli": range,
      "@carter/device": range,
      "@carter/hub": range,
      "@carter/kit": range,
    },
    devDependencies: {
      "@carter/client": range,
      "@carter/relay": range,
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Writes a new Carter project: a layout, a typed hub for it, a test that drives the layout through
 * a relay, a README and a `package.json` whose `start` and `test` run them. Refuses a directory
 * that already has files, so nothing is overwritten.
 */
export function scaffold(options: ScaffoldOptions): Scaffolded {
  const directory = resolve(options.directory);
  if (existsSync(directory) && readdirSync(directory).length > 0)
    throw new Error(`directory: ${directory} is not empty; pick a new or empty directory`);
  const name = options.name ?? packageName(directory);
  if (!/^[a-z0-9][a-z0-9._~-]*$/.test(name))
    throw new Error(`name: '${name}' is not a package name (lower case letters, digits, '-', '.', '_', '~')`);
  mkdirSync(directory, { recursive: true });
  for (const file of TEMPLATE_FILES)
    writeFileSync(join(directory, file), readFileSync(new URL(file, TEMPLATE), "utf8"));
  writeFileSync(join(directory, "package.json"), projectManifest(name, carterVersion()));
  writeFileSync(join(directory, ".gitignore"), "node_modules/\n");
  return { directory, name, files: ["package.json", ".gitignore", ...TEMPLATE_FILES] };
}
