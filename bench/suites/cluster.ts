import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startRedisServer, type RedisServer } from "@carter/relay-redis/test-support";
import { allowedCpus, cpuSplit, pinProcesses } from "../lib/affinity.js";
import { closeAll, connectMany, connectMember, type Member } from "../lib/clients.js";
import type { ServerStats } from "../lib/ipc.js";
import type { Row, Suite, SuiteContext, SuiteResult } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import { hrtimeOffsetMs, stageBreakdown, type StageInterval } from "../lib/stage-breakdown.js";
import { cpuMicros, median } from "../lib/stats.js";
import {
  connectPublisher,
  connectViewers,
  defaultFanoutOptions,
  measureFanout,
  untilEveryoneListens,
  type FanoutResult,
} from "../relay/fanout.js";
import { medianLatency, p99DifferencePerRound, type LatencyResult } from "../relay/latency.js";
import { LatencyProbe } from "../relay/latency-probe.js";
import { connectRpcMembers, defaultRpcOptions, measureRpc, type RpcResult } from "../relay/rpc.js";
import { describeSaturation, waitForQuietServer, type StatsSource } from "../relay/window.js";
import type { StageStamp } from "../servers/stages.js";

const VIEWERS = 1000;
const RPC_CALLERS = 4;
const ROUNDS = 2;
const WINDOW_MS = 1_500;
/**
 * Latency runs per configuration, alternating single process and remote; the figures are their
 * medians. Per-run p99 on a 2-core machine spreads over tens of ms (the 1000 viewers share the
 * load generator's core), so a 5 ms target needs more than a handful of runs.
 */
const LATENCY_ROUNDS = 7;
/** Fan-out windows per configuration for the CPU-per-delivery ratio, 1 process and remote alternately. */
const CPU_ROUNDS = 3;

/**
 * Several relay processes read as one server: CPU summed over them. Each reading is also kept per
 * process, with Redis's own CPU beside it, so a window's cost can be split by process afterwards.
 */
class ProcessGroup implements StatsSource {
  /** Per reading: each relay process's CPU (µs), then Redis's. */
  readings: { relays: number[]; redis: number }[] = [];

  constructor(
    readonly relays: ServerProcess[],
    private readonly redis: RedisServer,
  ) {}

  async stats(timeoutMs?: number): Promise<ServerStats> {
    const [all, redis] = await Promise.all([
      Promise.all(this.relays.map((relay) => relay.stats(timeoutMs))),
      this.redis.cpuMicros(),
    ]);
    this.readings.push({ relays: all.map((stats) => cpuMicros({ user: 0, system: 0 }, stats.cpu)), redis });
    return {
      cpu: {
        user: all.reduce((sum, stats) => sum + stats.cpu.user, 0),
        system: all.reduce((sum, stats) => sum + stats.cpu.system, 0),
      },
      rss: all.reduce((sum, stats) => sum + stats.rss, 0),
      heapUsed: all.reduce((sum, stats) => sum + stats.heapUsed, 0),
      loopDelay: {
        p99Ms: Math.max(...all.map((stats) => stats.loopDelay.p99Ms)),
        maxMs: Math.max(...all.map((stats) => stats.loopDelay.maxMs)),
      },
      collected: false,
    };
  }

  /** CPU spent between the first and last reading since `readings` was cleared: per relay, and Redis's. */
  spent(): { relays: number[]; redis: number } {
    const first = this.readings[0];
    const last = this.readings[this.readings.length - 1];
    return {
      relays: last.relays.map((value, index) => value - first.relays[index]),
      redis: last.redis - first.redis,
    };
  }
}

interface FanoutFigures {
  result: FanoutResult;
  /** CPU per process and Redis over the measured window. */
  spent: { relays: number[]; redis: number };
}

