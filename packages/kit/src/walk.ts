/**
 * Visits every control and group of a layout, through every nesting point: tab children, group
 * children, container `panels`, canvas `canvasConfig.items[].control` and `longPressGroup` popups.
 * Works on untrusted input: non-objects are skipped (and reported through `onMalformed`).
 */

import { isJsonObject, type JsonObject } from "@carter/protocol";

export type { JsonObject };

/** How a node hangs off its parent. */
export type Nesting = "tab" | "group" | "panel" | "canvas" | "popup";

/** The grid a node is placed in, defaults applied (a missing grid is 4 columns x 8 rows). */
export interface PlacementGrid {
  columns: number;
  rows: number;
  mode: "grid" | "flow";
  /** False when the grid object was absent and the 4x8 default applies. */
  declared: boolean;
}

export interface WalkInfo {
  kind: "control" | "group";
  /** JSON path of the node, e.g. `$.tabs[0].children[2]`. */
  path: string;
  nesting: Nesting;
  /** The grid placing this node; `null` where `position` has no effect (panels, canvas items, popups). */
  grid: PlacementGrid | null;
  /** Path of the grid's owner (tab, group, panel or popup), the scope for overlap checks. */
  gridPath: string | null;
  tabIndex: number;
  /** The enclosing group or control, `null` for direct tab children. */
  parent: JsonObject | null;
  depth: number;
}

export interface WalkOptions {
  /** Called for a container that is not an array or an entry that is not an object. */
  onMalformed?: (path: string, message: string) => void;
  /**
   * The children to walk under a group, panel or popup (default: its `children`). A renderer
   * passes a dynamic group's live children, swapped in by the server, for the declared ones.
   */
  childrenOf?: (group: JsonObject) => unknown;
}

export type Visitor = (node: JsonObject, info: WalkInfo) => void;

export const DEFAULT_GRID: Readonly<PlacementGrid> = { columns: 4, rows: 8, mode: "grid", declared: false };

const CONTAINER_TYPES: ReadonlySet<string> = new Set(["carousel", "flipCard", "accordion"]);

export const isObject = isJsonObject;

/** A child is a group when `type` is "group", or it has no `type` but a `children` array. */
export function isGroupNode(node: JsonObject): boolean {
  return node.type === "group" || (node.type === undefined && Array.isArray(node.children));
}

/**
 * A control's `span` as `[rows, columns]`, the way every Carter tool reads it: missing or malformed
 * is `[1, 1]`, each part floored and clamped to at least 1. The validator reports malformed spans;
 * readers never fail on them.
 */
export function readSpan(span: unknown): [number, number] {
  if (!Array.isArray(span) || span.length !== 2) return [1, 1];
  return [spanPart(span[0]), spanPart(span[1])];
}

function spanPart(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.max(1, Math.floor(value)) : 1;
}

/** The placement grid an object declares (tabs, groups, panels, popups). */
export function placementGrid(owner: JsonObject): PlacementGrid {
  const grid = owner.grid;
  if (!isObject(grid)) return DEFAULT_GRID;
  return {
    columns: typeof grid.columns === "number" ? grid.columns : DEFAULT_GRID.columns,
    rows: typeof grid.rows === "number" ? grid.rows : DEFAULT_GRID.rows,
    mode: grid.mode === "flow" ? "flow" : "grid",
    declared: true,
  };
}

/** Builds a JSON path segment: `.key` for identifiers, `["key"]` otherwise. */
export function pathKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

interface Scope {
  tabIndex: number;
  parent: JsonObject | null;
  depth: number;
}

