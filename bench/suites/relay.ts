import { closeAll, connectMany, connectMember, type Member } from "../lib/clients.js";
import type { Row, Suite, SuiteContext, SuiteResult } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import { defaultFanoutOptions, measureFanout, type FanoutResult } from "../relay/fanout.js";
import { measureLatency, type LatencyResult } from "../relay/latency.js";
import { measureIdleMemory, type IdleMemoryResult } from "../relay/memory.js";
import { defaultRpcOptions, measureRpc, type RpcResult } from "../relay/rpc.js";
import { describeSaturation, waitForQuietServer } from "../relay/window.js";

const FANOUT_VIEWERS = [10, 100, 1000] as const;
const LATENCY_VIEWERS = 1000;
const IDLE_CONNECTIONS = 2000;
const RPC_CALLERS = 4;
/** Throughput windows per server; the best counts, since noise on a shared machine only lowers rates. */
const THROUGHPUT_ROUNDS = 2;
const THROUGHPUT_WINDOW_MS = 1_500;

/** Everything measured against one server; fields stay undefined past the point a run failed. */
interface Figures {
  config?: Record<string, unknown>;
  memory?: IdleMemoryResult;
  fanout: Map<number, FanoutResult>;
  latency?: LatencyResult;
  rpc?: RpcResult;
  error?: string;
}

/** One server under test and the load generator's sockets on it. */
interface Contender {
  script: "ceiling" | "relay";
  figures: Figures;
  server?: ServerProcess;
  members: Member[];
  publisher?: Member;
  viewers: Member[];
  echo?: Member;
  callers: Member[];
}

function contender(script: Contender["script"]): Contender {
  return { script, figures: { fanout: new Map() }, members: [], viewers: [], callers: [] };
}

/**
 * Runs one step against each server in turn, so both see the same machine conditions within
 * seconds of each other. A server whose step failed is skipped from then on.
 */
async function eachServer(
  contenders: Contender[],
  context: SuiteContext,
  step: string,
  work: (contender: Contender, server: ServerProcess) => Promise<void>,
): Promise<void> {
  for (const entry of contenders) {
    if (entry.figures.error !== undefined || entry.server === undefined) continue;
    context.log(`[${entry.script}] ${step}`);
    try {
      await work(entry, entry.server);
    } catch (error) {
      entry.figures.error = `${step}: ${error instanceof Error ? error.message : String(error)}`;
      context.log(`[${entry.script}] stopped: ${entry.figures.error}`);
    }
  }
}

function keepFaster<T>(current: T | undefined, next: T, rate: (result: T) => number): T {
  return current === undefined || rate(next) > rate(current) ? next : current;
}

async function measureAll(contenders: Contender[], context: SuiteContext): Promise<void> {
  for (const entry of contenders) {
    try {
      entry.server = await ServerProcess.start(entry.script);
      entry.figures.config = entry.server.config;
      context.log(`[${entry.script}] listening on ${entry.server.url}`);
    } catch (error) {
      entry.figures.error = `start: ${error instanceof Error ? error.message : String(error)}`;
      context.log(`[${entry.script}] ${entry.figures.error}`);
    }
  }

  await eachServer(
    contenders,
    context,
    `idle memory, ${IDLE_CONNECTIONS} identified viewers`,
    async (entry, server) => {
      entry.figures.memory = await measureIdleMemory(server, IDLE_CONNECTIONS);
      await waitForQuietServer(server);
      entry.publisher = await connectMember(server.url, {
        name: "bench-publisher",
        channel: "bench",
        role: "hub",
      });
      entry.members.push(entry.publisher);
    },
  );

  const fanoutOptions = { ...defaultFanoutOptions, windowMs: THROUGHPUT_WINDOW_MS };
  for (const viewers of FANOUT_VIEWERS) {
    await eachServer(contenders, context, `connect ${viewers} viewers`, async (entry, server) => {
      const added = await connectMany(server.url, viewers - entry.viewers.length, (index) => ({
        name: `v-${entry.viewers.length + index}`,
        channel: "bench",
        role: "viewer",
      }));
      entry.viewers.push(...added);
      entry.members.push(...added);
    });
    for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
      await eachServer(contenders, context, `fan-out 1→${viewers}, round ${round}`, async (entry, server) => {
        const result = await measureFanout(server, entry.publisher as Member, entry.viewers, fanoutOptions);
        const best = keepFaster(entry.figures.fanout.get(viewers), result, (r) => r.deliveriesPerSecond);
        entry.figures.fanout.set(viewers, best);
      });
    }
  }

  await eachServer(
    contenders,
    context,
    `latency at 50 broadcasts/s to ${LATENCY_VIEWERS} viewers`,
    async (entry, server) => {
      entry.figures.latency = await measureLatency(
        entry.publisher as Member,
        entry.viewers.slice(0, LATENCY_VIEWERS),
      );
      closeAll(entry.members);
      entry.members = [];
      await waitForQuietServer(server);
      entry.echo = await connectMember(server.url, { name: "echo", channel: "rpc", role: "hub" });
      entry.callers = await connectMany(server.url, RPC_CALLERS, (index) => ({
        name: `caller-${index}`,
        channel: "rpc",
        role: "hub",
      }));
      entry.members.push(entry.echo, ...entry.callers);
    },
  );

  const rpcOptions = { ...defaultRpcOptions, windowMs: THROUGHPUT_WINDOW_MS };
  for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
    await eachServer(
      contenders,
      context,
      `routed RPC, ${RPC_CALLERS} callers → 1 echo member, round ${round}`,
      async (entry, server) => {
        const result = await measureRpc(server, entry.echo as Member, entry.callers, rpcOptions);
        entry.figures.rpc = keepFaster(entry.figures.rpc, result, (r) => r.roundTripsPerSecond);
      },
    );
  }
}

