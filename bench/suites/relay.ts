import { closeAll, type Member } from "../lib/clients.js";
import type { Row, Suite, SuiteContext, SuiteResult, Target } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import {
  connectPublisher,
  connectViewers,
  defaultFanoutOptions,
  measureFanout,
  type FanoutResult,
} from "../relay/fanout.js";
import { measureLatency, medianLatency, type LatencyResult } from "../relay/latency.js";
import { measureIdleMemory, type IdleMemoryResult } from "../relay/memory.js";
import { connectRpcMembers, defaultRpcOptions, measureRpc, type RpcResult } from "../relay/rpc.js";
import { describeSaturation, waitForQuietServer } from "../relay/window.js";

const FANOUT_VIEWERS = [10, 100, 1000] as const;
const LATENCY_VIEWERS = 1000;
const IDLE_CONNECTIONS = 2000;
const RPC_CALLERS = 4;
/** Throughput windows per server; the best counts, since noise on a shared machine only lowers rates. */
const THROUGHPUT_ROUNDS = 2;
const THROUGHPUT_WINDOW_MS = 1_500;
/** Latency runs per server, alternating which server goes first; the figures are their medians. */
const LATENCY_ROUNDS = 3;

/** Everything measured against one server; fields stay undefined past the point a run failed. */
interface Figures {
  config?: Record<string, unknown>;
  memory?: IdleMemoryResult;
  fanout: Map<number, FanoutResult>;
  latency?: LatencyResult;
  /** Every latency run, in order, before the median is taken. */
  latencyRuns: LatencyResult[];
  rpc?: RpcResult;
  error?: string;
}

/** One server under test and the load generator's sockets on it. */
interface Contender {
  script: "ceiling" | "relay";
  figures: Figures;
  server?: ServerProcess;
  publisher?: Member;
  viewers: Member[];
  echo?: Member;
  callers: Member[];
}

function contender(script: Contender["script"]): Contender {
  return { script, figures: { fanout: new Map(), latencyRuns: [] }, viewers: [], callers: [] };
}

