import { isJsonObject } from "@carter/protocol";
import {
  LayoutSyntaxError,
  readLayout,
  validateLayout,
  type JsonObject,
  type Layout,
  type ValidateOptions,
  type ValidationResult,
} from "@carter/kit";
import { resolveGrid } from "./address.js";
import { AuthoringError } from "./errors.js";
import { formatOccupancy, occupancyOf, type Occupancy } from "./occupancy.js";
import type { GridRef, Operation } from "./operations.js";
import { freshId, planOperation, type OperationOutcome } from "./plan.js";
import { deepFreeze, type JsonPatch } from "./patch.js";

export interface DocumentOptions {
  /** Who makes changes when an operation names no author (default `"unknown"`). */
  author?: string;
  /** The clock for log entries (default: the system clock). */
  now?: () => Date;
  /** Called with what a subscriber threw (default: `console.error`); the other subscribers still run. */
  onListenerError?: (error: unknown) => void;
}

export interface ChangeOptions {
  /** Who makes this change; recorded in the log. */
  author?: string;
}

export interface BatchOptions extends ChangeOptions {
  /** A summary for the log entry (default: the operation names). */
  label?: string;
}

export type ChangeKind = "apply" | "undo" | "redo" | "revert";

/** One change in the operation log. */
export interface LogEntry {
  /** 1, 2, 3, … in the order changes happened. */
  seq: number;
  kind: ChangeKind;
  author: string;
  /** ISO 8601 time. */
  at: string;
  /** What happened, in words: `addControl gauge-1`, `undo 3`, `revert "v1"`. */
  summary: string;
  /** The operations applied (`apply`), empty for undo/redo/revert. */
  ops: Operation[];
  /** RFC 6902 patch from the layout before this change to the layout after it. */
  patch: JsonPatch;
  /** The document version after the change. */
  version: number;
  /** For undo and redo: the `seq` of the change undone or redone. */
  target?: number;
}

/** What subscribers receive after every change. */
export interface ChangeEvent {
  kind: ChangeKind;
  entry: LogEntry;
  /** RFC 6902 patch turning the previous layout into `layout`. */
  patch: JsonPatch;
  version: number;
  layout: Layout;
}

/** The result of `apply`: the log entry and what the operation did. */
export interface ApplyResult extends OperationOutcome {
  entry: LogEntry;
  patch: JsonPatch;
  version: number;
}

/** The result of `batch`: one log entry, one outcome per operation. */
export interface BatchResult {
  entry: LogEntry;
  patch: JsonPatch;
  version: number;
  outcomes: OperationOutcome[];
}

export interface SnapshotInfo {
  name: string;
  version: number;
  author: string;
  at: string;
}

export type Listener = (event: ChangeEvent) => void;

interface Step {
  seq: number;
  before: JsonObject;
  after: JsonObject;
  patch: JsonPatch;
  inverse: JsonPatch;
}

const EMPTY_LAYOUT = {
  name: "Untitled",
  version: 1,
  tabs: [{ title: "Main", icon: "square.grid.2x2", grid: { columns: 4, rows: 8 }, children: [] }],
};

function initialLayout(input: unknown): JsonObject {
  let layout: unknown;
  try {
    layout = readLayout(input === undefined ? EMPTY_LAYOUT : input);
  } catch (error) {
    if (error instanceof LayoutSyntaxError)
      throw new AuthoringError("invalid", `layout: ${error.message}`, { field: "layout" });
    throw error;
  }
  if (!isJsonObject(layout))
    throw new AuthoringError("invalid", "layout must be a JSON object", { field: "layout" });
  return deepFreeze(layout);
}

function summarize(ops: readonly Operation[], outcomes: readonly OperationOutcome[]): string {
  return ops
    .map((op, i) => {
      const outcome = outcomes[i];
      const what = outcome.id ?? (outcome.tab !== undefined ? `tab ${outcome.tab}` : undefined);
      return what === undefined ? op.op : `${op.op} ${what}`;
    })
    .join(", ");
}

/**
 * A layout being authored: every change is a typed operation checked by the kit, logged with
 * its author, undoable, and published to subscribers as a JSON Patch. Each version of the layout
 * is deeply frozen; unchanged parts are shared between versions.
 */
