import { walkLayout, type JsonObject, type Nesting } from "@carter/kit";

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

/** `$.tabs[0].children[2]["odd key"]` → `/tabs/0/children/2/odd key` (escaped per RFC 6901). */
export function pathToPointer(path: string): string {
  let pointer = "";
  const token = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  const rest = path.slice(1);
  let match: RegExpExecArray | null;
  while ((match = token.exec(rest)) !== null) {
    const key = match[1] ?? match[2] ?? (JSON.parse(match[3]) as string);
    pointer += `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  }
  return pointer;
}

/** The index of `layout` (cached per layout object: documents never mutate a version). */
export function indexLayout(layout: object): LayoutIndex {
  const cached = cache.get(layout);
  if (cached) return cached;
  const byId = new Map<string, NodeEntry>();
  const byPointer = new Map<string, NodeEntry>();
  const nodes: NodeEntry[] = [];
  walkLayout(layout, (node, info) => {
    const entry: NodeEntry = {
      pointer: pathToPointer(info.path),
      node,
      kind: info.kind,
      nesting: info.nesting,
      gridOwner: info.gridPath === null ? null : pathToPointer(info.gridPath),
      tabIndex: info.tabIndex,
      depth: info.depth,
    };
    nodes.push(entry);
    byPointer.set(entry.pointer, entry);
    if (typeof node.id === "string" && !byId.has(node.id)) byId.set(node.id, entry);
  });
  const index: LayoutIndex = { byId, byPointer, nodes };
  cache.set(layout, index);
  return index;
}