interface Figures {
  single?: FanoutFigures;
  singleRedis?: FanoutFigures;
  spread?: FanoutFigures;
  remote?: FanoutFigures;
  singleLatency?: LatencyResult;
  remoteLatency?: LatencyResult;
  singleCpuRuns: FanoutFigures[];
  remoteCpuRuns: FanoutFigures[];
  singleLatencyRuns: LatencyResult[];
  remoteLatencyRuns: LatencyResult[];
  /** Each latency probe's clock offset (see LatencyProbe), to put its send stamps beside the relays'. */
  probeClockOffsetMs: { single: number; remote: number };
  /** Where the latency runs' broadcasts spent their time, single process and remote. */
  singleStages: StageInterval[];
  remoteStages: StageInterval[];
  singleRpc?: RpcResult;
  remoteRpc?: RpcResult;
  singleRpcRuns: RpcResult[];
  remoteRpcRuns: RpcResult[];
  notes: string[];
}

/** One fan-out window on `group`, once it is quiet. */
async function fanoutRound(
  group: ProcessGroup,
  publisher: Member,
  viewers: Member[],
): Promise<FanoutFigures> {
  await waitForQuietServer(group);
  group.readings = [];
  const result = await measureFanout(group, publisher, viewers, {
    ...defaultFanoutOptions,
    windowMs: WINDOW_MS,
  });
  return { result, spent: group.spent() };
}

/** The round with the median server CPU per delivery: one noisy window neither makes nor breaks the ratio. */
function medianCpuRound(rounds: FanoutFigures[]): FanoutFigures | undefined {
  const sorted = rounds
    .filter((round) => round.result.serverCpuUsPerDelivery !== undefined)
    .sort((a, b) => a.result.serverCpuUsPerDelivery! - b.result.serverCpuUsPerDelivery!);
  return sorted[Math.floor(sorted.length / 2)];
}

async function bestFanout(
  group: ProcessGroup,
  publisher: Member,
  viewers: Member[],
  log: (line: string) => void,
  label: string,
): Promise<FanoutFigures> {
  let best: FanoutFigures | undefined;
  for (let round = 1; round <= ROUNDS; round++) {
    log(`${label}: fan-out 1→${viewers.length}, round ${round}`);
    const figures = await fanoutRound(group, publisher, viewers);
    if (best === undefined || figures.result.deliveriesPerSecond > best.result.deliveriesPerSecond)
      best = figures;
  }
  return best!;
}

async function startRelays(
  script: "relay" | "relay-redis",
  count: number,
  redis: RedisServer,
  stagesFile?: (index: number) => string,
): Promise<ServerProcess[]> {
  const relays: ServerProcess[] = [];
  for (let index = 0; index < count; index++)
    relays.push(
      await ServerProcess.start(script, 20_000, {
        BENCH_REDIS_URL: redis.url,
        BENCH_NODE_ID: `bench-${index}`,
        ...(stagesFile === undefined ? {} : { BENCH_STAGES_FILE: stagesFile(index) }),
      }),
    );
  return relays;
}

/** The stage stamps a relay process wrote when it exited (none if it never did). */
async function readStages(file: string): Promise<StageStamp[]> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as StageStamp[];
  } catch {
    return [];
  }
}

async function measureAll(
  redis: RedisServer,
  figures: Figures,
  context: SuiteContext,
  stagesDir: string,
): Promise<void> {
  // 1. One process, in-memory backplane: the baseline. It stays up, its publisher, viewers and RPC
  // members connected and idle, until its rounds alternate with the remote ones in step 3.
  const single = await startRelays("relay", 1, redis, () => join(stagesDir, "single.json"));
  const singleGroup = new ProcessGroup(single, redis);
  const singleMembers: Member[] = [];
  try {
    const singlePublisher = await connectPublisher(single[0].url);
    singleMembers.push(singlePublisher);
    const singleViewers = await connectViewers(single[0].url, VIEWERS);
    singleMembers.push(...singleViewers);
    await waitForQuietServer(singleGroup);
    const rpc = await connectRpcMembers(single[0].url, RPC_CALLERS);
    singleMembers.push(rpc.echo, ...rpc.callers);
    await waitForQuietServer(singleGroup);
    await measureRedisConfigurations(
      redis,
      figures,
      context,
      {
        group: singleGroup,
        publisher: singlePublisher,
        viewers: singleViewers,
        rpc,
      },
      stagesDir,
    );
  } finally {
    closeAll(singleMembers);
    await Promise.all(single.map((relay) => relay.stop()));
  }
}