/** The walk over one children list and everything nested in it; `walkLayout` and `walkTab` share it. */
function makeWalker(visit: Visitor, options: WalkOptions) {
  const malformed = options.onMalformed ?? (() => undefined);

  const walkChildren = (
    owner: JsonObject,
    ownerPath: string,
    nesting: Nesting,
    grid: PlacementGrid | null,
    scope: Scope,
  ) => {
    const children = nesting === "tab" || !options.childrenOf ? owner.children : options.childrenOf(owner);
    if (children === undefined) return;
    const childrenPath = `${ownerPath}.children`;
    if (!Array.isArray(children)) {
      malformed(childrenPath, "`children` must be an array");
      return;
    }
    children.forEach((child, index) => {
      const path = `${childrenPath}[${index}]`;
      if (!isObject(child)) {
        malformed(path, "a child must be an object (a control or a group)");
        return;
      }
      walkNode(child, { path, nesting, grid, gridPath: grid ? ownerPath : null, scope });
    });
  };

  const walkGroupBody = (group: JsonObject, path: string, scope: Scope) => {
    walkChildren(group, path, "group", placementGrid(group), {
      ...scope,
      parent: group,
      depth: scope.depth + 1,
    });
  };

  const walkNode = (
    node: JsonObject,
    at: { path: string; nesting: Nesting; grid: PlacementGrid | null; gridPath: string | null; scope: Scope },
  ) => {
    const kind = at.nesting === "panel" || at.nesting === "popup" || isGroupNode(node) ? "group" : "control";
    visit(node, {
      kind,
      path: at.path,
      nesting: at.nesting,
      grid: at.grid,
      gridPath: at.gridPath,
      tabIndex: at.scope.tabIndex,
      parent: at.scope.parent,
      depth: at.scope.depth,
    });
    const inner: Scope = { ...at.scope, parent: node, depth: at.scope.depth + 1 };
    if (kind === "group") {
      walkGroupBody(node, at.path, at.scope);
      return;
    }
    if (isObject(node.longPressGroup)) {
      walkNode(node.longPressGroup, {
        path: `${at.path}.longPressGroup`,
        nesting: "popup",
        grid: null,
        gridPath: null,
        scope: inner,
      });
    }
    if (typeof node.type === "string" && CONTAINER_TYPES.has(node.type) && node.panels !== undefined) {
      walkPanels(node, at.path, inner);
    }
    if (node.type === "canvas" && isObject(node.canvasConfig))
      walkCanvas(node.canvasConfig, `${at.path}.canvasConfig`, inner);
  };

  const walkPanels = (container: JsonObject, path: string, scope: Scope) => {
    const panels = container.panels;
    if (!Array.isArray(panels)) {
      malformed(`${path}.panels`, "`panels` must be an array of groups");
      return;
    }
    panels.forEach((panel, index) => {
      const panelPath = `${path}.panels[${index}]`;
      if (!isObject(panel)) malformed(panelPath, "a panel must be a group object");
      else walkNode(panel, { path: panelPath, nesting: "panel", grid: null, gridPath: null, scope });
    });
  };

  const walkCanvas = (config: JsonObject, path: string, scope: Scope) => {
    const items = config.items;
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      malformed(`${path}.items`, "`items` must be an array");
      return;
    }
    items.forEach((item, index) => {
      const itemPath = `${path}.items[${index}]`;
      if (!isObject(item)) {
        malformed(itemPath, "a canvas item must be an object");
        return;
      }
      if (item.control === undefined) return;
      if (!isObject(item.control)) {
        malformed(`${itemPath}.control`, "a canvas item `control` must be a control object");
        return;
      }
      walkNode(item.control, {
        path: `${itemPath}.control`,
        nesting: "canvas",
        grid: null,
        gridPath: null,
        scope,
      });
    });
  };

  return walkChildren;
}

export function walkLayout(layout: unknown, visit: Visitor, options: WalkOptions = {}): void {
  if (!isObject(layout) || !Array.isArray(layout.tabs)) return;
  const walker = makeWalker(visit, options);
  layout.tabs.forEach((tab, tabIndex) => walkTabWith(walker, tab, tabIndex));
}

/**
 * Walks one tab (of a layout, or one a renderer holds itself, such as a server-pushed dynamic
 * tab): its children and everything nested in them, with `$.tabs[tabIndex]` paths.
 */
export function walkTab(tab: unknown, tabIndex: number, visit: Visitor, options: WalkOptions = {}): void {
  walkTabWith(makeWalker(visit, options), tab, tabIndex);
}

function walkTabWith(walker: ReturnType<typeof makeWalker>, tab: unknown, tabIndex: number): void {
  if (!isObject(tab)) return;
  walker(tab, `$.tabs[${tabIndex}]`, "tab", placementGrid(tab), { tabIndex, parent: null, depth: 0 });
}
