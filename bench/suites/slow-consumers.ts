import { setTimeout as sleep } from "node:timers/promises";
import { newId } from "@carter/protocol";
import { closeAll, connectMember, type Member } from "../lib/clients.js";
import type { Suite } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import { connectPublisher, connectViewers } from "../relay/fanout.js";
import { measureLatency, type LatencyOptions, type LatencyResult } from "../relay/latency.js";
import { waitForQuietServer } from "../relay/window.js";

const HEALTHY_VIEWERS = 1000;
const STALLED_VIEWERS = 50;
/** A quarter of the default 1 MiB send buffer, so memory held for stalled sockets shows sooner. */
const SEND_BUFFER_LIMIT = 262_144;
const LATENCY: LatencyOptions = {
  broadcastsPerSecond: 50,
  warmupMs: 1_000,
  windowMs: 15_000,
  drainTimeoutMs: 10_000,
  padBytes: 2_000,
};
/**
 * On loopback the kernel takes about 4 MB for a socket whose reader stopped before the relay's own
 * buffer grows at all: at 50 broadcasts/s that takes a minute. So each stalled viewer is first sent
 * 3 MB of routed frames (as if it had stopped reading a while ago); the broadcasts of the measured
 * window then push it past the relay's limit.
 */
const PREFILL_FRAMES = 12;
const PREFILL_BYTES = 250_000;
const MB = 1024 * 1024;

async function metric(server: ServerProcess, name: string): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** Highest RSS seen by polling every 250 ms while `work` runs. */
async function peakRssDuring<T>(
  server: ServerProcess,
  work: Promise<T>,
): Promise<{ result: T; peak: number }> {
  let peak = 0;
  let done = false;
  const polling = (async () => {
    while (!done) {
      peak = Math.max(peak, (await server.stats()).rss);
      await sleep(250);
    }
  })();
  try {
    return { result: await work, peak };
  } finally {
    done = true;
    await polling;
  }
}

const suite: Suite = {
  name: "slow-consumers",
  description: `${HEALTHY_VIEWERS} healthy viewers at 50 broadcasts/s, without and then beside ${STALLED_VIEWERS} that stopped reading`,
  timeoutMs: 170_000,
  async run({ log }) {
    const server = await ServerProcess.start("relay", 20_000, {
      BENCH_RELAY_OPTIONS: JSON.stringify({ sendBufferLimit: SEND_BUFFER_LIMIT }),
    });
    const members: Member[] = [];
    try {
      log(`connecting ${HEALTHY_VIEWERS} viewers and a publisher`);
      const publisher = await connectPublisher(server.url);
      const healthy = await connectViewers(server.url, HEALTHY_VIEWERS);
      members.push(publisher, ...healthy);
      await waitForQuietServer(server);

      log("latency without stalled viewers");
      const alone: LatencyResult = await measureLatency(publisher, healthy, LATENCY);

      log(`connecting ${STALLED_VIEWERS} viewers that stop reading`);
      const stalled = await connectViewers(server.url, STALLED_VIEWERS, HEALTHY_VIEWERS);
      members.push(...stalled);
      // Stops reading the TCP stream: the kernel buffers fill, then the relay's send buffer.
      for (const viewer of stalled) viewer.ws.pause();
      const filler = await connectMember(server.url, { name: "bench-filler", channel: "bench", role: "hub" });
      members.push(filler);
      const dropsBefore = (await metric(server, "mesh_slow_consumers_dropped_total")) ?? 0;
      const bulk = JSON.stringify("x".repeat(PREFILL_BYTES));
      for (const viewer of stalled) {
        const routed = `{"target_name":"${viewer.name}","type":"bulk","payload":${bulk}}`;
        for (let frame = 0; frame < PREFILL_FRAMES; frame++)
          filler.send(`{"id":"${newId()}","type":"route_msg_noreply","payload":${routed},"reply_to":null}`);
      }
      await waitForQuietServer(server);
      const droppedByPrefill =
        ((await metric(server, "mesh_slow_consumers_dropped_total")) ?? 0) - dropsBefore;

      log("latency with stalled viewers");
      const before = await server.collectedStats();
      const { result: beside, peak } = await peakRssDuring(
        server,
        measureLatency(publisher, healthy, LATENCY),
      );
      const dropped = ((await metric(server, "mesh_slow_consumers_dropped_total")) ?? 0) - dropsBefore;
      const after = await server.collectedStats();

      const notes = [
        `relay config: ${JSON.stringify(server.config)}`,
        `payload ${LATENCY.padBytes} B of filler at ${LATENCY.broadcastsPerSecond}/s, ${LATENCY.windowMs / 1000} s window after ${LATENCY.warmupMs / 1000} s warm-up`,
        `healthy deliveries: ${alone.samples}/${alone.expected} alone, ${beside.samples}/${beside.expected} beside stalled viewers`,
        `healthy viewers closed by the relay: ${alone.closedViewers} alone, ${beside.closedViewers} beside stalled viewers`,
        `stalled viewers closed with 1013 by the relay (mesh_slow_consumers_dropped_total): ${dropped}/${STALLED_VIEWERS}, ${droppedByPrefill} of them before the measured window`,
        `relay RSS: ${(before.rss / MB).toFixed(1)} MB (after GC) as the window starts with the stalled viewers filled, peak ${(peak / MB).toFixed(1)} MB during it, ${(after.rss / MB).toFixed(1)} MB (after GC) once they are closed`,
      ];
      return {
        labels: { value: "with stalled", baseline: "without" },
        rows: [
          { metric: "healthy p50", unit: "ms", value: beside.p50Ms, baseline: alone.p50Ms },
          {
            metric: "healthy p99",
            unit: "ms",
            value: beside.p99Ms,
            baseline: alone.p99Ms,
            target: { kind: "ratio-at-most", ratio: 1.2 },
          },
          { metric: "healthy max", unit: "ms", value: beside.maxMs, baseline: alone.maxMs },
          {
            metric: "stalled closed with 1013",
            unit: "",
            value: dropped,
            target: { kind: "at-least", limit: STALLED_VIEWERS },
          },
          {
            // Bounded: each stalled socket holds at most its send buffer, twice over for slack.
            metric: "relay RSS growth in the window",
            unit: "MB",
            value: (peak - before.rss) / MB,
            target: { kind: "at-most", limit: (2 * STALLED_VIEWERS * SEND_BUFFER_LIMIT) / MB },
          },
        ],
        notes,
      };
    } finally {
      closeAll(members);
      await server.stop();
    }
  },
};

export default suite;