/** The single-process relay kept up for the alternating CPU, latency and RPC rounds. */
interface SingleSetup {
  group: ProcessGroup;
  publisher: Member;
  viewers: Member[];
  /** Its routed-RPC members, idle until their rounds alternate with the remote ones. */
  rpc: { echo: Member; callers: Member[] };
}

async function measureRedisConfigurations(
  redis: RedisServer,
  figures: Figures,
  context: SuiteContext,
  single: SingleSetup,
  stagesDir: string,
): Promise<void> {
  const log = context.log;
  const members: Member[] = [];
  const track = <T extends Member | Member[]>(value: T): T => {
    if (Array.isArray(value)) members.push(...value);
    else members.push(value);
    return value;
  };
  const closeMembers = () => closeAll(members.splice(0));

  // 2. One process on the Redis backplane: what the backplane costs when nothing leaves the process.
  let relays = await startRelays("relay-redis", 1, redis);
  try {
    const group = new ProcessGroup(relays, redis);
    const publisher = track(await connectPublisher(relays[0].url));
    const viewers = track(await connectViewers(relays[0].url, VIEWERS));
    await waitForQuietServer(group);
    figures.singleRedis = await bestFanout(group, publisher, viewers, log, "1 process + redis");
  } finally {
    closeMembers();
    await Promise.all(relays.map((relay) => relay.stop()));
  }

  // 3. Two processes on Redis.
  relays = await startRelays("relay-redis", 2, redis, (index) => join(stagesDir, `remote-${index}.json`));
  try {
    const group = new ProcessGroup(relays, redis);
    const publisher = track(await connectPublisher(relays[0].url));
    // 3a. Every viewer on the other process: each broadcast crosses Redis once.
    let viewers = track(await connectViewers(relays[1].url, VIEWERS));
    await untilEveryoneListens(publisher, viewers);
    await waitForQuietServer(group);
    const singleRounds: FanoutFigures[] = [];
    const remoteRounds: FanoutFigures[] = [];
    for (let round = 1; round <= CPU_ROUNDS; round++) {
      const runs: [string, () => Promise<void>][] = [
        [
          "1 process",
          async () => {
            await waitForQuietServer(group);
            singleRounds.push(await fanoutRound(single.group, single.publisher, single.viewers));
          },
        ],
        [
          "2 processes, viewers remote",
          async () => {
            await waitForQuietServer(single.group);
            remoteRounds.push(await fanoutRound(group, publisher, viewers));
          },
        ],
      ];
      if (round % 2 === 0) runs.reverse();
      for (const [label, run] of runs) {
        log(`${label}: fan-out 1→${viewers.length}, round ${round}`);
        await run();
      }
    }
    figures.single = medianCpuRound(singleRounds);
    figures.remote = medianCpuRound(remoteRounds);
    figures.singleCpuRuns = singleRounds;
    figures.remoteCpuRuns = remoteRounds;
    // The single process's fan-out members are done: its RPC rounds below run without them, like the remote ones.
    closeAll([single.publisher, ...single.viewers]);
    // 3b. Viewers spread over both processes.
    closeAll(viewers.splice(VIEWERS / 2));
    viewers = [...viewers, ...track(await connectViewers(relays[0].url, VIEWERS / 2, VIEWERS))];
    await untilEveryoneListens(publisher, viewers);
    await waitForQuietServer(group);
    figures.spread = await bestFanout(group, publisher, viewers, log, "2 processes, viewers spread");
    closeMembers();
    await waitForQuietServer(group);
    // 3c. Routed RPC: callers on one process, the echo member on the other.
    const echo = track(await connectMember(relays[1].url, { name: "echo", channel: "rpc", role: "hub" }));
    const callers = track(
      await connectMany(relays[0].url, RPC_CALLERS, (index) => ({
        name: `caller-${index}`,
        channel: "rpc",
        role: "hub",
      })),
    );
    // The echo's join reaches the callers' process within a Redis round trip; the warm-up covers the rest.
    await sleep(300);
    const singleRpcRounds: RpcResult[] = [];
    const remoteRpcRounds: RpcResult[] = [];
    const rpcOptions = { ...defaultRpcOptions, windowMs: WINDOW_MS };
    for (let round = 1; round <= CPU_ROUNDS; round++) {
      const runs: [string, () => Promise<void>][] = [
        [
          "1 process",
          async () => {
            await waitForQuietServer(group);
            await waitForQuietServer(single.group);
            singleRpcRounds.push(
              await measureRpc(single.group, single.rpc.echo, single.rpc.callers, rpcOptions),
            );
          },
        ],
        [
          "2 processes",
          async () => {
            await waitForQuietServer(single.group);
            await waitForQuietServer(group);
            remoteRpcRounds.push(await measureRpc(group, echo, callers, rpcOptions));
          },
        ],
      ];
      if (round % 2 === 0) runs.reverse();
      for (const [label, run] of runs) {
        log(`${label}: routed RPC, round ${round}`);
        await run();
      }
    }
    figures.singleRpc = medianRpcRound(singleRpcRounds);
    figures.remoteRpc = medianRpcRound(remoteRpcRounds);
    figures.singleRpcRuns = singleRpcRounds;
    figures.remoteRpcRuns = remoteRpcRounds;
    // 3d. Latency, with every load-generator socket above closed: a probe process per configuration.
    closeMembers();
    closeAll([single.rpc.echo, ...single.rpc.callers]);
    await latencyPhase(figures, log, single.group, group, redis);
  } finally {
    closeMembers();
    await Promise.all(relays.map((relay) => relay.stop()));
  }
}

