import { isGroupNode, type JsonObject, type Nesting } from "@carter/kit";
import { isJsonObject } from "@carter/protocol";

/** A control or group found in the layout, with where it sits. */
export interface NodeEntry {
  /** JSON Pointer of the node, e.g. `/tabs/0/children/2`. */
  pointer: string;
  node: JsonObject;
  kind: "control" | "group";
  nesting: Nesting;
  /** Pointer of the tab, group, panel or popup whose grid places the node; null for panels, popups, canvas items. */
  gridOwner: string | null;
  tabIndex: number;
  depth: number;
}

/** Every control and group of one layout version, by id and in walk order. */
export interface LayoutIndex {
  byId: ReadonlyMap<string, NodeEntry>;
  byPointer: ReadonlyMap<string, NodeEntry>;
  nodes: readonly NodeEntry[];
}

const cache = new WeakMap<object, LayoutIndex>();

const CONTAINER_TYPES: ReadonlySet<string> = new Set(["carousel", "flipCard", "accordion"]);

/**
 * The index of `layout` (cached per layout object: documents never mutate a version). It visits
 * exactly what the kit's `walkLayout` visits — tab and group children, container panels, canvas
 * item controls and long-press popups (a test holds the two together) — but builds JSON Pointers
 * directly: an edit re-indexes the whole layout, so this walk has to be lean.
 */
export function indexLayout(layout: object): LayoutIndex {
  const cached = cache.get(layout);
  if (cached) return cached;
  const byId = new Map<string, NodeEntry>();
  const byPointer = new Map<string, NodeEntry>();
  const nodes: NodeEntry[] = [];

  const visit = (
    node: JsonObject,
    pointer: string,
    nesting: Nesting,
    gridOwner: string | null,
    tabIndex: number,
    depth: number,
  ): void => {
    const kind = nesting === "panel" || nesting === "popup" || isGroupNode(node) ? "group" : "control";
    const entry: NodeEntry = { pointer, node, kind, nesting, gridOwner, tabIndex, depth };
    nodes.push(entry);
    byPointer.set(pointer, entry);
    if (typeof node.id === "string" && !byId.has(node.id)) byId.set(node.id, entry);
    if (kind === "group") {
      children(node, pointer, "group", tabIndex, depth + 1);
      return;
    }
    if (isJsonObject(node.longPressGroup))
      visit(node.longPressGroup, `${pointer}/longPressGroup`, "popup", null, tabIndex, depth + 1);
    if (typeof node.type === "string" && CONTAINER_TYPES.has(node.type) && Array.isArray(node.panels)) {
      node.panels.forEach((panel, i) => {
        if (isJsonObject(panel)) visit(panel, `${pointer}/panels/${i}`, "panel", null, tabIndex, depth + 1);
      });
    }
    if (node.type === "canvas" && isJsonObject(node.canvasConfig) && Array.isArray(node.canvasConfig.items)) {
      node.canvasConfig.items.forEach((item, i) => {
        if (isJsonObject(item) && isJsonObject(item.control))
          visit(
            item.control,
            `${pointer}/canvasConfig/items/${i}/control`,
            "canvas",
            null,
            tabIndex,
            depth + 1,
          );
      });
    }
  };

  const children = (
    owner: JsonObject,
    pointer: string,
    nesting: Nesting,
    tabIndex: number,
    depth: number,
  ) => {
    if (!Array.isArray(owner.children)) return;
    owner.children.forEach((child, i) => {
      if (isJsonObject(child)) visit(child, `${pointer}/children/${i}`, nesting, pointer, tabIndex, depth);
    });
  };

  const tabs = (layout as JsonObject).tabs;
  if (Array.isArray(tabs))
    tabs.forEach((tab, i) => {
      if (isJsonObject(tab)) children(tab, `/tabs/${i}`, "tab", i, 0);
    });
  const index: LayoutIndex = { byId, byPointer, nodes };
  cache.set(layout, index);
  return index;
}
