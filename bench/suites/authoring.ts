import { availableParallelism, loadavg } from "node:os";
import { createDocument, type Operation } from "@carter/authoring";
import { getControlDoc, listControls, validateLayout, walkLayout } from "@carter/kit";
import type { Row, Suite } from "../lib/report.js";
import { percentile } from "../lib/stats.js";

const CONTROLS = 500;
const COLUMNS = 10;
/** 500 one-cell controls fill 50 rows; 10 more stay free for additions and moves. */
const ROWS = 60;
const ITERATIONS = 300;
const FRAME_MS = 16;
const VALIDATIONS = 20;

/**
 * `count` (default 500) controls of every catalog type (their doc examples: bindings, actions,
 * nested panels), ids unique, one cell each, 10 to a row of one 10x60 grid. The editor suite
 * builds its layouts here too.
 */
export function benchLayout(count = CONTROLS): Record<string, unknown> {
  const types = listControls().map((c) => c.type);
  const children = Array.from({ length: count }, (_, index) => {
    const type = types[index % types.length];
    const control = structuredClone(getControlDoc(type).example) as Record<string, unknown>;
    walkLayout({ tabs: [{ children: [control] }] }, (node) => {
      if (typeof node.id === "string") node.id = `${node.id}-${index}`;
    });
    return {
      ...control,
      position: [Math.floor(index / COLUMNS), index % COLUMNS],
      span: [1, 1],
      controlHeight: 80,
    };
  });
  return {
    name: "Bench",
    version: 1,
    tabs: [{ title: "Main", icon: "gauge", grid: { columns: COLUMNS, rows: ROWS }, children }],
  };
}

/** CPU time of the edits too: on a loaded machine wall time includes waiting for a core. */
const cpu = { samples: new Float64Array(0), count: 0 };

function timed(samples: Float64Array, index: number, work: () => void, countCpu = false): void {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  work();
  samples[index] = performance.now() - start;
  if (countCpu) {
    const used = process.cpuUsage(cpuStart);
    cpu.samples[cpu.count++] = (used.user + used.system) / 1000;
  }
}

const suite: Suite = {
  name: "authoring",
  description: "apply, undo and redo edit operations on a 500-control layout (@carter/authoring)",
  timeoutMs: 120_000,
  async run({ log }) {
    const layout = benchLayout();
    const findings = validateLayout(layout);
    if (!findings.ok) throw new Error(`bench layout is invalid: ${findings.errors[0]?.message}`);
    const doc = createDocument(layout, { author: "bench" });
    const ids = doc.layout.tabs[0].children?.map((c) => c.id) ?? [];

    log(`warming up on ${ids.length} controls`);
    for (let i = 0; i < 50; i++) {
      doc.apply({ op: "updateControl", id: ids[i], set: { label: `warm ${i}` } });
      doc.undo();
    }

    cpu.samples = new Float64Array(ITERATIONS * 3);
    cpu.count = 0;
    const update = new Float64Array(ITERATIONS);
    const move = new Float64Array(ITERATIONS);
    const add = new Float64Array(ITERATIONS);
    const undo = new Float64Array(ITERATIONS);
    const redo = new Float64Array(ITERATIONS);
    const validate = new Float64Array(VALIDATIONS);
    log(`${ITERATIONS} rounds of update, move, add (first-fit), undo, redo`);
    for (let i = 0; i < ITERATIONS; i++) {
      const id = ids[(i * 7) % ids.length];
      timed(update, i, () => doc.apply({ op: "updateControl", id, set: { label: `edit ${i}` } }), true);
      const moveOp: Operation = { op: "moveControl", id, position: [50 + (i % 10), (i * 3) % COLUMNS] };
      timed(move, i, () => doc.apply(moveOp), true);
      timed(add, i, () => doc.apply({ op: "addControl", control: { type: "label", text: `n${i}` } }), true);
      timed(undo, i, () => doc.undo());
      timed(redo, i, () => doc.redo());
      doc.undo();
      doc.undo();
      doc.undo();
      if (i < VALIDATIONS) timed(validate, i, () => validateLayout(doc.layout));
    }

    const edits = new Float64Array([...update, ...move, ...add]);
    const row = (metric: string, samples: Float64Array, q: number, count = samples.length): Row => ({
      metric,
      unit: "ms",
      value: percentile(samples, count, q),
    });
    return {
      labels: { value: "authoring" },
      rows: [
        {
          ...row("edit operation p50 (update, move, add)", edits, 50),
          target: { kind: "at-most", limit: FRAME_MS },
        },
        {
          ...row("edit operation p95 (update, move, add)", edits, 95),
          target: { kind: "at-most", limit: FRAME_MS },
        },
        row("edit operation max", edits, 100),
        row("edit operation CPU time p50", cpu.samples, 50, cpu.count),
        {
          ...row("edit operation CPU time p95", cpu.samples, 95, cpu.count),
          target: { kind: "at-most", limit: FRAME_MS },
        },
        row("updateControl p95", update, 95),
        row("moveControl p95", move, 95),
        row("addControl (first-fit) p95", add, 95),
        row("undo p95", undo, 95),
        row("redo p95", redo, 95),
        row("full kit validation of the layout p50 (for scale)", validate, 50, VALIDATIONS),
      ],
      notes: [
        `${CONTROLS} controls (every catalog type's example, with bindings and nested panels) in one ${COLUMNS}x${ROWS} grid; ${ITERATIONS} rounds`,
        `target: an edit operation (check, patch, log, notify) applies within one ${FRAME_MS} ms frame at p95`,
        `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end; wall times include waiting for a core`,
        "operations check only what they touch (the node, its grid's cells, ids); the full validation row shows what that saves",
      ],
    };
  },
};
export default suite;
