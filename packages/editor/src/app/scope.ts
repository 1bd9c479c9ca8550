import { getAt } from "@carter/authoring";
import { isGroupNode, type JsonObject } from "@carter/kit";
import { batch } from "@preact/signals";
import { findNode, type Found, type Store } from "./store.js";

/** The entered group when it is on the shown tab (the canvas edits its grid), else null. */
export function enteredGroup(store: Store): Found | null {
  const id = store.inside.value;
  if (id === null) return null;
  const found = findNode(store.layout.value, id);
  return found && found.pointer.startsWith(`/tabs/${store.tab.value}/`) && isGroupNode(found.node)
    ? found
    : null;
}

/** JSON Pointer of the grid the canvas edits: the entered group's, else the shown tab's. */
export function currentGrid(store: Store): string {
  return enteredGroup(store)?.pointer ?? `/tabs/${store.tab.value}`;
}

/** The groups from the tab down to `pointer` (inclusive when it is a group): id and label. */
export function groupPath(store: Store, pointer: string): { id: string; label: string }[] {
  const parts = pointer.split("/");
  const path: { id: string; label: string }[] = [];
  for (let end = 5; end <= parts.length; end += 2) {
    const node = getAt(store.layout.value, parts.slice(0, end).join("/")) as JsonObject | undefined;
    if (node && typeof node.id === "string" && isGroupNode(node))
      path.push({ id: node.id, label: typeof node.label === "string" && node.label ? node.label : node.id });
  }
  return path;
}

/** Edits the grid of group `id` (null: the tab's), showing its tab. */
export function enter(store: Store, id: string | null): void {
  const found = id === null ? null : findNode(store.layout.value, id);
  batch(() => {
    if (found) store.tab.value = Number(found.pointer.split("/")[2]);
    store.inside.value = found ? (id as string) : null;
    store.select(null);
  });
}

/** Selects `id` (or, `extend`, toggles it), showing its tab and leaving an entered group not holding it. */
export function reveal(store: Store, id: string, extend = false): void {
  const found = findNode(store.layout.value, id);
  if (!found) return;
  batch(() => {
    const tab = Number(found.pointer.split("/")[2]);
    if (tab !== store.tab.value) {
      store.tab.value = tab;
      store.select(null);
    }
    const entered = enteredGroup(store);
    if (entered && !found.pointer.startsWith(`${entered.pointer}/`)) store.inside.value = null;
    store.select(id, extend);
  });
}
