import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { viteApp } from "./vite-app.js";

/** The device package directory (holding `index.html`, `vite.config.ts`, `src/`, `dist/`). */
const DEVICE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PACKAGES = join(DEVICE_ROOT, "..");

/** The web device app: this package and the workspace packages its bundle imports. */
export const deviceApp = viteApp("device", DEVICE_ROOT, [
  join(DEVICE_ROOT, "src"),
  join(DEVICE_ROOT, "index.html"),
  join(DEVICE_ROOT, "public"),
  join(DEVICE_ROOT, "vite.config.ts"),
  join(DEVICE_ROOT, "package.json"),
  ...["protocol", "client", "kit"].map((name) => join(PACKAGES, name, "src")),
]);
