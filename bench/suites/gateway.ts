import { closeAll, connectMany, connectMember } from "../lib/clients.js";
import type { Row, Suite, SuiteContext, SuiteResult } from "../lib/report.js";
import { ServerProcess } from "../lib/server-process.js";
import { measureLatency, type LatencyResult } from "../relay/latency.js";
import { waitForQuietServer } from "../relay/window.js";

/** Sockets admitted per admission round, in concurrent batches (each batch welcomed before the next). */
const ADMISSIONS = 1000;
const ADMISSION_BATCH = 50;
const LATENCY_VIEWERS = 200;
/** Rounds per server, alternating servers; the best counts (noise on a shared machine only hurts). */
const ROUNDS = 3;
const GATEWAY_START_TIMEOUT_MS = 120_000;

interface Side {
  label: "relay" | "gateway";
  server?: ServerProcess;
  token?: string;
  admissionsPerSecond: number[];
  latency: LatencyResult[];
  error?: string;
}

/** Opens, identifies and closes `ADMISSIONS` sockets; admissions per second from first open to last welcome. */
async function admissionRate(side: Side, round: number): Promise<number> {
  const server = side.server!;
  const started = performance.now();
  const members = await connectMany(
    server.url,
    ADMISSIONS,
    (index) => ({
      name: `a${round}-${index}`,
      channel: "bench",
      role: "viewer",
      ...(side.token !== undefined ? { token: side.token } : {}),
    }),
    ADMISSION_BATCH,
  );
  const elapsedMs = performance.now() - started;
  closeAll(members);
  return (ADMISSIONS / elapsedMs) * 1000;
}

async function latencyRound(side: Side, round: number): Promise<LatencyResult> {
  const url = side.server!.url;
  const token = side.token !== undefined ? { token: side.token } : {};
  const publisher = await connectMember(url, { name: `pub${round}`, channel: "live", role: "hub", ...token });
  const viewers = await connectMany(url, LATENCY_VIEWERS, (index) => ({
    name: `v${round}-${index}`,
    channel: "live",
    role: "viewer",
    ...token,
  }));
  try {
    return await measureLatency(publisher, viewers);
  } finally {
    closeAll([publisher, ...viewers]);
  }
}

async function eachSide(
  sides: Side[],
  context: SuiteContext,
  step: string,
  work: (side: Side) => Promise<void>,
): Promise<void> {
  for (const side of sides) {
    if (side.error !== undefined || side.server === undefined) continue;
    context.log(`[${side.label}] ${step}`);
    try {
      await work(side);
      await waitForQuietServer(side.server);
    } catch (error) {
      side.error = `${step}: ${error instanceof Error ? error.message : String(error)}`;
      context.log(`[${side.label}] stopped: ${side.error}`);
    }
  }
}

const best = (values: number[], pick: (...values: number[]) => number) =>
  values.length === 0 ? undefined : pick(...values);
const lowestP99 = (results: LatencyResult[]) =>
  best(
    results.map((result) => result.p99Ms).filter((value): value is number => value !== undefined),
    Math.min,
  );

const gatewaySuite: Suite = {
  name: "gateway",
  description:
    "@carter/gateway against the open relay in the same run: admissions/s with token verification, added p99 at 50 broadcasts/s",
  timeoutMs: 400_000,
  async run(context): Promise<SuiteResult> {
    const relay: Side = { label: "relay", admissionsPerSecond: [], latency: [] };
    const gateway: Side = { label: "gateway", admissionsPerSecond: [], latency: [] };
    const sides = [relay, gateway];
    try {
      relay.server = await ServerProcess.start("relay");
      gateway.server = await ServerProcess.start("gateway", GATEWAY_START_TIMEOUT_MS);
      gateway.token = String(gateway.server.config.token);
      for (let round = 1; round <= ROUNDS; round++) {
        await eachSide(sides, context, `admit ${ADMISSIONS} sockets, round ${round}`, async (side) => {
          side.admissionsPerSecond.push(await admissionRate(side, round));
        });
      }
      for (let round = 1; round <= ROUNDS; round++) {
        await eachSide(
          sides,
          context,
          `latency at 50 broadcasts/s to ${LATENCY_VIEWERS} viewers, round ${round}`,
          async (side) => {
            side.latency.push(await latencyRound(side, round));
          },
        );
      }
    } finally {
      await Promise.all(sides.map((side) => side.server?.stop()));
    }
    const relayP99 = lowestP99(relay.latency);
    const gatewayP99 = lowestP99(gateway.latency);
    const rows: Row[] = [
      {
        metric: `admissions/s (${ADMISSIONS} sockets, batches of ${ADMISSION_BATCH})`,
        unit: "/s",
        value: best(gateway.admissionsPerSecond, Math.max),
        baseline: best(relay.admissionsPerSecond, Math.max),
        target: { kind: "ratio-at-least", ratio: 0.5 },
      },
      {
        metric: `latency @50/s→${LATENCY_VIEWERS} p50`,
        unit: "ms",
        value: best(
          gateway.latency.map((r) => r.p50Ms ?? Infinity),
          Math.min,
        ),
        baseline: best(
          relay.latency.map((r) => r.p50Ms ?? Infinity),
          Math.min,
        ),
      },
      {
        metric: `latency @50/s→${LATENCY_VIEWERS} p99`,
        unit: "ms",
        value: gatewayP99,
        baseline: relayP99,
      },
      {
        metric: "added p99 (gateway − relay)",
        unit: "ms",
        value: gatewayP99 === undefined || relayP99 === undefined ? undefined : gatewayP99 - relayP99,
        target: { kind: "at-most", limit: 1 },
      },
    ];
    const notes = [
      "both servers run in their own node processes, measured in turn round by round; best of " +
        `${ROUNDS} rounds each (highest rate, lowest p99)`,
      "the gateway serves plain ws:// on loopback (TLS handshakes are a cost of their own), verifies an EdDSA " +
        "account session token on every identify, meters a slot and admits into the account namespace; " +
        "rate limits off on both, as in the relay suite; broadcasts pass the gateway's alert-rule tap (no rules registered)",
      `admissions/s per round: relay ${relay.admissionsPerSecond.map((v) => v.toFixed(0)).join(", ")}; ` +
        `gateway ${gateway.admissionsPerSecond.map((v) => v.toFixed(0)).join(", ")}`,
      `p99 per round (ms): relay ${relay.latency.map((r) => r.p99Ms?.toFixed(2)).join(", ")}; ` +
        `gateway ${gateway.latency.map((r) => r.p99Ms?.toFixed(2)).join(", ")}`,
    ];
    for (const side of sides)
      if (side.error !== undefined) notes.push(`${side.label} stopped early: ${side.error}`);
    return { labels: { value: "gateway", baseline: "relay" }, rows, notes };
  },
};

export default gatewaySuite;
