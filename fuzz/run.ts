/**
 * `npm run fuzz`: the fuzz suite's generators against a relay in a child process, for a count of
 * frames (default 1,000,000) or a duration. Prints frames sent, relay crashes, how hostile sockets
 * were closed, the relay's rejection counters and its RSS before and after.
 *
 *   npm run fuzz                       # 1,000,000 frames
 *   npm run fuzz -- --count 50000
 *   npm run fuzz -- --duration 120     # seconds
 *   npm run fuzz -- --seed 7           # default: the fuzz tests' seed
 *
 * Exits 1 if the relay crashed or a healthy member stopped being served.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { ServerProcess } from "../bench/lib/server-process.js";
import { attack, HealthyPair, newTally, type AttackOptions } from "./attack.js";
import {
  DEFAULT_LIMITS,
  identifyText,
  message,
  rawClient,
  type Batch,
  type GeneratorLimits,
  type HostileClient,
  type Message,
  type RawClient,
} from "./generators.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    duration: { type: "string" },
    seed: { type: "string", default: "82026" },
  },
});

function wholeNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    console.error(`--${name} must be a whole number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const count = wholeNumber("count", values.count);
const durationMs = values.duration === undefined ? Infinity : wholeNumber("duration", values.duration) * 1000;
const seed = wholeNumber("seed", values.seed);

/**
 * The tests' generators with the costliest inputs made rarer: a million frames at the tests' mix
 * would push gigabytes of brackets and 256 KiB bodies through loopback. Still far past the depth
 * at which recursive code overflows (a few thousand levels).
 */
const LIMITS: GeneratorLimits = { ...DEFAULT_LIMITS, maxDeepLevels: 20_000, oversizeOdds: 400 };
const OPTIONS: AttackOptions = { lingerMs: 20, deadlineMs: 10_000 };
const CLIENTS_PER_BATCH = 64;
const RAW_PER_BATCH = 6;
const MAX_MESSAGES_PER_CLIENT = 40;
/**
 * Generating one arbitrary frame costs fast-check about half a millisecond, more than the relay
 * spends on it. So the run draws frames from a pool of generated ones and renews a slice of the
 * pool before every batch: every frame sent was made by the generators, each is reused in many
 * clients, orders and identities, and the pool keeps changing.
 */
const POOL_SIZE = 4000;
const RENEWED_PER_BATCH = 100;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function rejections(port: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("mesh_rejections_total{") || line.startsWith("mesh_slow_consumers"))
    .map((line) => line.replace(/^mesh_rejections_total\{reason="([^"]+)"\}/, "$1"))
    .join(", ");
}

/** mulberry32: a seeded generator for cheap picks from the pools. */
function picker(seedValue: number): (n: number) => number {
  let state = seedValue >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const pick = picker(seed);
process.stderr.write("generating the frame pool\n");
const messages: Message[] = fc.sample(message(LIMITS), { seed, numRuns: POOL_SIZE });
const identifies = fc.sample(fc.option(identifyText(LIMITS), { nil: null, freq: 6 }), {
  seed,
  numRuns: 500,
});
const raws: RawClient[] = fc.sample(rawClient(), { seed, numRuns: 500 });
const leaves = ["close", "terminate", "linger"] as const;

function nextBatch(round: number): Batch {
  for (const fresh of fc.sample(message(LIMITS), { seed: seed + round, numRuns: RENEWED_PER_BATCH }))
    messages[pick(POOL_SIZE)] = fresh;
  const clients: HostileClient[] = [];
  for (let c = 0; c < CLIENTS_PER_BATCH; c++) {
    const sent: Message[] = [];
    for (let m = pick(MAX_MESSAGES_PER_CLIENT + 1); m > 0; m--) sent.push(messages[pick(POOL_SIZE)]);
    clients.push({ identify: identifies[pick(identifies.length)], messages: sent, leave: leaves[pick(3)] });
  }
  const raw: RawClient[] = [];
  for (let r = 0; r < RAW_PER_BATCH; r++) raw.push(raws[pick(raws.length)]);
  return { clients, raw };
}

const relay = await ServerProcess.start("relay-defaults");
console.log(`relay ${JSON.stringify(relay.config)}`);
const before = await relay.collectedStats();
const healthy = await HealthyPair.join(relay.url);
const tally = newTally();
const started = performance.now();
let batches = 0;
let failure: string | null = null;

while (tally.frames < count && performance.now() - started < durationMs) {
  await attack(relay.url, relay.port, nextBatch(batches), tally, OPTIONS);
  batches++;
  if (relay.exit !== null) {
    failure = `relay exited (code ${relay.exit.code}, signal ${relay.exit.signal}) in batch ${batches}`;
    break;
  }
  try {
    await healthy.check();
  } catch (error) {
    failure = `healthy pair not served after batch ${batches}: ${(error as Error).message}`;
    break;
  }
  if (batches % 10 === 0)
    process.stderr.write(`\r${tally.frames.toLocaleString("en")} frames, ${batches} batches`);
}
process.stderr.write("\n");

const seconds = (performance.now() - started) / 1000;
const crashes = relay.exit === null ? 0 : 1;
console.log(
  `frames sent       ${tally.frames.toLocaleString("en")} in ${batches} batches, ${seconds.toFixed(1)} s`,
);
console.log(`relay crashes     ${crashes}`);
console.log(
  `closes by code    ${[...tally.closes.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code}: ${n}`)
    .join(", ")}`,
);
if (crashes === 0) {
  await healthy.close();
  console.log(`relay rejections  ${await rejections(relay.port)}`);
  const after = await relay.collectedStats();
  console.log(
    `relay RSS         ${mb(before.rss)} before, ${mb(after.rss)} after (after GC; heap ${mb(after.heapUsed)})`,
  );
}
await relay.stop();
if (failure !== null) {
  console.log(`FAILED: ${failure}`);
  process.exit(1);
}
