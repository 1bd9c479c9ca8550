import { batch } from "@preact/signals";
import { resolveScope, scopeShowing, type Entry } from "./owners.js";
import { findNode, type Store } from "./store.js";

/**
 * The entered group, panel or popup when it is on the shown tab (the canvas edits its grid), else
 * null.
 */
export function enteredOwner(store: Store): Entry | null {
  const key = store.inside.value;
  if (key === null) return null;
  const entry = resolveScope(store.layout.value, key);
  return entry && entry.pointer.startsWith(`/tabs/${store.tab.value}/`) ? entry : null;
}

/** JSON Pointer of the grid the canvas edits: the entered owner's, else the shown tab's. */
export function currentGrid(store: Store): string {
  return enteredOwner(store)?.pointer ?? `/tabs/${store.tab.value}`;
}

/** Edits the grid of the group, panel or popup `key` names (an id or pointer; null: the tab's), showing its tab. */
export function enter(store: Store, key: string | null): void {
  const entry = key === null ? null : resolveScope(store.layout.value, key);
  batch(() => {
    if (entry) store.tab.value = Number(entry.pointer.split("/")[2]);
    store.inside.value = entry ? key : null;
    store.select(null);
  });
}

/**
 * Selects `id` (or, `extend`, toggles it), showing its tab and the grid that draws it: an entered
 * owner not holding it is left, a popup or panel holding it is entered.
 */
export function reveal(store: Store, id: string, extend = false): void {
  const found = findNode(store.layout.value, id);
  if (!found) return;
  batch(() => {
    const tab = Number(found.pointer.split("/")[2]);
    if (tab !== store.tab.value) {
      store.tab.value = tab;
      store.select(null);
    }
    const current = enteredOwner(store) === null ? null : store.inside.value;
    const next = scopeShowing(store.layout.value, found.pointer, current);
    if (next !== current) {
      store.inside.value = next;
      store.select(null);
    }
    store.select(id, extend);
  });
}
