import { setTimeout as sleep } from "node:timers/promises";
import { newId } from "@carter/protocol";
import { closeAll, connectMember, connectMany, type Member } from "../lib/clients.js";
import type { Suite } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import { cpuMicros, cpuPercent, percentile } from "../lib/stats.js";
import { readSentAt } from "../relay/latency.js";
import { waitUntil } from "../relay/window.js";

const CHURN_SLOTS = 5000;
const CHURN_MS = 60_000;
const QUIET_MS = 10_000;
const SETTLE_MS = 30_000;
const OBSERVERS = 20;
const BROADCASTS_PER_SECOND = 50;
const ROUTES_PER_SECOND = 20;
/** Churners share channels ten at a time, so their broadcasts reach a few others each. */
const CHURN_CHANNELS = 500;
/** How long a churner stays (uniform), and how long it waits before reconnecting. */
const HOLD_MS: [number, number] = [10_000, 30_000];
const PAUSE_MS: [number, number] = [0, 1_000];
const ROUTE_DEADLINE_MS = 5_000;
/** The relay refuses a client's 17th outstanding routed request (relay-core.ts). */
const MAX_OUTSTANDING_ROUTES = 16;
const MB = 1024 * 1024;

const CHANNEL = "soak";
const ECHO = "soak-echo";

const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);

/** What the healthy members saw in one phase. */
interface Phase {
  broadcastsSent: number;
  deliveries: number;
  latencies: Float64Array;
  samples: number;
  routesSent: number;
  routesAnswered: number;
  routesFailed: number;
  /** Why routed requests failed: the relay's error strings, or `no reply` within the deadline. */
  failures: Map<string, number>;
}

interface Healthy {
  publisher: Member;
  observers: Member[];
  echo: Member;
  caller: Member;
}

async function connectHealthy(url: string): Promise<Healthy> {
  const publisher = await connectMember(url, { name: "soak-publisher", channel: CHANNEL, role: "hub" });
  const echo = await connectMember(url, { name: ECHO, channel: CHANNEL, role: "hub" });
  const caller = await connectMember(url, { name: "soak-caller", channel: CHANNEL, role: "hub" });
  const observers = await connectMany(url, OBSERVERS, (index) => ({
    name: `soak-observer-${index}`,
    channel: CHANNEL,
    role: "viewer",
  }));
  // The echo member answers every routed request with its own payload.
  echo.onMessage = (data) => {
    const frame = JSON.parse(data.toString()) as { id: string; type: string; payload: unknown };
    if (frame.type === "soak_question")
      echo.send(
        JSON.stringify({ id: newId(), type: "soak_answer", payload: frame.payload, reply_to: frame.id }),
      );
  };
  return { publisher, observers, echo, caller };
}

/** Broadcasts to the observers and routes through the echo member at fixed rates until `until`. */
async function serveHealthy(healthy: Healthy, durationMs: number): Promise<Phase> {
  const expectedBroadcasts = Math.ceil((durationMs / 1000) * BROADCASTS_PER_SECOND);
  const phase: Phase = {
    broadcastsSent: 0,
    deliveries: 0,
    latencies: new Float64Array(expectedBroadcasts * OBSERVERS + OBSERVERS),
    samples: 0,
    routesSent: 0,
    routesAnswered: 0,
    routesFailed: 0,
    failures: new Map(),
  };
  const fail = (reason: string): void => {
    phase.routesFailed++;
    phase.failures.set(reason, (phase.failures.get(reason) ?? 0) + 1);
  };
  const onDelivery = (data: Buffer): void => {
    const sentAt = readSentAt(data);
    if (sentAt === undefined) return;
    phase.deliveries++;
    if (phase.samples < phase.latencies.length) phase.latencies[phase.samples++] = performance.now() - sentAt;
  };
  for (const observer of healthy.observers) observer.onMessage = onDelivery;

  const waiting = new Map<string, NodeJS.Timeout>();
  healthy.caller.onMessage = (data) => {
    const frame = JSON.parse(data.toString()) as {
      reply_to: string | null;
      payload: { status?: string; error?: string };
    };
    const timer = frame.reply_to === null ? undefined : waiting.get(frame.reply_to);
    if (timer === undefined) return;
    clearTimeout(timer);
    waiting.delete(frame.reply_to!);
    if (frame.payload?.status === "failed") fail(frame.payload.error ?? "failed");
    else phase.routesAnswered++;
  };
  const route = (): void => {
    const id = newId();
    waiting.set(
      id,
      setTimeout(() => {
        waiting.delete(id);
        fail("no reply");
      }, ROUTE_DEADLINE_MS),
    );
    healthy.caller.send(
      JSON.stringify({
        id,
        type: "route_msg",
        payload: { target_name: ECHO, type: "soak_question", payload: { n: phase.routesSent } },
        reply_to: null,
      }),
    );
    phase.routesSent++;
  };

  const started = performance.now();
  const broadcastEvery = 1000 / BROADCASTS_PER_SECOND;
  const routeEvery = 1000 / ROUTES_PER_SECOND;
  let nextRoute = started;
  // Paced against the start time, so timer lateness does not lower the rates.
  for (let sequence = 0; sequence < expectedBroadcasts; sequence++) {
    const due = started + sequence * broadcastEvery;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    healthy.publisher.send(
      `{"id":"${newId()}","type":"broadcast_request","payload":{"msg_type":"soak","seq":${sequence},"bench_sent_at":${sentAt.toFixed(4)}},"reply_to":null}`,
    );
    phase.broadcastsSent++;
    // Like a well-behaved client, never more requests in flight than the relay allows per client.
    while (nextRoute <= sentAt && waiting.size < MAX_OUTSTANDING_ROUTES) {
      route();
      nextRoute += routeEvery;
    }
  }
  await waitUntil(
    () => phase.deliveries >= phase.broadcastsSent * OBSERVERS && waiting.size === 0,
    ROUTE_DEADLINE_MS + 1_000,
  );
  for (const timer of waiting.values()) {
    clearTimeout(timer);
    fail("no reply");
  }
  return phase;
}