export class LayoutDocument {
  #layout: JsonObject;
  /** `text()` of the layout version `#textOf`. */
  #text = "";
  #textOf: JsonObject | null = null;
  #version = 0;
  #seq = 0;
  readonly #undo: Step[] = [];
  readonly #redo: Step[] = [];
  readonly #log: LogEntry[] = [];
  readonly #snapshots = new Map<string, { layout: JsonObject; info: SnapshotInfo }>();
  readonly #listeners = new Set<Listener>();
  readonly #author: string;
  readonly #now: () => Date;
  readonly #onListenerError: (error: unknown) => void;

  constructor(layout?: unknown, options: DocumentOptions = {}) {
    this.#layout = initialLayout(layout);
    this.#author = options.author ?? "unknown";
    this.#now = options.now ?? (() => new Date());
    this.#onListenerError =
      options.onListenerError ??
      ((error) => console.error("@carter/authoring: a change listener threw", error));
  }

  /** The current layout (deeply frozen: edit it through operations). */
  get layout(): Layout {
    return this.#layout as unknown as Layout;
  }

  /** Increases by one with every change (apply, undo, redo, revert). */
  get version(): number {
    return this.#version;
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  /** Applies one operation; throws `AuthoringError` (and changes nothing) when it is refused. */
  apply(op: Operation, options: ChangeOptions = {}): ApplyResult {
    const result = this.batch([op], options);
    return { ...result.outcomes[0], entry: result.entry, patch: result.patch, version: result.version };
  }

  /** Applies operations in order as one change (one undo step); all or nothing. */
  batch(ops: readonly Operation[], options: BatchOptions = {}): BatchResult {
    if (!Array.isArray(ops) || ops.length === 0)
      throw new AuthoringError("bad_operation", "ops must be a non-empty array of operations", {
        field: "ops",
      });
    let layout = this.#layout;
    const patch: JsonPatch = [];
    const inverse: JsonPatch = [];
    const outcomes: OperationOutcome[] = [];
    ops.forEach((op, index) => {
      try {
        const planned = planOperation(layout, op);
        layout = planned.layout;
        // A copy: the forward patch holds values from the caller's operation, and entries are frozen.
        patch.push(...structuredClone(planned.patch));
        inverse.unshift(...planned.inverse);
        outcomes.push(planned.outcome);
      } catch (error) {
        if (ops.length === 1 || !(error instanceof AuthoringError)) throw error;
        throw new AuthoringError(error.code, `operation ${index} (${op.op}): ${error.message}`, {
          field: error.field,
          findings: [...error.findings],
        });
      }
    });
    const seq = this.#nextSeq();
    const step: Step = { seq, before: this.#layout, after: layout, patch, inverse };
    this.#undo.push(step);
    this.#redo.length = 0;
    const entry = this.#commit(layout, {
      seq,
      kind: "apply",
      author: options.author ?? this.#author,
      summary: options.label ?? summarize(ops, outcomes),
      ops: structuredClone([...ops]),
      patch,
    });
    return { entry, patch, version: this.#version, outcomes };
  }

  /** Undoes the last change not yet undone; throws `AuthoringError` (`nothing_to_undo`) when there is none. */
  undo(options: ChangeOptions = {}): LogEntry {
    const step = this.#undo.pop();
    if (!step) throw new AuthoringError("nothing_to_undo", "there is nothing to undo");
    this.#redo.push(step);
    return this.#commit(step.before, {
      seq: this.#nextSeq(),
      kind: "undo",
      author: options.author ?? this.#author,
      summary: `undo ${step.seq}`,
      ops: [],
      patch: step.inverse,
      target: step.seq,
    });
  }

  /** Redoes the last undone change; throws `AuthoringError` (`nothing_to_redo`) when there is none. */
  redo(options: ChangeOptions = {}): LogEntry {
    const step = this.#redo.pop();
    if (!step) throw new AuthoringError("nothing_to_redo", "there is nothing to redo");
    this.#undo.push(step);
    return this.#commit(step.after, {
      seq: this.#nextSeq(),
      kind: "redo",
      author: options.author ?? this.#author,
      summary: `redo ${step.seq}`,
      ops: [],
      patch: step.patch,
      target: step.seq,
    });
  }

  /** Saves the current layout under `name` (replacing a snapshot of that name). */
  snapshot(name: string, options: ChangeOptions = {}): SnapshotInfo {
    if (typeof name !== "string" || name === "")
      throw new AuthoringError("bad_operation", "name must be a non-empty string", { field: "name" });
    const info: SnapshotInfo = {
      name,
      version: this.#version,
      author: options.author ?? this.#author,
      at: this.#now().toISOString(),
    };
    this.#snapshots.set(name, { layout: this.#layout, info });
    return { ...info };
  }

  /** The saved snapshots, oldest first. */
  snapshots(): SnapshotInfo[] {
    return [...this.#snapshots.values()].map(({ info }) => ({ ...info }));
  }

  deleteSnapshot(name: string): void {
    if (!this.#snapshots.delete(name)) throw this.#noSnapshot(name);
  }

  /** The layout saved as `name`. */
  snapshotLayout(name: string): Layout {
    const snapshot = this.#snapshots.get(name);
    if (!snapshot) throw this.#noSnapshot(name);
    return snapshot.layout as unknown as Layout;
  }

  /** Returns the document to snapshot `name`: a change like any other (logged, undoable). */
  revert(name: string, options: ChangeOptions = {}): LogEntry {
    const snapshot = this.#snapshots.get(name);
    if (!snapshot) throw this.#noSnapshot(name);
    const patch: JsonPatch = [{ op: "replace", path: "", value: snapshot.layout }];
    const inverse: JsonPatch = [{ op: "replace", path: "", value: this.#layout }];
    const seq = this.#nextSeq();
    this.#undo.push({ seq, before: this.#layout, after: snapshot.layout, patch, inverse });
    this.#redo.length = 0;
    return this.#commit(snapshot.layout, {
      seq,
      kind: "revert",
      author: options.author ?? this.#author,
      summary: `revert ${JSON.stringify(name)}`,
      ops: [],
      patch,
    });
  }

  /** Every change so far, oldest first. */
  log(): readonly LogEntry[] {
    return [...this.#log];
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** An id no control, group or popup of the layout uses: `gauge-1`, `gauge-2`, … */
  newId(base: string): string {
    return freshId(this.#layout, base);
  }

  /** Which child covers each cell of a grid (default: the first tab's). */
  occupancy(grid?: GridRef): Occupancy {
    return occupancyOf(resolveGrid(this.#layout, grid, "grid"));
  }

  /** The occupancy map of a grid as text. */
  occupancyText(grid?: GridRef): string {
    return formatOccupancy(this.occupancy(grid));
  }

  /** The kit validator's findings for the whole layout. */
  validate(options?: ValidateOptions): ValidationResult {
    return validateLayout(this.#layout, options);
  }

  /**
   * The layout as 2-space indented JSON text. Kept per layout version: stringifying hundreds of
   * controls costs milliseconds, and an editor, a file sync and a save may each ask after one change.
   */
  text(): string {
    if (this.#textOf !== this.#layout) {
      this.#text = `${JSON.stringify(this.#layout, null, 2)}\n`;
      this.#textOf = this.#layout;
    }
    return this.#text;
  }

  toJSON(): Layout {
    return this.layout;
  }

  #noSnapshot(name: string): AuthoringError {
    const known = [...this.#snapshots.keys()].map((n) => JSON.stringify(n)).join(", ") || "none";
    return new AuthoringError(
      "not_found",
      `no snapshot is named ${JSON.stringify(name)} (snapshots: ${known})`,
      {
        field: "name",
      },
    );
  }

  #nextSeq(): number {
    return ++this.#seq;
  }

  #commit(layout: JsonObject, fields: Omit<LogEntry, "at" | "version">): LogEntry {
    this.#layout = layout;
    this.#version++;
    const entry: LogEntry = deepFreeze({ ...fields, at: this.#now().toISOString(), version: this.#version });
    this.#log.push(entry);
    const event: ChangeEvent = {
      kind: entry.kind,
      entry,
      patch: entry.patch,
      version: this.#version,
      layout: this.layout,
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
    return entry;
  }
}

/** A document for `layout` (a layout object or JSON text; default: one empty 4x8 tab). */
export function createDocument(layout?: unknown, options?: DocumentOptions): LayoutDocument {
  return new LayoutDocument(layout, options);
}
