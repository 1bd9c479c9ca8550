/**
 * Interactive controls: a toggle, a slider and a button whose actions the hub handles, echoing
 * the authoritative state back with hub.set so every device shows what really happened. The
 * layout turns on acked commands (state.acks), so each action also gets a command_ack.
 *
 *   npx tsx examples/interactive.ts
 */
import { readFileSync } from "node:fs";
import { createHub } from "@carter/hub";
import { isMain, runExample, type ExampleOptions, type RunningExample } from "./lib/run-example.js";

export const layout: unknown = JSON.parse(
  readFileSync(new URL("./interactive.layout.json", import.meta.url), "utf8"),
);

export const FAN_SPEEDS = [0, 1, 2, 3];

export async function start(options: ExampleOptions = {}): Promise<RunningExample> {
  const log = options.log ?? (() => {});
  const hub = await createHub({
    layout,
    url: options.url,
    relay: { port: options.relayPort },
    onError: (error, context) => log(`${context} refused: ${(error as Error).message}`),
  });
  const porch = { light: false, fan: 0, reboots: 0 };

  // The initial truth, so a device that joins before any action still gets a snapshot.
  hub.set("porch-light", porch.light);
  hub.set("fan-speed", porch.fan);
  hub.set("status", "idle");

  hub.on("porch-light", (value, _payload, meta) => {
    porch.light = value === true;
    hub.set("porch-light", porch.light);
    log(`porch light ${porch.light ? "on" : "off"} (from ${meta.from ?? "unknown"})`);
  });

  hub.on("fan-speed", (value) => {
    // Throwing refuses the command: the device gets command_ack ok:false and reverts.
    if (typeof value !== "number" || !FAN_SPEEDS.includes(value)) {
      throw new Error(`fan speed must be one of ${FAN_SPEEDS.join(", ")}, got ${JSON.stringify(value)}`);
    }
    porch.fan = value;
    hub.set("fan-speed", porch.fan);
    log(`fan speed ${porch.fan}`);
  });

  hub.on("reboot", () => {
    porch.reboots += 1;
    hub.set("status", `reboot #${porch.reboots} requested`);
    log(`reboot #${porch.reboots} requested`);
  });

  return { hub, stop: () => hub.close() };
}

if (isMain(import.meta.url)) await runExample("interactive", start);
