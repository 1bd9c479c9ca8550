import { existsSync, promises as fs, statSync } from "node:fs";
import { join } from "node:path";

/** A browser app in a package directory (`index.html`, `vite.config.ts`), built to its `dist/`. */
export interface ViteApp {
  readonly distDir: string;
  /** True when `dist/` is missing or older than any source it is built from. */
  distIsStale(): Promise<boolean>;
  /**
   * Builds the app with Vite's JS API when `dist/` is missing or stale. The build goes to a private
   * directory and is swapped in, so concurrent servers (tests, two terminals) never serve a
   * half-written `dist/`.
   */
  ensureBuilt(log: (line: string) => void): Promise<void>;
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

/** `name` labels the log lines; `sourceRoots` are the files and folders the bundle is built from. */
export function viteApp(name: string, root: string, sourceRoots: readonly string[]): ViteApp {
  const distDir = join(root, "dist");
  let building: Promise<void> | null = null;

  async function distIsStale(): Promise<boolean> {
    const index = join(distDir, "index.html");
    if (!existsSync(index)) return true;
    // A published package ships the built app and no sources to rebuild it from.
    if (!existsSync(join(root, "src"))) return false;
    const built = statSync(index).mtimeMs;
    const sources = await Promise.all(sourceRoots.map(newestMtime));
    return Math.max(...sources) > built;
  }

  function ensureBuilt(log: (line: string) => void): Promise<void> {
    building ??= (async () => {
      if (!(await distIsStale())) return;
      log(`${name}: dist/ is missing or older than the sources; building it with Vite…`);
      const started = Date.now();
      const { build } = await import("vite");
      const outDir = join(root, `.dist-${process.pid}-${Date.now()}`);
      try {
        await build({
          configFile: join(root, "vite.config.ts"),
          build: { outDir, emptyOutDir: true },
          logLevel: "warn",
        });
        await fs.rm(distDir, { recursive: true, force: true });
        await fs.rename(outDir, distDir).catch(async (error: NodeJS.ErrnoException) => {
          if (!existsSync(join(distDir, "index.html"))) throw error;
        });
      } finally {
        await fs.rm(outDir, { recursive: true, force: true });
      }
      log(`${name}: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    })().finally(() => {
      building = null;
    });
    return building;
  }

  return { distDir, distIsStale, ensureBuilt };
}
