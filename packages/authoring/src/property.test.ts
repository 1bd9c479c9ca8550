import { listControls, validateLayout, walkLayout } from "@carter/kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDocument, type LayoutDocument } from "./document.js";
import { AuthoringError } from "./errors.js";
import home from "./fixtures/home.layout.json" with { type: "json" };
import type { Cell, GridRef, Operation } from "./operations.js";
import { applyPatch } from "./patch.js";

/**
 * Random operation sequences: each step is a few random numbers that `materialize` turns into an
 * operation on whatever the document holds at that moment (existing ids, grids, tabs), valid or
 * not. Every step must either apply and leave a layout the kit validates, or be refused with an
 * `AuthoringError` leaving the document untouched.
 */

/** The fixture plus a roomy empty tab, so that random additions often fit. */
const START = {
  ...home,
  tabs: [...home.tabs, { title: "Big", icon: "star", grid: { columns: 6, rows: 12 }, children: [] }],
};

const TYPES = [...listControls().map((c) => c.type), "nope", "Gauge"];
const KINDS = [
  "addControl",
  "addControl",
  "addControl",
  "updateControl",
  "removeControl",
  "moveControl",
  "moveControl",
  "addGroup",
  "setPopup",
  "addTab",
  "updateTab",
  "removeTab",
  "reorderTab",
  "setAppearance",
  "setTheme",
  "setConnection",
  "setState",
  "updateLayout",
  "replaceLayout",
  "undo",
  "redo",
  "undo",
] as const;

type Step = { kind: number; a: number; b: number; c: number; d: number; flag: boolean };

const step = fc.record({
  kind: fc.nat(KINDS.length - 1),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.integer({ min: -6, max: 5 }),
  d: fc.integer({ min: 0, max: 4 }),
  flag: fc.boolean(),
});

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function targets(doc: LayoutDocument): { ids: string[]; grids: GridRef[] } {
  const ids: string[] = [];
  const grids: GridRef[] = doc.layout.tabs.map((_, i) => ({ tab: i }));
  walkLayout(doc.layout, (node, info) => {
    if (typeof node.id !== "string") return;
    ids.push(node.id);
    if (info.kind === "group") grids.push({ group: node.id });
    else if (node.longPressGroup) grids.push({ popup: node.id });
  });
  return { ids, grids };
}

function cell(s: Step): Cell | undefined {
  return s.c < 0 ? undefined : [s.c, s.d];
}

function materialize(doc: LayoutDocument, s: Step): Operation | "undo" | "redo" {
  const kind = KINDS[s.kind];
  const { ids, grids } = targets(doc);
  const id = pick(ids, s.a) ?? "none";
  const grid = pick(grids, s.b);
  const span: Cell | undefined = s.flag ? [1 + (s.d % 2), 1 + (s.a % 3)] : undefined;
  switch (kind) {
    case "undo":
    case "redo":
      return kind;
    case "addControl":
      return {
        op: "addControl",
        parent: grid,
        control: { type: pick(TYPES, s.a) as string },
        position: cell(s),
        span,
        fromExample: s.b % 2 === 0,
      };
    case "updateControl": {
      const set = [
        { label: `L${s.b}` },
        { position: cell(s) ?? [0, 0] },
        { span: [1, 1 + s.d] },
        { id: pick(ids, s.b) },
        { label: s.b },
      ][s.d];
      return { op: "updateControl", id, set };
    }
    case "removeControl":
      return { op: "removeControl", id };
    case "moveControl":
      return {
        op: "moveControl",
        id,
        to: s.flag ? grid : undefined,
        position: cell(s),
        span: s.d === 0 ? [1, 2] : undefined,
      };
    case "addGroup":
      return {
        op: "addGroup",
        parent: grid,
        group: { grid: { columns: 1 + s.d, rows: 2 } },
        position: cell(s),
        span,
      };
    case "setPopup":
      return { op: "setPopup", id, popup: s.flag ? { label: "p", grid: { columns: 2, rows: 2 } } : null };
    case "addTab":
      return {
        op: "addTab",
        tab: { title: `T${s.a % 4}`, grid: { columns: 2 + s.d, rows: 4 + (s.b % 8) } },
        index: s.flag ? 0 : undefined,
      };
    case "updateTab":
      return {
        op: "updateTab",
        tab: s.a % 3,
        set: s.flag ? { grid: { columns: 1 + s.d, rows: 1 + (s.b % 8) } } : { icon: "star" },
      };
    case "removeTab":
      return { op: "removeTab", tab: s.a % 3 };
    case "reorderTab":
      return { op: "reorderTab", tab: s.a % 3, to: s.b % 3 };
    case "setAppearance":
      return { op: "setAppearance", value: s.flag ? { scheme: s.d % 2 ? "dark" : "light" } : null };
    case "setTheme":
      return { op: "setTheme", value: s.flag ? { accent: "#336699" } : null };
    case "setConnection":
      return { op: "setConnection", value: s.flag ? { url: s.d === 0 ? 5 : "ws://127.0.0.1:8765" } : null };
    case "setState":
      return { op: "setState", value: s.flag ? { sync: s.d % 2 === 0 } : null };
    case "updateLayout":
      return { op: "updateLayout", set: { headerTitle: s.flag ? `H${s.a}` : s.a } };
    case "replaceLayout":
      return { op: "replaceLayout", layout: s.flag ? home : { name: "x" } };
  }
}

function run(doc: LayoutDocument, s: Step): void {
  const op = materialize(doc, s);
  const before = doc.layout;
  const text = doc.text();
  try {
    if (op === "undo") doc.undo();
    else if (op === "redo") doc.redo();
    else {
      const result = doc.apply(op);
      expect(applyPatch(before, result.patch)).toEqual(doc.layout);
    }
  } catch (error) {
    if (!(error instanceof AuthoringError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    expect(doc.text()).toBe(text);
  }
}

describe("random operation sequences (fast-check, fixed seed)", () => {
  it("always leave a layout the kit validates, or refuse clearly", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const doc = createDocument(START);
        for (const s of steps) {
          run(doc, s);
          expect(validateLayout(doc.layout).errors).toEqual([]);
        }
      }),
      { seed: 1313, numRuns: 100 },
    );
  });

  it("undo of everything returns the original bytes", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const doc = createDocument(START);
        const original = doc.text();
        let mirror: unknown = structuredClone(doc.layout);
        doc.subscribe((event) => {
          mirror = applyPatch(mirror, event.patch);
        });
        for (const s of steps) run(doc, s);
        expect(mirror).toEqual(doc.layout);
        while (doc.canUndo) doc.undo();
        expect(doc.text()).toBe(original);
        expect(mirror).toEqual(doc.layout);
      }),
      { seed: 1314, numRuns: 100 },
    );
  });
});
