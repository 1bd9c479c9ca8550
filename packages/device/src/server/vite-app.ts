import { existsSync, promises as fs, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
};

/**
 * The decoded path of a request, or undefined when its percent-escapes are malformed (answer 400:
 * `decodeURIComponent` would throw and the request would read as a server fault).
 */
export function requestPath(req: IncomingMessage): string | undefined {
  try {
    return decodeURIComponent(new URL(req.url ?? "/", "http://app").pathname);
  } catch {
    return undefined;
  }
}

/** Answers 400 for a request whose path {@link requestPath} cannot read. */
export function refuseBadPath(res: ServerResponse): void {
  res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("malformed path");
}

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
  /**
   * Answers a GET/HEAD for `pathname` from `dist/` (`/` is `index.html`); 404 outside it. Hashed
   * `assets/` are cached for good, everything else is revalidated.
   */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
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

  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const relative = pathname === "/" ? "index.html" : normalize(pathname).replace(/^[/\\]+/, "");
    const file = join(distDir, relative);
    const isFile = file.startsWith(distDir + sep) && (await fs.stat(file).catch(() => null))?.isFile();
    if (!isFile) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    const data = await fs.readFile(file);
    const immutable = relative.startsWith("assets" + sep) || relative.startsWith("assets/");
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : data);
  }

  return { distDir, distIsStale, ensureBuilt, serve };
}
