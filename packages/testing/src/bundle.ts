import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

/**
 * Bundles `entry` with Vite into one IIFE script that assigns the module's exports to
 * `globalThis[globalName]`, the way a page without a module loader would use it.
 */
export async function bundleIife(entry: URL, globalName: string): Promise<string> {
  const output = (await build({
    logLevel: "silent",
    configFile: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(entry), formats: ["iife"], name: globalName },
    },
  })) as Rollup.RollupOutput[];
  const chunk = output[0].output[0];
  if (chunk.type !== "chunk") throw new Error(`bundling ${entry.href} gave no script chunk`);
  return chunk.code;
}

/** An HTML page that runs `script` inline (a literal `</script` inside it cannot end the tag early). */
export function scriptPage(script: string): string {
  return `<!doctype html><script>${script.replace(/<\/script/g, "<\\/script")}</script>`;
}