/**
 * 1 process and remote latency runs, alternately, each once both configurations went quiet: each
 * configuration's publisher and viewers in a probe process of their own, and the viewers' relay
 * process on a CPU of its own (see {@link pinForLatency}).
 */
async function latencyPhase(
  figures: Figures,
  log: (line: string) => void,
  single: ProcessGroup,
  remote: ProcessGroup,
  redis: RedisServer,
): Promise<void> {
  const probes: LatencyProbe[] = [];
  try {
    probes.push(await LatencyProbe.start(single.relays[0].url, single.relays[0].url, VIEWERS));
    probes.push(await LatencyProbe.start(remote.relays[0].url, remote.relays[1].url, VIEWERS));
    figures.probeClockOffsetMs = { single: probes[0].clockOffsetMs, remote: probes[1].clockOffsetMs };
    const unpin = pinForLatency(
      [single.relays[0], remote.relays[1]],
      [...probes.map((probe) => probe.pid), remote.relays[0].pid],
      redis,
      figures.notes,
    );
    try {
      for (let round = 1; round <= LATENCY_ROUNDS; round++) {
        const runs: [string, LatencyProbe, LatencyResult[]][] = [
          ["1 process", probes[0], figures.singleLatencyRuns],
          ["2 processes, viewers remote", probes[1], figures.remoteLatencyRuns],
        ];
        if (round % 2 === 0) runs.reverse();
        for (const [label, probe, results] of runs) {
          log(`${label}: latency at 50 broadcasts/s, round ${round}`);
          await waitForQuietServer(single);
          await waitForQuietServer(remote);
          results.push(await probe.measure());
        }
      }
    } finally {
      unpin();
    }
    figures.singleLatency = medianLatency(figures.singleLatencyRuns);
    figures.remoteLatency = medianLatency(figures.remoteLatencyRuns);
  } finally {
    await Promise.all(probes.map((probe) => probe.stop()));
  }
}

