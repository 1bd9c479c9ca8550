import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Builds the standalone device app into `dist/` (served by `startDeviceServer`). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // The service worker is its own entry, emitted as /sw.js (unhashed: browsers re-check it by URL).
      input: {
        main: fileURLToPath(new URL("index.html", import.meta.url)),
        sw: fileURLToPath(new URL("src/sw/service-worker.ts", import.meta.url)),
      },
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
  logLevel: "warn",
});
