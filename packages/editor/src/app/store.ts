import { AuthoringError, createDocument, type ApplyResult, type Operation } from "@carter/authoring";
import { walkLayout, type JsonObject, type Layout } from "@carter/kit";
import { batch, signal } from "@preact/signals";

/** A refusal or a problem to show: the message, and the field it concerns when known. */
export interface Problem {
  message: string;
  field?: string;
}

/** A control or group found by id, with its JSON Pointer and the pointer of the grid placing it. */
export interface Found {
  node: JsonObject;
  pointer: string;
  grid: string | null;
}

function pointerOf(path: string): string {
  return path
    .slice(1)
    .replace(/\[(\d+)\]/g, "/$1")
    .replace(/\./g, "/");
}

/** The node with `id` in `layout` (controls and groups of tabs, groups, panels, popups, canvases). */
export function findNode(layout: Layout, id: string): Found | null {
  let found: Found | null = null;
  walkLayout(layout, (node, info) => {
    if (found === null && node.id === id)
      found = {
        node,
        pointer: pointerOf(info.path),
        grid: info.gridPath === null ? null : pointerOf(info.gridPath),
      };
  });
  return found;
}

/**
 * The editor's state: one `@carter/authoring` document (every change goes through it) and the
 * signals the views read. `origin` marks a change made from the JSON view, which keeps its own
 * text while the person types.
 */
export function createStore(initial?: unknown) {
  const doc = createDocument(initial, { author: "editor" });
  const layout = signal<Layout>(doc.layout);
  const selected = signal<string | null>(null);
  const tab = signal(0);
  const problem = signal<Problem | null>(null);
  const canUndo = signal(false);
  const canRedo = signal(false);
  const json = signal(doc.text());
  let fromJson = false;

  doc.subscribe((event) => {
    batch(() => {
      layout.value = event.layout;
      canUndo.value = doc.canUndo;
      canRedo.value = doc.canRedo;
      if (!fromJson) json.value = doc.text();
      if (selected.value !== null && !findNode(event.layout, selected.value)) selected.value = null;
      const tabs = event.layout.tabs.length;
      if (tab.value >= tabs) tab.value = Math.max(0, tabs - 1);
    });
  });

  const refuse = (error: unknown): null => {
    if (!(error instanceof AuthoringError)) throw error;
    problem.value = { message: error.message, field: error.field };
    return null;
  };

  /** Applies `op`; a refusal becomes the shown problem and returns null. */
  const apply = (op: Operation): ApplyResult | null => {
    try {
      const result = doc.apply(op);
      problem.value = null;
      return result;
    } catch (error) {
      return refuse(error);
    }
  };

  return {
    doc,
    layout,
    selected,
    tab,
    problem,
    canUndo,
    canRedo,
    json,
    apply,
    undo(): void {
      if (doc.canUndo) doc.undo();
      problem.value = null;
    },
    redo(): void {
      if (doc.canRedo) doc.redo();
      problem.value = null;
    },
    /** Text typed in the JSON view: applied when it parses and passes the kit, else shown as a problem. */
    editJson(text: string): void {
      json.value = text;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        problem.value = { message: `JSON: ${(error as Error).message}`, field: "json" };
        return;
      }
      // Unchanged content (formatting only) is no change: no log entry, no undo step.
      if (`${JSON.stringify(value, null, 2)}\n` === doc.text()) {
        problem.value = null;
        return;
      }
      fromJson = true;
      try {
        doc.apply({ op: "replaceLayout", layout: value });
        problem.value = null;
      } catch (error) {
        refuse(error);
      } finally {
        fromJson = false;
      }
    },
    /** Puts the document's own text back in the JSON view (after the person leaves it). */
    syncJson(): void {
      if (problem.value === null) json.value = doc.text();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