/**
 * Pins the relay process that writes the viewers' sockets (in both configurations) to CPUs of its
 * own, and everything else that works during a run (the probes, the publisher's relay process in
 * the remote configuration, Redis) to the first CPU. The bench process itself is left alone: it
 * only coordinates, and a pin on it would outlive a suite stopped at its deadline and pass to
 * every process later suites start (see {@link CpuSplit}); notes how, and returns the undo.
 * The viewers' relay does nearly all of a broadcast's work (1000 socket writes, about 10 ms); with
 * a core to itself in both configurations, the comparison shows what crossing processes adds
 * rather than which processes the scheduler happened to put on one core.
 */
function pinForLatency(
  fanoutRelays: ServerProcess[],
  others: number[],
  redis: RedisServer,
  notes: string[],
): () => void {
  const split = cpuSplit(allowedCpus());
  if (typeof split === "string") {
    notes.push(`latency runs not pinned to CPUs: ${split}`);
    return () => {};
  }
  const shared = [...others, ...(redis.pid === undefined ? [] : [redis.pid])];
  const fanout = fanoutRelays.map((relay) => relay.pid);
  const failure = pinProcesses(shared, split.first) ?? pinProcesses(fanout, split.rest);
  const undo = () => {
    // One at a time: a process that is gone must not keep the others pinned.
    for (const pid of [...shared, ...fanout]) pinProcesses([pid], split.all);
  };
  if (failure !== undefined) {
    undo();
    notes.push(`latency runs not pinned to CPUs: ${failure}`);
    return () => {};
  }
  notes.push(
    `latency runs: the viewers' relay process on CPU ${split.rest}; the load-generator probes, the remote publisher's relay process and Redis on CPU ${split.first}`,
  );
  return undo;
}

