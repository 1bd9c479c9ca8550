import { existsSync, promises as fs, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The device package directory (holding `index.html`, `vite.config.ts`, `src/`, `dist/`). */
export const DEVICE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST_DIR = join(DEVICE_ROOT, "dist");

/** Sources the browser bundle is built from: this package and the workspace packages it imports. */
function sourceRoots(): string[] {
  const packages = join(DEVICE_ROOT, "..");
  return [
    join(DEVICE_ROOT, "src"),
    join(DEVICE_ROOT, "index.html"),
    join(DEVICE_ROOT, "public"),
    join(DEVICE_ROOT, "vite.config.ts"),
    join(DEVICE_ROOT, "package.json"),
    ...["protocol", "client", "kit"].map((name) => join(packages, name, "src")),
  ];
}

async function newestMtime(path: string): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await fs.readdir(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** True when `dist/` is missing or older than any source it is built from. */
export async function distIsStale(): Promise<boolean> {
  const index = join(DIST_DIR, "index.html");
  if (!existsSync(index)) return true;
  // The published package ships the built app and no sources to rebuild it from.
  if (!existsSync(join(DEVICE_ROOT, "src"))) return false;
  const built = statSync(index).mtimeMs;
  const sources = await Promise.all(sourceRoots().map(newestMtime));
  return Math.max(...sources) > built;
}

let building: Promise<void> | null = null;

/**
 * Builds the app with Vite's JS API when `dist/` is missing or stale. The build goes to a private
 * directory and is swapped in, so concurrent servers (tests, two terminals) never serve a
 * half-written `dist/`.
 */
export function ensureBuilt(log: (line: string) => void): Promise<void> {
  building ??= (async () => {
    if (!(await distIsStale())) return;
    log("device: dist/ is missing or older than the sources; building it with Vite…");
    const started = Date.now();
    const { build } = await import("vite");
    const outDir = join(DEVICE_ROOT, `.dist-${process.pid}-${Date.now()}`);
    try {
      await build({
        configFile: join(DEVICE_ROOT, "vite.config.ts"),
        build: { outDir, emptyOutDir: true },
        logLevel: "warn",
      });
      await fs.rm(DIST_DIR, { recursive: true, force: true });
      await fs.rename(outDir, DIST_DIR).catch(async (error: NodeJS.ErrnoException) => {
        if (!existsSync(join(DIST_DIR, "index.html"))) throw error;
      });
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
    }
    log(`device: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  })().finally(() => {
    building = null;
  });
  return building;
}
