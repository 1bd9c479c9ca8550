/** Builds the controls gallery (a static page that mounts every control with sample values). */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "error",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
});
