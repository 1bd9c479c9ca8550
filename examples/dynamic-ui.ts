/**
 * Server-driven UI: the hub fills a dynamic group with scene buttons (re-filled for every device
 * that joins), injects a whole tab at runtime and answers the layout's clock poll group.
 *
 *   npx tsx examples/dynamic-ui.ts
 */
import { readFileSync } from "node:fs";
import { createHub } from "@carter/hub";
import { isMain, runExample, type ExampleOptions, type RunningExample } from "./lib/run-example.js";

export const layout: unknown = JSON.parse(
  readFileSync(new URL("./dynamic-ui.layout.json", import.meta.url), "utf8"),
);

export const SCENES = ["night", "movie", "away"];

/** One button per scene, laid out in the dynamic group's own 2-column grid. */
export function sceneButtons(scenes: string[]) {
  return scenes.map((scene, i) => ({
    type: "button",
    id: `scene-${scene}`,
    position: [Math.floor(i / 2), i % 2],
    label: scene[0].toUpperCase() + scene.slice(1),
    action: {
      method: "meshsocket",
      mode: "broadcast",
      event: "broadcast_request",
      payload: { msg_type: "scene", value: scene },
    },
  }));
}

export const DIAGNOSTICS_TAB = {
  title: "Diagnostics",
  icon: "wrench.and.screwdriver",
  grid: { columns: 2, rows: 1 },
  children: [
    {
      type: "label",
      id: "diag-joins",
      position: [0, 0],
      span: [1, 2],
      label: "Devices joined",
      sync: [
        {
          method: "meshsocket",
          type: "listen",
          event: "broadcast",
          filter: { msg_type: "diag" },
          valuePath: "joins",
        },
      ],
    },
  ],
};

export async function start(options: ExampleOptions = {}): Promise<RunningExample> {
  const log = options.log ?? (() => {});
  const hub = await createHub({ layout, url: options.url, relay: { port: options.relayPort } });
  let joins = 0;

  hub.fill("scenes", sceneButtons(SCENES));
  hub.injectTab("extra.tab", DIAGNOSTICS_TAB);
  hub.set("diag-joins", joins);

  hub.on("scene", (value) => {
    hub.set("active-scene", String(value));
    log(`scene ${String(value)}`);
  });

  hub.onPoll("clock", () => {
    hub.set("clock", new Date().toISOString().slice(11, 19));
  });

  // The hub re-sends the scene deck and the tab itself; this only counts the joins.
  hub.onSyncRequest(({ from }) => {
    joins += 1;
    hub.set("diag-joins", joins);
    log(`device ${from ?? "unknown"} joined; re-filled its dynamic content`);
  });

  return { hub, stop: () => hub.close() };
}

if (isMain(import.meta.url)) await runExample("dynamic-ui", start);
