/**
 * Telemetry dashboard: pushes machine metrics that a gauge, a progress ring, a sparkline, labels
 * and a status light read through their sync bindings (telemetry.layout.json).
 *
 *   npx tsx examples/telemetry.ts
 */
import { readFileSync } from "node:fs";
import { cpus, freemem, hostname, loadavg, totalmem, uptime } from "node:os";
import { createHub } from "@carter/hub";
import { isMain, runExample, type ExampleOptions, type RunningExample } from "./lib/run-example.js";

export const layout: unknown = JSON.parse(
  readFileSync(new URL("./telemetry.layout.json", import.meta.url), "utf8"),
);

export interface TelemetryOptions extends ExampleOptions {
  /** Time between metric frames (default 1000 ms). */
  intervalMs?: number;
}

/** One metrics frame: CPU load and memory in percent, uptime in seconds, a health key. */
export function sampleMetrics(): { cpu: number; mem: number; uptime: number; health: string } {
  const cpu = Math.min(100, Math.round((loadavg()[0] / cpus().length) * 100));
  const mem = Math.round((1 - freemem() / totalmem()) * 100);
  return { cpu, mem, uptime: Math.round(uptime()), health: cpu > 80 ? "busy" : "ok" };
}

export async function start(options: TelemetryOptions = {}): Promise<RunningExample> {
  const log = options.log ?? (() => {});
  const hub = await createHub({ layout, url: options.url, relay: { port: options.relayPort } });

  // One frame feeds every control that filters on msg_type "metrics"; the layout owns the paths.
  const pushMetrics = () => {
    const metrics = hub.push("metrics", sampleMetrics());
    log(`metrics cpu=${String(metrics.cpu)}% mem=${String(metrics.mem)}%`);
  };
  hub.set("host", hostname());
  pushMetrics();
  const timer = setInterval(pushMetrics, options.intervalMs ?? 1000);

  return {
    hub,
    async stop() {
      clearInterval(timer);
      await hub.close();
    },
  };
}

if (isMain(import.meta.url)) await runExample("telemetry", start);