interface Churn {
  connects: number;
  connectFailures: number;
  stop(): Promise<void>;
}

/** `CHURN_SLOTS` sockets that connect, identify, broadcast, route, stay a while, leave and come back. */
function churn(url: string): Churn {
  const state: Churn = { connects: 0, connectFailures: 0, stop: async () => {} };
  let running = true;
  const live = new Set<Member>();
  const slot = async (index: number): Promise<void> => {
    await sleep(Math.random() * 5_000);
    const channel = `churn-${index % CHURN_CHANNELS}`;
    while (running) {
      let member: Member;
      try {
        member = await connectMember(url, { name: `churn-${index}`, channel, role: "hub" });
      } catch {
        state.connectFailures++;
        await sleep(500);
        continue;
      }
      state.connects++;
      live.add(member);
      member.send(
        `{"id":"${newId()}","type":"broadcast_request","payload":{"msg_type":"churn","from":${index}},"reply_to":null}`,
      );
      // A peer in the same channel that may or may not be connected: an answer, a refusal or a timeout.
      const peer = `churn-${(index + CHURN_CHANNELS) % CHURN_SLOTS}`;
      member.send(
        `{"id":"${newId()}","type":"route_msg","payload":{"target_name":"${peer}","type":"churn_question","payload":null},"reply_to":null}`,
      );
      await sleep(between(HOLD_MS));
      live.delete(member);
      // Half leave with a close handshake, half just drop the connection.
      if (Math.random() < 0.5) member.ws.close();
      else member.close();
      await sleep(between(PAUSE_MS));
    }
  };
  const slots = Array.from({ length: CHURN_SLOTS }, (_, index) => slot(index));
  state.stop = async () => {
    running = false;
    closeAll(live);
    live.clear();
    await Promise.all(slots);
    closeAll(live);
  };
  return state;
}

function summary(phase: Phase) {
  return {
    lost: phase.broadcastsSent * OBSERVERS - phase.deliveries,
    p50: percentile(phase.latencies, phase.samples, 50),
    p99: percentile(phase.latencies, phase.samples, 99),
    max: percentile(phase.latencies, phase.samples, 100),
  };
}