/** The round with the median round trips/s. */
function medianRpcRound(rounds: RpcResult[]): RpcResult | undefined {
  const sorted = [...rounds].sort((a, b) => a.roundTripsPerSecond - b.roundTripsPerSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

function cpuPerDelivery(figures: FanoutFigures | undefined): number | undefined {
  return figures?.result.serverCpuUsPerDelivery;
}

function broadcastsIn(figures: FanoutFigures): number {
  return figures.result.sample.count / figures.result.viewers;
}

/** Each round's remote p99 minus the same round's single-process p99. */
function addedP99PerRound(figures: Figures): number[] {
  return p99DifferencePerRound(figures.remoteLatencyRuns, figures.singleLatencyRuns);
}

/**
 * The median of the per-round differences: the two runs of a round are seconds apart, so a burst of
 * other work on the machine moves both, and the difference keeps only what crossing adds.
 */
function addedP99(figures: Figures): number | undefined {
  return median(addedP99PerRound(figures));
}

function rows(figures: Figures): Row[] {
  const { single, singleRedis, spread, remote } = figures;
  const deliveries = (f: FanoutFigures | undefined) => f?.result.deliveriesPerSecond;
  const rowsOut: Row[] = [
    {
      metric: "1→1000 deliveries/s, 1 process + redis",
      unit: "/s",
      value: deliveries(singleRedis),
      baseline: deliveries(single),
    },
    {
      metric: "1→1000 deliveries/s, 2 processes spread",
      unit: "/s",
      value: deliveries(spread),
      baseline: deliveries(single),
    },
    {
      metric: "1→1000 deliveries/s, 2 processes remote",
      unit: "/s",
      value: deliveries(remote),
      baseline: deliveries(single),
    },
    {
      metric: "server CPU/delivery, 1 process + redis",
      unit: "µs",
      value: cpuPerDelivery(singleRedis),
      baseline: cpuPerDelivery(single),
    },
    {
      metric: "server CPU/delivery, 2 processes spread",
      unit: "µs",
      value: cpuPerDelivery(spread),
      baseline: cpuPerDelivery(single),
    },
    {
      metric: "server CPU/delivery, 2 processes remote",
      unit: "µs",
      value: cpuPerDelivery(remote),
      baseline: cpuPerDelivery(single),
      target: { kind: "ratio-at-most", ratio: 2 },
    },
    {
      metric: "publisher process CPU/broadcast, remote",
      unit: "µs",
      value: remote === undefined ? undefined : remote.spent.relays[0] / broadcastsIn(remote),
    },
    {
      metric: "viewer process CPU/delivery, remote",
      unit: "µs",
      value: remote === undefined ? undefined : remote.spent.relays[1] / remote.result.sample.count,
    },
    {
      metric: "redis CPU/broadcast, 2 processes spread",
      unit: "µs",
      value: spread === undefined ? undefined : spread.spent.redis / broadcastsIn(spread),
    },
    {
      metric: "redis CPU/broadcast, 2 processes remote",
      unit: "µs",
      value: remote === undefined ? undefined : remote.spent.redis / broadcastsIn(remote),
    },
    {
      metric: "latency @50/s→1000 p50, remote",
      unit: "ms",
      value: figures.remoteLatency?.p50Ms,
      baseline: figures.singleLatency?.p50Ms,
    },
    {
      metric: "latency @50/s→1000 p99, remote",
      unit: "ms",
      value: figures.remoteLatency?.p99Ms,
      baseline: figures.singleLatency?.p99Ms,
    },
    {
      metric: "added p99 of crossing processes",
      unit: "ms",
      value: addedP99(figures),
      target: { kind: "at-most", limit: 5 },
    },
    {
      metric: "routed RPC round trips/s, remote",
      unit: "/s",
      value: figures.remoteRpc?.roundTripsPerSecond,
      baseline: figures.singleRpc?.roundTripsPerSecond,
      target: { kind: "ratio-at-least", ratio: 0.5 },
    },
    {
      metric: "routed RPC server CPU/round trip, remote",
      unit: "µs",
      value: figures.remoteRpc?.serverCpuUsPerRoundTrip,
      baseline: figures.singleRpc?.serverCpuUsPerRoundTrip,
    },
  ];
  return rowsOut;
}

function notes(figures: Figures): string[] {
  const out = [
    "baseline = one relay process with the in-memory backplane; value = the configuration named in the row",
    "spread: publisher and 500 viewers on process 1, 500 viewers on process 2; remote: publisher on process 1, all 1000 viewers on process 2",
    "server CPU = the relay processes' CPU summed (Redis not included); redis CPU from INFO cpu over the same window",
    `1 process and remote: ${CPU_ROUNDS} fan-out windows of ${WINDOW_MS / 1000} s each, alternately, each once every relay process went quiet; their rows are the window with the median CPU per delivery. 1 process + redis and spread: best of ${ROUNDS} windows; latency: 50 broadcasts/s for 3 s after 0.5 s warm-up, median of ${LATENCY_ROUNDS} runs per configuration, 1 process and remote alternately (the added p99 is the median of the rounds' differences), each once every relay process went quiet, each configuration's publisher and 1000 viewers in a load-generator process of their own; routed RPC: ${CPU_ROUNDS} windows of ${WINDOW_MS / 1000} s per configuration, alternately, the median round trips/s`,
  ];
  const fanouts: [string, FanoutFigures | undefined][] = [
    ["1 process", figures.single],
    ["1 process + redis", figures.singleRedis],
    ["2 processes spread", figures.spread],
    ["2 processes remote", figures.remote],
  ];
  for (const [label, fanout] of fanouts) {
    if (fanout === undefined) continue;
    out.push(`${label}: ${describeSaturation(fanout.result.sample)}`);
    if (fanout.result.missing > 0) out.push(`${label}: ${fanout.result.missing} deliveries never arrived`);
    if (fanout.result.failedReplies > 0) out.push(`${label}: ${fanout.result.failedReplies} failed replies`);
  }
  for (const [label, rpc] of [
    ["1 process RPC", figures.singleRpc],
    ["remote RPC", figures.remoteRpc],
  ] as const) {
    if (rpc === undefined) continue;
    out.push(`${label}: ${describeSaturation(rpc.sample)}`);
    if (rpc.failed > 0) out.push(`${label}: ${rpc.failed} failed, first: ${rpc.firstFailure}`);
  }
  for (const [label, runs] of [
    ["1 process", figures.singleCpuRuns],
    ["remote", figures.remoteCpuRuns],
  ] as const) {
    if (runs.length === 0) continue;
    const each = runs.map((run) => run.result.serverCpuUsPerDelivery?.toFixed(2) ?? "n/a").join(" / ");
    const rates = runs
      .map((run) => Math.round(run.result.deliveriesPerSecond).toLocaleString("en"))
      .join(" / ");
    out.push(`${label} fan-out windows: CPU/delivery ${each} µs · deliveries/s ${rates}`);
  }
  for (const [label, runs] of [
    ["1 process RPC", figures.singleRpcRuns],
    ["remote RPC", figures.remoteRpcRuns],
  ] as const) {
    if (runs.length > 0)
      out.push(
        `${label} windows: round trips/s ${runs.map((run) => Math.round(run.roundTripsPerSecond).toLocaleString("en")).join(" / ")}`,
      );
  }
  for (const [label, latency, runs] of [
    ["1 process latency", figures.singleLatency, figures.singleLatencyRuns],
    ["remote latency", figures.remoteLatency, figures.remoteLatencyRuns],
  ] as const) {
    if (runs.length > 0) {
      const each = (pick: (run: LatencyResult) => number | undefined) =>
        runs.map((run) => pick(run)?.toFixed(1) ?? "n/a").join(" / ");
      out.push(`${label} runs: p50 ${each((run) => run.p50Ms)} · p99 ${each((run) => run.p99Ms)} ms`);
    }
    if (latency !== undefined && latency.samples < latency.expected)
      out.push(`${label}: ${latency.samples}/${latency.expected} deliveries arrived`);
  }
  const added = addedP99PerRound(figures);
  if (added.length > 0)
    out.push(
      `added p99 per round (remote − 1 process, the row is their median): ${added.map((ms) => ms.toFixed(1)).join(" / ")} ms`,
    );
  for (const [label, stages] of [
    ["1 process", figures.singleStages],
    ["remote", figures.remoteStages],
  ] as const) {
    for (const stage of stages) {
      out.push(
        `${label} stage, ${stage.label}: p50 ${stage.p50Ms?.toFixed(2)} · p99 ${stage.p99Ms?.toFixed(2)} ms (${stage.count} broadcasts)`,
      );
    }
  }
  return [...out, ...figures.notes];
}

const clusterSuite: Suite = {
  name: "cluster",
  description:
    "relay processes on a Redis backplane vs one process: fan-out, CPU per delivery, latency, routed RPC, Redis CPU",
  timeoutMs: 240_000,
  async run(context): Promise<SuiteResult> {
    const figures: Figures = {
      notes: [],
      singleCpuRuns: [],
      remoteCpuRuns: [],
      singleLatencyRuns: [],
      singleRpcRuns: [],
      remoteRpcRuns: [],
      remoteLatencyRuns: [],
      singleStages: [],
      remoteStages: [],
      probeClockOffsetMs: { single: hrtimeOffsetMs(), remote: hrtimeOffsetMs() },
    };
    const stagesDir = await mkdtemp(join(tmpdir(), "carter-bench-stages-"));
    const redis = await startRedisServer();
    try {
      await measureAll(redis, figures, context, stagesDir);
    } catch (error) {
      figures.notes.push(`run stopped early: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await redis.stop();
    }
    const offsets = figures.probeClockOffsetMs;
    figures.singleStages = stageBreakdown(await readStages(join(stagesDir, "single.json")), offsets.single);
    figures.remoteStages = stageBreakdown(
      [
        ...(await readStages(join(stagesDir, "remote-0.json"))),
        ...(await readStages(join(stagesDir, "remote-1.json"))),
      ],
      offsets.remote,
    );
    await rm(stagesDir, { recursive: true, force: true });
    return {
      labels: { value: "cluster", baseline: "1 process" },
      rows: rows(figures),
      notes: notes(figures),
    };
  },
};

export default clusterSuite;
