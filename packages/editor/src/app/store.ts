import {
  AuthoringError,
  createDocument,
  indexLayout,
  type ApplyResult,
  type Operation,
} from "@carter/authoring";
import type { JsonObject, Layout } from "@carter/kit";
import { batch, signal } from "@preact/signals";
import { coalesced } from "./later.js";
import { resolveScope } from "./owners.js";

/** A refusal or a problem to show: the message, and the field it concerns when known. */
export interface Problem {
  message: string;
  field?: string;
}

/** A control or group found by id, with its JSON Pointer and the pointer of the grid placing it. */
export interface Found {
  node: JsonObject;
  pointer: string;
  /** The kit's JSON path of the node (`$.tabs[0].children[2]`), as findings name it. */
  path: string;
  grid: string | null;
}

/** `/tabs/0/children/2` → `$.tabs[0].children[2]`, the kit's path of the same node. */
function pathOf(pointer: string): string {
  let path = "$";
  for (const part of pointer.slice(1).split("/")) path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return path;
}

const found = new WeakMap<Layout, Map<string, Found | null>>();

/**
 * The node with `id` in `layout` (controls and groups of tabs, groups, panels, popups, canvases);
 * the first in walk order when ids repeat. Read from authoring's index of the layout (one walk per
 * layout object, which its operations build anyway) and kept per layout and id: every view asks
 * on each change, and gets the same object for the same layout.
 */
export function findNode(layout: Layout, id: string): Found | null {
  let known = found.get(layout);
  if (known === undefined) found.set(layout, (known = new Map()));
  let result = known.get(id);
  if (result === undefined) {
    const entry = indexLayout(layout).byId.get(id);
    result = entry
      ? { node: entry.node, pointer: entry.pointer, path: pathOf(entry.pointer), grid: entry.gridOwner }
      : null;
    known.set(id, result);
  }
  return result;
}

/**
 * The editor's state: one `@carter/authoring` document (every change goes through it) and the
 * signals the views read. A change shows on the canvas, in the tree and in the inspector's fields
 * in the frame after it; what costs milliseconds per change on a large layout and is not needed
 * for that frame (the JSON view's text, the kit's findings and contract, read from `settled`)
 * follows after the frame has painted, once per burst of changes. A change made from the JSON view
 * leaves that view's own text alone while the person types.
 */
export function createStore(initial?: unknown) {
  const doc = createDocument(initial, { author: "editor" });
  const layout = signal<Layout>(doc.layout);
  const selected = signal<string | null>(null);
  /** Further selected ids beside `selected` (shift/ctrl-click); moved and deleted together. */
  const also = signal<string[]>([]);
  const tab = signal(0);
  /**
   * The group, container panel or long-press popup whose own grid the canvas shows (entered from
   * the tree or by double-click), by id (its JSON Pointer when it has none); null: the tab's.
   */
  const inside = signal<string | null>(null);
  const problem = signal<Problem | null>(null);
  const canUndo = signal(false);
  const canRedo = signal(false);
  const json = signal(doc.text());
  /**
   * The layout as of the last paint after a change: whole-layout checks (the kit's findings and
   * contract) read it, so they run after the frame that shows the change, once per burst.
   */
  const settled = signal<Layout>(doc.layout);
  const jsonLater = coalesced(() => (json.value = doc.text()));
  const settleLater = coalesced(() => (settled.value = doc.layout));
  let fromJson = false;

  doc.subscribe((event) => {
    if (!fromJson) jsonLater.schedule();
    settleLater.schedule();
    batch(() => {
      layout.value = event.layout;
      canUndo.value = doc.canUndo;
      canRedo.value = doc.canRedo;
      if (selected.value !== null && !findNode(event.layout, selected.value)) selected.value = null;
      if (also.value.some((id) => !findNode(event.layout, id)))
        also.value = also.value.filter((id) => findNode(event.layout, id));
      if (inside.value !== null && !resolveScope(event.layout, inside.value)) inside.value = null;
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

  /** Applies `ops` as one change (one undo step); a refusal becomes the shown problem. */
  const applyAll = (ops: Operation[]): boolean => {
    try {
      doc.batch(ops);
      problem.value = null;
      return true;
    } catch (error) {
      refuse(error);
      return false;
    }
  };

  return {
    doc,
    applyAll,
    /**
     * Moves controls by the same rows and columns, as one change. The one furthest along the move
     * goes first, so a control never lands on a cell a fellow has not left yet.
     */
    moveBy(ids: string[], [rows, cols]: [number, number]): boolean {
      const moves = ids.flatMap((id) => {
        const position = findNode(layout.value, id)?.node.position;
        return Array.isArray(position) ? [{ id, at: position as [number, number] }] : [];
      });
      moves.sort((a, b) => b.at[0] * rows + b.at[1] * cols - (a.at[0] * rows + a.at[1] * cols));
      return applyAll(
        moves.map(({ id, at }) => ({ op: "moveControl", id, position: [at[0] + rows, at[1] + cols] })),
      );
    },
    /** Every selected id, the primary one first. */
    selection(): string[] {
      return selected.value === null ? [] : [selected.value, ...also.value];
    },
    /** Selects `id` alone, or (`extend`) toggles it in the selection. */
    select(id: string | null, extend = false): void {
      batch(() => {
        if (!extend || id === null || selected.value === null) {
          selected.value = id;
          also.value = [];
        } else if (id === selected.value) {
          selected.value = also.value[0] ?? null;
          also.value = also.value.slice(1);
        } else if (also.value.includes(id)) also.value = also.value.filter((other) => other !== id);
        else also.value = [...also.value, id];
      });
    },
    layout,
    settled,
    selected,
    also,
    tab,
    inside,
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
      jsonLater.cancel();
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
      if (problem.value !== null) return;
      jsonLater.cancel();
      json.value = doc.text();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