const suite: Suite = {
  name: "soak",
  description: `${CHURN_SLOTS} churning connections for ${CHURN_MS / 1000} s around ${OBSERVERS} healthy observers`,
  timeoutMs: 240_000,
  async run({ log }) {
    const server = await ServerProcess.start("relay");
    let healthy: Healthy | undefined;
    try {
      healthy = await connectHealthy(server.url);
      log(`quiet phase: ${QUIET_MS / 1000} s with the healthy members alone`);
      const start = await server.collectedStats();
      const quiet = await serveHealthy(healthy, QUIET_MS);
      const quietDelay = (await server.collectedStats()).loopDelay;

      log(`churn phase: ${CHURN_SLOTS} churning connections for ${CHURN_MS / 1000} s`);
      const churning = churn(server.url);
      const cpuBefore = {
        server: (await server.stats()).cpu,
        loadgen: process.cpuUsage(),
        at: performance.now(),
      };
      let peak = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          peak = Math.max(peak, (await server.stats()).rss);
          await sleep(1_000);
        }
      })();
      const busy = await serveHealthy(healthy, CHURN_MS);
      const churnStats = await server.stats();
      const churnDelay = churnStats.loopDelay;
      const wallMs = performance.now() - cpuBefore.at;
      const relayCpu = cpuPercent(cpuMicros(cpuBefore.server, churnStats.cpu), wallMs);
      const loadgenCpu = cpuPercent(cpuMicros(cpuBefore.loadgen, process.cpuUsage()), wallMs);
      await churning.stop();
      polling = false;
      await poller;

      log(`settling: ${SETTLE_MS / 1000} s after the churn stopped`);
      await sleep(SETTLE_MS);
      const settled = await server.collectedStats();

      const q = summary(quiet);
      const b = summary(busy);
      return {
        labels: { value: "during churn", baseline: "quiet" },
        rows: [
          {
            metric: "broadcasts lost by observers",
            unit: "",
            value: b.lost,
            baseline: q.lost,
            target: { kind: "at-most", limit: 0 },
          },
          {
            metric: "routed requests failed",
            unit: "",
            value: busy.routesFailed,
            baseline: quiet.routesFailed,
            target: { kind: "at-most", limit: 0 },
          },
          { metric: "observer latency p50", unit: "ms", value: b.p50, baseline: q.p50 },
          { metric: "observer latency p99", unit: "ms", value: b.p99, baseline: q.p99 },
          { metric: "observer latency max", unit: "ms", value: b.max, baseline: q.max },
          {
            metric: "relay event-loop lag p99",
            unit: "ms",
            value: churnDelay.p99Ms,
            baseline: quietDelay.p99Ms,
          },
          {
            metric: "relay event-loop lag max",
            unit: "ms",
            value: churnDelay.maxMs,
            baseline: quietDelay.maxMs,
          },
          { metric: "relay RSS at start", unit: "MB", value: start.rss / MB },
          {
            metric: `relay heap ${SETTLE_MS / 1000} s after`,
            unit: "MB",
            value: settled.heapUsed / MB,
            baseline: start.heapUsed / MB,
          },
          { metric: "relay RSS peak during churn", unit: "MB", value: peak / MB },
          {
            metric: `relay RSS ${SETTLE_MS / 1000} s after`,
            unit: "MB",
            value: settled.rss / MB,
            baseline: start.rss / MB,
            target: { kind: "ratio-at-most", ratio: 1.1 },
          },
        ],
        notes: [
          `relay config: ${JSON.stringify(server.config)}`,
          `healthy: ${OBSERVERS} observers of ${BROADCASTS_PER_SECOND} broadcasts/s, ${ROUTES_PER_SECOND} routed requests/s to an echo member; quiet ${QUIET_MS / 1000} s, then ${CHURN_MS / 1000} s of churn`,
          `churn: ${CHURN_SLOTS} slots each connecting, identifying, broadcasting once, routing once, staying ${HOLD_MS[0] / 1000}-${HOLD_MS[1] / 1000} s, leaving (half with a close handshake), reconnecting after up to ${PAUSE_MS[1] / 1000} s`,
          `churn connects: ${churning.connects} admitted, ${churning.connectFailures} failed (${(churning.connects / (CHURN_MS / 1000)).toFixed(0)}/s)`,
          `routed requests: ${busy.routesAnswered}/${busy.routesSent} answered during churn, ${quiet.routesAnswered}/${quiet.routesSent} quiet; failures ${JSON.stringify(Object.fromEntries(busy.failures))}`,
          `CPU during churn: relay ${relayCpu.toFixed(0)}%, load generator ${loadgenCpu.toFixed(0)}% of a core`,
          `RSS at start and ${SETTLE_MS / 1000} s after are after GC; the peak is polled every second without GC`,
        ],
      };
    } finally {
      if (healthy !== undefined)
        closeAll([healthy.publisher, healthy.echo, healthy.caller, ...healthy.observers]);
      await server.stop();
    }
  },
};

export default suite;
