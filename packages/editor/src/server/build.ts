import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { viteApp } from "@carter/device/server";

/** The editor package directory (holding `index.html`, `vite.config.ts`, `src/`, `dist/`). */
const EDITOR_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PACKAGES = join(EDITOR_ROOT, "..");

/**
 * The editor app: its browser sources, the workspace packages its bundle imports and the repo's
 * sample layouts (its templates).
 */
export const editorApp = viteApp("editor", EDITOR_ROOT, [
  join(EDITOR_ROOT, "src", "app"),
  join(EDITOR_ROOT, "src", "main.tsx"),
  join(EDITOR_ROOT, "src", "styles.css"),
  join(EDITOR_ROOT, "src", "live.css"),
  join(EDITOR_ROOT, "index.html"),
  join(EDITOR_ROOT, "vite.config.ts"),
  join(EDITOR_ROOT, "package.json"),
  ...["protocol", "client", "kit", "authoring"].map((name) => join(PACKAGES, name, "src")),
  join(PACKAGES, "..", "examples"),
]);
