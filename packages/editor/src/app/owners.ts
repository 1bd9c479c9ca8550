import { indexLayout, type Operation } from "@carter/authoring";
import type { JsonObject, Layout, Nesting } from "@carter/kit";

/** A control or group of the layout with where it hangs. */
export interface Entry {
  node: JsonObject;
  pointer: string;
  kind: "control" | "group";
  nesting: Nesting;
  /** JSON Pointer of the grid placing it; null for panels, popups and canvas items. */
  grid: string | null;
}

/** One step of the path from a tab down to an entered grid. */
export interface Crumb {
  label: string;
  /** The scope the step enters (a key, see `scopeKey`; null: the tab's own grid). */
  enter: string | null;
  /** A control on the way (the owner of a popup or panel) is selected when its step is clicked. */
  select?: string;
  /** The step's own key, for `data-crumb`: the owner's scope key or the control's id. */
  key: string;
}

const cache = new WeakMap<object, Map<string, Entry>>();

/**
 * Every control and group of `layout` by JSON Pointer: what the kit's walk visits, at any depth.
 * Read from authoring's index of the layout, which its operations build anyway: no walk of our own.
 */
export function entries(layout: Layout): Map<string, Entry> {
  const cached = cache.get(layout);
  if (cached) return cached;
  const map = new Map<string, Entry>();
  for (const { pointer, node, kind, nesting, gridOwner } of indexLayout(layout).nodes)
    map.set(pointer, { node, pointer, kind, nesting, grid: gridOwner });
  cache.set(layout, map);
  return map;
}

/** How a grid owner (group, panel or popup) is named while entered: its id, else its pointer. */
export function scopeKey(entry: Entry): string {
  return typeof entry.node.id === "string" && entry.node.id !== "" ? entry.node.id : entry.pointer;
}

/** The group, panel or popup that `key` (an id or a JSON Pointer) names, or null. */
export function resolveScope(layout: Layout, key: string): Entry | null {
  const all = entries(layout);
  if (key.startsWith("/")) {
    const entry = all.get(key);
    return entry?.kind === "group" ? entry : null;
  }
  for (const entry of all.values()) if (entry.kind === "group" && entry.node.id === key) return entry;
  return null;
}

/** A container control's panels (accordion sections, carousel pages, flip card faces), as the kit walks them. */
export function panelsOf(layout: Layout, control: Entry): Entry[] {
  const panels = control.node.panels;
  if (!Array.isArray(panels)) return [];
  const all = entries(layout);
  return panels.flatMap((_panel, i) => {
    const entry = all.get(`${control.pointer}/panels/${i}`);
    return entry?.nesting === "panel" ? [entry] : [];
  });
}

/** A control's long-press popup, or null. */
export function popupOf(layout: Layout, control: Entry): Entry | null {
  return entries(layout).get(`${control.pointer}/longPressGroup`) ?? null;
}

/** The scope that edits the grid at `pointer` (null: a tab's own grid). */
export function scopeOfGrid(layout: Layout, pointer: string): string | null {
  if (/^\/tabs\/\d+$/.test(pointer)) return null;
  const entry = entries(layout).get(pointer);
  return entry ? scopeKey(entry) : null;
}

/** How a grid owner is shown: `popup`, else its label or title, else its scope key. */
export function ownerLabel(entry: Entry): string {
  if (entry.nesting === "popup") return "popup";
  for (const key of ["label", "title"])
    if (typeof entry.node[key] === "string" && entry.node[key] !== "") return entry.node[key];
  return scopeKey(entry);
}

/** The nodes enclosing `pointer` (and it), outermost first. */
function ancestors(layout: Layout, pointer: string): Entry[] {
  const all = entries(layout);
  const parts = pointer.split("/");
  const found: Entry[] = [];
  for (let end = 4; end <= parts.length; end++) {
    const entry = all.get(parts.slice(0, end).join("/"));
    if (entry) found.push(entry);
  }
  return found;
}

/**
 * The steps from the tab down to the grid owner at `pointer`: each group, panel and popup (entered
 * when clicked), and each control owning a popup or panel on the way (`Main › lamp › popup`).
 */
export function trail(layout: Layout, pointer: string): Crumb[] {
  return ancestors(layout, pointer).map((entry) => {
    if (entry.kind === "group") {
      const key = scopeKey(entry);
      return { label: ownerLabel(entry), enter: key, key };
    }
    const id = typeof entry.node.id === "string" ? entry.node.id : entry.pointer;
    return {
      label: id,
      enter: entry.grid === null ? null : scopeOfGrid(layout, entry.grid),
      select: id,
      key: id,
    };
  });
}

/**
 * The scope to show so the node at `pointer` is drawn: `current` (a scope key or null) when it
 * holds the node and no popup or panel between them hides it, else the innermost popup or panel
 * around the node (null: the tab's grid).
 */
export function scopeShowing(layout: Layout, pointer: string, current: string | null): string | null {
  const around = ancestors(layout, pointer).filter((entry) => entry.pointer !== pointer);
  const hidden = around.filter((entry) => entry.nesting === "popup" || entry.nesting === "panel").pop();
  const entered = current === null ? null : resolveScope(layout, current);
  const holds = entered === null || pointer === entered.pointer || pointer.startsWith(`${entered.pointer}/`);
  const shows = hidden === undefined || (entered !== null && entered.pointer.startsWith(hidden.pointer));
  if (holds && shows) return current;
  return hidden === undefined ? null : scopeKey(hidden);
}

/**
 * The operation that removes node `id`: `removeControl`, or for a long-press popup `setPopup` of
 * its control with `null` (the document refuses `removeControl` on a popup).
 */
export function removeOp(layout: Layout, id: string): Operation {
  for (const entry of entries(layout).values())
    if (entry.node.id === id && entry.nesting === "popup") {
      const control = entries(layout).get(entry.pointer.slice(0, -"/longPressGroup".length));
      if (typeof control?.node.id === "string") return { op: "setPopup", id: control.node.id, popup: null };
    }
  return { op: "removeControl", id };
}
