// @ts-check
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createHub } from "@carter/hub";

/** @type {import("@carter/kit").Layout} */
export const layout = JSON.parse(readFileSync(new URL("./layout.json", import.meta.url), "utf8"));

/**
 * The server side of layout.json: keeps the level the slider sets, resets it from the button and
 * shows the server's time. Without `url` the hub starts its own relay on ws://127.0.0.1:8765.
 *
 * @param {{ url?: string }} [options]
 */
export async function startHub(options = {}) {
  const hub = await createHub({ layout, url: options.url });
  hub.set("level", 50);
  hub.on("level", (value) => hub.set("level", Math.max(0, Math.min(100, Number(value) || 0))));
  hub.on("reset", () => hub.set("level", 0));
  const tick = () => hub.set("clock", new Date().toLocaleTimeString());
  tick();
  const timer = setInterval(tick, 1000);
  return {
    hub,
    close: async () => {
      clearInterval(timer);
      await hub.close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { hub, close } = await startHub({ url: process.env.CARTER_RELAY_URL });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.once(signal, () => void close());
  console.log(`serving ${layout.name} on ${hub.url} as '${hub.name}'`);
}
