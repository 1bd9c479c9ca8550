import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRelay, type RunningRelay } from "@carter/relay";
import { attack, HealthyPair, newTally, type AttackOptions } from "./attack.js";
import { batch, DEFAULT_LIMITS, RACED_NAMES } from "./generators.js";

/** Fixed so CI reproduces; `FUZZ_SEED=<n>` replays the seed a failure printed. */
const SEED = process.env.FUZZ_SEED === undefined ? 8_2026 : Number(process.env.FUZZ_SEED);
const OPTIONS: AttackOptions = { lingerMs: 30, deadlineMs: 5000 };

let relay: RunningRelay;
let healthy: HealthyPair;

beforeAll(async () => {
  // Every hostile socket comes from 127.0.0.1: the per-IP pending cap would otherwise refuse most of them.
  relay = await startRelay({ host: "127.0.0.1", port: 0, logLevel: "silent", maxPendingPerIp: 1000 });
  healthy = await HealthyPair.join(relay.url);
});

afterAll(async () => {
  await healthy?.close();
  await relay?.close();
});

/** Runs batches from `arbitrary`; after each one the healthy pair is served and no hostile socket lingers. */
async function fuzz(arbitrary: ReturnType<typeof batch>, numRuns: number): Promise<void> {
  const tally = newTally();
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (generated) => {
        await attack(relay.url, relay.port, generated, tally, OPTIONS);
        await healthy.check();
        // Every hostile socket is gone, so only the healthy pair may remain: nothing leaked.
        const deadline = Date.now() + 5000;
        while (relay.stats().connections !== 2 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(relay.stats()).toEqual({ connections: 2, members: 2, pending: 0, parked: 0 });
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
  } catch (error) {
    // fast-check names the seed and path first; a counterexample can hold megabytes of brackets.
    const report = (error as Error).message;
    throw new Error(`fuzz failed; replay with FUZZ_SEED=${SEED}\n${report.slice(0, 4000)}`);
  }
  expect(tally.frames).toBeGreaterThan(numRuns);
}

describe("relay under arbitrary input", () => {
  it("serves a healthy hub and viewer after every batch of arbitrary frames, bytes and framing", async () => {
    await fuzz(batch(DEFAULT_LIMITS, { clients: 6, raw: 3, messages: 16 }), 40);
  });

  it("stays consistent when many sockets race to identify under the same names", async () => {
    await fuzz(batch(DEFAULT_LIMITS, { clients: 24, raw: 0, messages: 3 }), 15);
    for (const name of RACED_NAMES) expect(relay.backplane.byName("", name)).toBeUndefined();
  });
});
