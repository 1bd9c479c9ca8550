/** Builds the gallery with Vite's JS API and serves it over HTTP on an ephemeral port. */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface ServedGallery {
  url: string;
  close(): Promise<void>;
}

export async function buildAndServeGallery(): Promise<ServedGallery> {
  const outDir = await mkdtemp(join(tmpdir(), "carter-gallery-"));
  await build({
    configFile: fileURLToPath(new URL("./vite.gallery.config.ts", import.meta.url)),
    build: { outDir },
    logLevel: "error",
  });
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    const file = join(outDir, path.endsWith("/") ? `${path}index.html` : path);
    stat(file)
      .then(
        (info) => {
          if (!info.isFile() || !file.startsWith(outDir)) throw new Error("not a file");
          response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
          createReadStream(file).pipe(response);
        },
        () => {
          response.writeHead(404).end("not found");
        },
      )
      .catch(() => response.writeHead(404).end("not found"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
