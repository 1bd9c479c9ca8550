/**
 * A latency load generator in its own process (see latency-probe.ts): a publisher and its viewers,
 * measuring on request. PROBE_PUBLISHER_URL, PROBE_VIEWER_URL, PROBE_VIEWERS.
 */
import { closeAll } from "../lib/clients.js";
import { hrtimeOffsetMs } from "../lib/stage-breakdown.js";
import { connectPublisher, connectViewers, untilEveryoneListens } from "./fanout.js";
import { measureLatency } from "./latency.js";
import type { ProbeReply, ProbeRequest } from "./latency-probe.js";

function send(message: ProbeReply): void {
  process.send?.(message);
}

process.on("disconnect", () => process.exit(0));
try {
  const publisher = await connectPublisher(process.env.PROBE_PUBLISHER_URL!);
  const viewers = await connectViewers(process.env.PROBE_VIEWER_URL!, Number(process.env.PROBE_VIEWERS));
  // Across processes the viewers' joins reach the publisher's process through Redis.
  await untilEveryoneListens(publisher, viewers);
  process.on("message", (request: ProbeRequest) => {
    if (request.cmd === "close") {
      closeAll([publisher, ...viewers]);
      process.disconnect();
      return;
    }
    measureLatency(publisher, viewers, request.options).then(
      (result) => send({ kind: "latency", seq: request.seq, result }),
      (error: unknown) => send({ kind: "failed", seq: request.seq, error: String(error) }),
    );
  });
  send({ kind: "ready", clockOffsetMs: hrtimeOffsetMs() });
} catch (error) {
  send({ kind: "failed", seq: 0, error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
