import { describe, expect, it } from "vitest";
import { FrameBudget } from "./frame-budget.js";

/** A budget on a hand-driven clock whose "frame rendered" callbacks run when the test says. */
function harness(options: { budgetMs?: number; floor?: number } = {}) {
  let clock = 0;
  const rendered: (() => void)[] = [];
  const budget = new FrameBudget({
    ...options,
    now: () => clock,
    afterFrame: (callback) => void rendered.push(callback),
  });
  /** One flush that applies up to the quota of `queued` controls and costs `costMs` to render. */
  const frame = (queued: number, costMs: number): number => {
    const applied = Math.min(queued, budget.begin());
    budget.flushed(applied, queued - applied);
    clock += costMs;
    rendered.splice(0).forEach((callback) => callback());
    return applied;
  };
  return { budget, frame };
}

describe("FrameBudget", () => {
  it("applies everything until a frame runs over, then scales the quota to the budget", () => {
    const { frame } = harness({ budgetMs: 10 });
    expect(frame(200, 40)).toBe(200);
    expect(frame(200, 10)).toBe(50);
  });

  it("never goes below the floor, so a backlog drains even when frames stay slow", () => {
    const { frame } = harness({ budgetMs: 10, floor: 16 });
    frame(200, 1000);
    expect(frame(200, 1000)).toBe(16);
    expect(frame(200, 1000)).toBe(16);
  });

  it("grows a quota that held work back while frames are cheap, and holds it otherwise", () => {
    const { frame } = harness({ budgetMs: 10 });
    frame(200, 40);
    expect(frame(200, 2)).toBe(50);
    expect(frame(200, 2)).toBe(63);
    expect(frame(200, 9)).toBe(79);
    // 9 ms is within budget but without headroom: the quota stays.
    expect(frame(200, 9)).toBe(79);
    // Nothing held back: a cheap frame is no evidence that more would fit.
    expect(frame(10, 1)).toBe(10);
    expect(frame(200, 1)).toBe(79);
  });

  it("measures from the start of the flush, not from the end of its JavaScript", () => {
    let clock = 0;
    const rendered: (() => void)[] = [];
    const budget = new FrameBudget({
      budgetMs: 10,
      now: () => clock,
      afterFrame: (callback) => void rendered.push(callback),
    });
    budget.begin();
    clock += 30;
    budget.flushed(100, 0);
    rendered.splice(0).forEach((callback) => callback());
    expect(budget.begin()).toBe(33);
  });
});
