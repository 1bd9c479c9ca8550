import { getAt, positionOf, type Cell, type Operation } from "@carter/authoring";
import {
  GridPlacer,
  isGroupNode,
  placementGrid,
  readSpan,
  walkLayout,
  type JsonObject,
  type Layout,
} from "@carter/kit";
import { isJsonObject as isObject } from "@carter/protocol";
import { findNode } from "./store.js";

/** What Copy puts on the clipboard (as JSON text): the copied controls and groups, whole. */
export interface Clip {
  carter: "clipboard";
  version: 1;
  nodes: JsonObject[];
}

/**
 * The clip of the selected ids, in selection order. A node inside another selected group is
 * carried by that group and not copied twice.
 */
export function copyNodes(layout: Layout, ids: readonly string[]): Clip {
  const found = ids.flatMap((id) => {
    const node = findNode(layout, id);
    return node ? [node] : [];
  });
  const nodes = found
    .filter(
      (inner) => !found.some((outer) => outer !== inner && inner.pointer.startsWith(`${outer.pointer}/`)),
    )
    .map((each) => structuredClone(each.node));
  return { carter: "clipboard", version: 1, nodes };
}

export function clipText(clip: Clip): string {
  return `${JSON.stringify(clip, null, 2)}\n`;
}

function isNode(value: unknown): value is JsonObject {
  return isObject(value) && (typeof value.type === "string" || Array.isArray(value.children));
}

/**
 * Reads clipboard text: a clip, or JSON a person copied by hand — one control or group object,
 * or an array of them. Null when the text is none of these.
 */
export function readClip(text: string): Clip | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const nodes = isObject(value) && value.carter === "clipboard" ? value.nodes : value;
  const list = Array.isArray(nodes) ? nodes : [nodes];
  if (list.length === 0 || !list.every(isNode)) return null;
  return { carter: "clipboard", version: 1, nodes: structuredClone(list) };
}

function popupOf(node: JsonObject): JsonObject | null {
  return isObject(node.popup) ? node.popup : null;
}

/** Every id of controls, groups and popups in `layout`. */
function idsOf(layout: unknown): Set<string> {
  const ids = new Set<string>();
  walkLayout(layout as Layout, (node) => {
    if (typeof node.id === "string") ids.add(node.id);
    const popup = popupOf(node);
    if (popup && typeof popup.id === "string") ids.add(popup.id);
  });
  return ids;
}

/** `base` itself while no one uses it (a cut node pasted back keeps its id), else `<stem>-N`. */
function freshId(base: string, used: Set<string>): string {
  if (!used.has(base)) {
    used.add(base);
    return base;
  }
  const stem = base.replace(/-\d+$/, "") || "control";
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** Gives `nodes` and everything inside them (groups, panels, popups) ids no one else uses. */
export function renameIds(nodes: JsonObject[], used: Set<string>): JsonObject[] {
  // Each cloned on its own: one node listed twice must become two nodes.
  const copies = nodes.map((node) => structuredClone(node));
  walkLayout({ tabs: [{ title: "clip", children: copies }] } as unknown as Layout, (node) => {
    if (typeof node.id === "string") node.id = freshId(node.id, used);
    const popup = popupOf(node);
    if (popup && typeof popup.id === "string") popup.id = freshId(popup.id, used);
  });
  return copies;
}

/**
 * A placer for the grid of `owner` (a tab, group, panel or popup) holding the cells its children
 * take now. A child the layout already misplaces claims no cells (the kit reports it elsewhere).
 */
export function placerOver(owner: JsonObject, what: string): GridPlacer {
  const placer = new GridPlacer(placementGrid(owner), what);
  const children = Array.isArray(owner.children) ? owner.children : [];
  children.forEach((child, index) => {
    const at = isObject(child) ? positionOf(child.position) : null;
    if (!isObject(child) || !at) return;
    try {
      placer.place(`#${index}`, readSpan(child.span), at);
    } catch {
      // Misplaced already: see above.
    }
  });
  return placer;
}

/**
 * The operations that paste `clip` into the grid at `parent` (a JSON Pointer to a tab, group,
 * panel or popup): fresh ids throughout, each node at its own cells when they are free there,
 * else at the first free cells (the kit's first-fit placement), spans clamped to the grid.
 * Throws the kit's `PlacementError` when a node finds no room.
 */
export function pasteOps(
  layout: Layout,
  clip: Clip,
  parent: string,
  used: Set<string> = idsOf(layout),
): Operation[] {
  const owner = getAt(layout, parent);
  if (!isObject(owner)) throw new Error(`paste: no grid at ${parent}`);
  const grid = placementGrid(owner);
  const placer = placerOver(owner, `paste into ${parent}`);
  return renameIds(clip.nodes, used).map((node) => {
    const { position: _position, span: _span, ...fields } = node;
    const id = String(node.id);
    const wanted = readSpan(node.span);
    const span: Cell =
      grid.mode === "flow" ? wanted : [Math.min(wanted[0], grid.rows), Math.min(wanted[1], grid.columns)];
    let position: Cell;
    const original = positionOf(node.position) ?? undefined;
    try {
      position = placer.place(id, span, original);
    } catch {
      position = placer.place(id, span);
    }
    return isGroupNode(node)
      ? { op: "addGroup", parent, group: fields, position, span }
      : { op: "addControl", parent, control: fields as { type: string }, position, span };
  });
}

/** The operations that duplicate the selected ids, each copy in its original's grid. */
export function duplicateOps(layout: Layout, ids: readonly string[]): Operation[] {
  const used = idsOf(layout);
  const byGrid = new Map<string, JsonObject[]>();
  for (const node of copyNodes(layout, ids).nodes) {
    const grid = findNode(layout, String(node.id))?.grid;
    if (grid) byGrid.set(grid, [...(byGrid.get(grid) ?? []), node]);
  }
  return [...byGrid].flatMap(([grid, nodes]) =>
    pasteOps(layout, { carter: "clipboard", version: 1, nodes }, grid, used),
  );
}
