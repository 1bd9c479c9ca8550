import { effect } from "@preact/signals";
import { describe, expect, it } from "vitest";
import type { FlushPacer } from "./frame-budget.js";
import { manualFrames } from "./manual-frames.test-support.js";
import { ValueStore } from "./store.js";

/** Subscribes to each id's signal and records what the UI would see. */
function watch(store: ValueStore, ids: string[]): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  for (const id of ids) effect(() => void (seen[id] = store.signal(id).value));
  return seen;
}

const fixedQuota = (quota: number): FlushPacer & { reports: [number, number][] } => {
  const reports: [number, number][] = [];
  return {
    reports,
    begin: () => quota,
    flushed: (applied, backlog) => void reports.push([applied, backlog]),
  };
};

describe("ValueStore", () => {
  it("coalesces any number of sets into one flush per frame", () => {
    const frames = manualFrames();
    const store = new ValueStore(frames.schedule);
    const seen = watch(store, ["a", "b"]);
    for (let i = 0; i < 5; i++) {
      store.set("a", i);
      store.set("b", -i);
    }
    expect(frames.queued).toBe(1);
    expect(seen).toEqual({ a: undefined, b: undefined });
    expect(store.get("a")).toBe(4);
    frames.paint();
    expect(seen).toEqual({ a: 4, b: -4 });
    expect(store.renders).toBe(1);
    expect(frames.queued).toBe(0);
  });

  it("applies at most the pacer's quota per flush, oldest first, with the latest values", () => {
    const frames = manualFrames();
    const pacer = fixedQuota(2);
    const store = new ValueStore(frames.schedule, pacer);
    const seen = watch(store, ["a", "b", "c", "d"]);
    store.set("a", 1);
    store.set("b", 1);
    store.set("c", 1);
    frames.paint();
    expect(seen).toEqual({ a: 1, b: 1, c: undefined, d: undefined });
    expect(pacer.reports).toEqual([[2, 1]]);
    expect(frames.queued).toBe(1);

    // c keeps its place (and takes its newest value); a, updated again, queues behind d.
    store.set("d", 1);
    store.set("a", 2);
    store.set("c", 2);
    frames.paint();
    expect(seen).toEqual({ a: 1, b: 1, c: 2, d: 1 });
    frames.paint();
    expect(seen).toEqual({ a: 2, b: 1, c: 2, d: 1 });
    expect(frames.queued).toBe(0);
    expect(pacer.reports).toEqual([
      [2, 1],
      [2, 1],
      [1, 0],
    ]);
    expect(store.renders).toBe(3);
  });

  it("lets the user's own edits and deletions bypass the queue", () => {
    const frames = manualFrames();
    const pacer = fixedQuota(1);
    const store = new ValueStore(frames.schedule, pacer);
    const seen = watch(store, ["a", "b"]);
    store.set("a", 1);
    store.set("b", 1);
    store.setNow("b", 5);
    expect(seen.b).toBe(5);
    store.delete("a");
    frames.paint();
    expect(seen).toEqual({ a: undefined, b: 5 });
    expect(pacer.reports).toEqual([]);
    expect(frames.queued).toBe(0);
  });
});