/** Every load-generator socket the contender holds open. */
function membersOf(entry: Contender): Member[] {
  const members = [...entry.viewers, ...entry.callers];
  if (entry.publisher !== undefined) members.push(entry.publisher);
  if (entry.echo !== undefined) members.push(entry.echo);
  return members;
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
      entry.publisher = await connectPublisher(server.url);
    },
  );

  const fanoutOptions = { ...defaultFanoutOptions, windowMs: THROUGHPUT_WINDOW_MS };
  for (const viewers of FANOUT_VIEWERS) {
    await eachServer(contenders, context, `connect ${viewers} viewers`, async (entry, server) => {
      entry.viewers.push(
        ...(await connectViewers(server.url, viewers - entry.viewers.length, entry.viewers.length)),
      );
    });
    for (let round = 1; round <= THROUGHPUT_ROUNDS; round++) {
      await eachServer(contenders, context, `fan-out 1→${viewers}, round ${round}`, async (entry, server) => {
        const result = await measureFanout(server, entry.publisher as Member, entry.viewers, fanoutOptions);
        const best = keepFaster(entry.figures.fanout.get(viewers), result, (r) => r.deliveriesPerSecond);
        entry.figures.fanout.set(viewers, best);
      });
    }
  }

  for (let round = 1; round <= LATENCY_ROUNDS; round++) {
    const order = round % 2 === 1 ? contenders : [...contenders].reverse();
    await eachServer(
      order,
      context,
      `latency at 50 broadcasts/s to ${LATENCY_VIEWERS} viewers, round ${round}`,
      async (entry) => {
        // Every server, not only this one: one that fell behind would still be sending its backlog
        // to the load generator during this run.
        for (const other of contenders)
          if (other.server !== undefined) await waitForQuietServer(other.server);
        const result = await measureLatency(
          entry.publisher as Member,
          entry.viewers.slice(0, LATENCY_VIEWERS),
        );
        entry.figures.latencyRuns.push(result);
        entry.figures.latency = medianLatency(entry.figures.latencyRuns);
      },
    );
  }

  await eachServer(contenders, context, `connect ${RPC_CALLERS} RPC callers`, async (entry, server) => {
    closeAll(membersOf(entry));
    entry.publisher = undefined;
    entry.viewers = [];
    await waitForQuietServer(server);
    ({ echo: entry.echo, callers: entry.callers } = await connectRpcMembers(server.url, RPC_CALLERS));
  });

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
  const row = (
    metric: string,
    unit: string,
    pick: (figures: Figures) => number | undefined,
    target?: Target,
  ): Row => ({ metric, unit, value: pick(relay), baseline: pick(ceiling), target });
  const perConnection = (pick: (memory: IdleMemoryResult) => number) => (figures: Figures) =>
    figures.memory === undefined ? undefined : pick(figures.memory) / KB;
  return [
    ...FANOUT_VIEWERS.flatMap((viewers) => [
      row(
        `fan-out 1→${viewers} deliveries/s`,
        "/s",
        (figures) => figures.fanout.get(viewers)?.deliveriesPerSecond,
        viewers === 1000 ? { kind: "ratio-at-least", ratio: 0.8 } : undefined,
      ),
      row(
        `fan-out 1→${viewers} server CPU/delivery`,
        "µs",
        (figures) => figures.fanout.get(viewers)?.serverCpuUsPerDelivery,
      ),
    ]),
    row(`latency @50/s→${LATENCY_VIEWERS} p50`, "ms", (figures) => figures.latency?.p50Ms),
    row(`latency @50/s→${LATENCY_VIEWERS} p99`, "ms", (figures) => figures.latency?.p99Ms, {
      kind: "ratio-at-most",
      ratio: 1,
    }),
    row(`latency @50/s→${LATENCY_VIEWERS} max`, "ms", (figures) => figures.latency?.maxMs),
    row("routed RPC round trips/s", "/s", (figures) => figures.rpc?.roundTripsPerSecond, {
      kind: "ratio-at-least",
      ratio: 0.7,
    }),
    row("routed RPC server CPU/round trip", "µs", (figures) => figures.rpc?.serverCpuUsPerRoundTrip),
    row(
      `RSS per idle connection (N=${IDLE_CONNECTIONS})`,
      "KB",
      perConnection((memory) => memory.rssBytesPerConnection),
      { kind: "at-most", limit: 16 },
    ),
    row(
      `heap per idle connection (N=${IDLE_CONNECTIONS})`,
      "KB",
      perConnection((memory) => memory.heapBytesPerConnection),
    ),
  ];
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
  const runs = figures.latencyRuns;
  if (runs.length > 0) {
    const each = (pick: (run: LatencyResult) => number | undefined) =>
      runs.map((run) => pick(run)?.toFixed(1) ?? "n/a").join(" / ");
    notes.push(`${label} latency runs p50 ${each((run) => run.p50Ms)} · p99 ${each((run) => run.p99Ms)} ms`);
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
  timeoutMs: 240_000,
  async run(context): Promise<SuiteResult> {
    const ceiling = contender("ceiling");
    const relay = contender("relay");
    try {
      await measureAll([ceiling, relay], context);
    } finally {
      for (const entry of [ceiling, relay]) closeAll(membersOf(entry));
      await Promise.all([ceiling.server?.stop(), relay.server?.stop()]);
    }
    return {
      labels: { value: "relay", baseline: "ceiling" },
      rows: rows(relay.figures, ceiling.figures),
      notes: [
        "servers run in their own node processes, measured in turn step by step; the load generator (this process) uses ws clients without deflate or UTF-8 checks",
        `throughput: best of ${THROUGHPUT_ROUNDS} windows of ${THROUGHPUT_WINDOW_MS / 1000} s per server; ratio = relay / ceiling; CPU = the server process's process.cpuUsage() over the window`,
        `latency: median of ${LATENCY_ROUNDS} runs per server, taken alternately (ceiling first in odd rounds, relay first in even ones), each once both servers went quiet`,
        ...notesFor("ceiling", ceiling.figures),
        ...notesFor("relay", relay.figures),
      ],
    };
  },
};

export default relaySuite;