const KB = 1024;

function rows(relay: Figures, ceiling: Figures): Row[] {
  const out: Row[] = [];
  for (const viewers of FANOUT_VIEWERS) {
    const r = relay.fanout.get(viewers);
    const c = ceiling.fanout.get(viewers);
    out.push({
      metric: `fan-out 1→${viewers} deliveries/s`,
      unit: "/s",
      value: r?.deliveriesPerSecond,
      baseline: c?.deliveriesPerSecond,
      ...(viewers === 1000 ? { target: { kind: "ratio-at-least", ratio: 0.8 } as const } : {}),
    });
    out.push({
      metric: `fan-out 1→${viewers} server CPU/delivery`,
      unit: "µs",
      value: r?.serverCpuUsPerDelivery,
      baseline: c?.serverCpuUsPerDelivery,
    });
  }
  out.push(
    {
      metric: "latency @50/s→1000 p50",
      unit: "ms",
      value: relay.latency?.p50Ms,
      baseline: ceiling.latency?.p50Ms,
    },
    {
      metric: "latency @50/s→1000 p99",
      unit: "ms",
      value: relay.latency?.p99Ms,
      baseline: ceiling.latency?.p99Ms,
      target: { kind: "at-most", limit: 25 },
    },
    {
      metric: "latency @50/s→1000 max",
      unit: "ms",
      value: relay.latency?.maxMs,
      baseline: ceiling.latency?.maxMs,
    },
    {
      metric: "routed RPC round trips/s",
      unit: "/s",
      value: relay.rpc?.roundTripsPerSecond,
      baseline: ceiling.rpc?.roundTripsPerSecond,
      target: { kind: "ratio-at-least", ratio: 0.7 },
    },
    {
      metric: "routed RPC server CPU/round trip",
      unit: "µs",
      value: relay.rpc?.serverCpuUsPerRoundTrip,
      baseline: ceiling.rpc?.serverCpuUsPerRoundTrip,
    },
    {
      metric: `RSS per idle connection (N=${IDLE_CONNECTIONS})`,
      unit: "KB",
      value: kilobytes(relay.memory?.rssBytesPerConnection),
      baseline: kilobytes(ceiling.memory?.rssBytesPerConnection),
      target: { kind: "at-most", limit: 16 },
    },
    {
      metric: `heap per idle connection (N=${IDLE_CONNECTIONS})`,
      unit: "KB",
      value: kilobytes(relay.memory?.heapBytesPerConnection),
      baseline: kilobytes(ceiling.memory?.heapBytesPerConnection),
    },
  );
  return out;
}

function kilobytes(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / KB;
}

function notesFor(label: string, figures: Figures): string[] {
  const notes: string[] = [];
  if (figures.config !== undefined) notes.push(`${label} config: ${JSON.stringify(figures.config)}`);
  if (figures.error !== undefined) notes.push(`${label} run stopped early: ${figures.error}`);
  for (const [viewers, result] of figures.fanout) {
    notes.push(`${label} fan-out 1→${viewers}: ${describeSaturation(result.sample)}`);
    if (result.failedReplies > 0)
      notes.push(`${label} fan-out 1→${viewers}: ${result.failedReplies} failed broadcast replies`);
    if (result.missing > 0)
      notes.push(`${label} fan-out 1→${viewers}: ${result.missing} deliveries never arrived`);
    if (result.closedViewers > 0)
      notes.push(`${label} fan-out 1→${viewers}: ${result.closedViewers} viewers were closed by the server`);
  }
  const latency = figures.latency;
  if (latency !== undefined && latency.samples < latency.expected) {
    notes.push(
      `${label} latency: ${latency.samples}/${latency.expected} deliveries arrived within the drain timeout`,
    );
  }
  if (figures.rpc !== undefined) {
    notes.push(`${label} routed RPC: ${describeSaturation(figures.rpc.sample)}`);
    if (figures.rpc.failed > 0)
      notes.push(`${label} routed RPC: ${figures.rpc.failed} failed, first: ${figures.rpc.firstFailure}`);
  }
  if (figures.memory !== undefined && !figures.memory.collected)
    notes.push(`${label} memory: measured without a forced GC`);
  return notes;
}

const relaySuite: Suite = {
  name: "relay",
  description: "@carter/relay against a minimal ws fan-out server: fan-out, latency, routed RPC, idle memory",
  async run(context): Promise<SuiteResult> {
    const ceiling = contender("ceiling");
    const relay = contender("relay");
    try {
      await measureAll([ceiling, relay], context);
    } finally {
      for (const entry of [ceiling, relay]) closeAll(entry.members);
      await Promise.all([ceiling.server?.stop(), relay.server?.stop()]);
    }
    return {
      labels: { value: "relay", baseline: "ceiling" },
      rows: rows(relay.figures, ceiling.figures),
      notes: [
        "servers run in their own node processes, measured in turn step by step; the load generator (this process) uses ws clients without deflate or UTF-8 checks",
        `throughput: best of ${THROUGHPUT_ROUNDS} windows of ${THROUGHPUT_WINDOW_MS / 1000} s per server; ratio = relay / ceiling; CPU = the server process's process.cpuUsage() over the window`,
        ...notesFor("ceiling", ceiling.figures),
        ...notesFor("relay", relay.figures),
      ],
    };
  },
};

export default relaySuite;
