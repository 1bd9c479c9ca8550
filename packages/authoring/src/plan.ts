import {
  getControlDoc,
  normalizeLayout,
  readSpan,
  UnknownControlTypeError,
  walkLayout,
  type Finding,
  type JsonObject,
} from "@carter/kit";
import { isJsonObject } from "@carter/protocol";
import {
  arrayAt,
  gridOfNode,
  resolveGrid,
  resolveNode,
  resolveTab,
  slotOf,
  type GridTarget,
} from "./address.js";
import { checkIdsFree, checkLayout, checkNodes, checkTab, checkTopLevel } from "./check.js";
import { AuthoringError } from "./errors.js";
import { indexLayout, type NodeEntry } from "./layout-index.js";
import { positionOf } from "./occupancy.js";
import type {
  AddControlOp,
  AddGroupOp,
  AddTabOp,
  Cell,
  MoveControlOp,
  Operation,
  RemoveControlOp,
  ReorderTabOp,
  SetPopupOp,
  UpdateControlOp,
  UpdateLayoutOp,
  UpdateTabOp,
} from "./operations.js";
import { applyPatchWithInverse, type JsonPatch, type JsonPatchOperation } from "./patch.js";
import { fitSpan, placeChild } from "./placement.js";

/** What one operation did, beside its patch. */
export interface OperationOutcome {
  /** The id of the control, group or popup added, moved or updated. */
  id?: string;
  /** Its JSON Pointer after the operation. */
  pointer?: string;
  position?: Cell;
  span?: Cell;
  /** The tab index added, updated or moved to. */
  tab?: number;
  /**
   * The kit's warnings about the control or group the operation added, updated, moved or gave a
   * popup (fields the docs ask for, undocumented keys); absent when there are none.
   */
  warnings?: Finding[];
}

export interface Planned {
  layout: JsonObject;
  patch: JsonPatch;
  inverse: JsonPatch;
  outcome: OperationOutcome;
}

const DEFAULT_TAB_ICON = "square.grid.2x2";
const DEFAULT_TAB_GRID = { columns: 4, rows: 8 };
const DEFAULT_GROUP_GRID = { columns: 2, rows: 2 };
const GROUP_SPAN: Cell = [2, 2];
const BLOCKS = {
  setAppearance: "appearance",
  setTheme: "theme",
  setConnection: "connection",
  setState: "state",
} as const;

function withWarnings(outcome: OperationOutcome, warnings: Finding[]): OperationOutcome {
  return warnings.length > 0 ? { ...outcome, warnings } : outcome;
}

function bad(field: string, message: string): AuthoringError {
  return new AuthoringError("bad_operation", `${field} ${message}`, { field });
}

function isCell(value: unknown): value is Cell {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number");
}

function cellField(value: unknown, field: string): Cell | undefined {
  if (value === undefined) return undefined;
  if (!isCell(value) || !value.every((v) => Number.isInteger(v)))
    throw bad(field, "must be a pair of integers");
  return [value[0], value[1]];
}

function spanField(value: unknown, field: string): Cell | undefined {
  const span = cellField(value, field);
  if (span && (span[0] < 1 || span[1] < 1))
    throw bad(field, "must be [rowSpan, colSpan] with parts of at least 1");
  return span;
}

function objectField(value: unknown, field: string): JsonObject {
  if (!isJsonObject(value)) throw bad(field, "must be an object");
  return value;
}

function indexField(value: unknown, max: number, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max)
    throw bad(field, `must be an integer from 0 to ${max}`);
  return value;
}

function idField(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw bad(field, "must be a non-empty string");
  return value;
}

/** `gauge` → `gauge-1`, or the next number free in the layout and `reserved`. */
export function freshId(layout: JsonObject, base: string, reserved: ReadonlySet<string> = new Set()): string {
  const byId = indexLayout(layout).byId;
  const stem = base.replace(/-\d+$/, "") || "control";
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!byId.has(id) && !reserved.has(id)) return id;
  }
}

function controlType(type: unknown, field: string): string {
  if (typeof type !== "string" || type === "") throw bad(field, "must be one of the catalog's control types");
  try {
    const doc = getControlDoc(type);
    if (doc.type === type) return type;
    throw new AuthoringError(
      "unknown_type",
      `${field}: unknown control type '${type}'; did you mean '${doc.type}'?`,
      {
        field,
      },
    );
  } catch (error) {
    if (error instanceof UnknownControlTypeError)
      throw new AuthoringError("unknown_type", `${field}: ${error.message}`, { field });
    throw error;
  }
}

/** The catalog example of `type` without id/position/span, nested ids renamed to free ones. */
function exampleOf(layout: JsonObject, type: string, reserved: Set<string>): JsonObject {
  const {
    id: _id,
    position: _position,
    span: _span,
    ...example
  } = structuredClone(getControlDoc(type).example) as JsonObject;
  walkLayout({ tabs: [{ children: [example] }] }, (node) => {
    if (node === example || typeof node.id !== "string") return;
    const id = freshId(layout, node.id, reserved);
    node.id = id;
    reserved.add(id);
  });
  return example;
}

function childrenPatch(target: GridTarget, index: number, value: JsonObject): JsonPatchOperation {
  if (!Array.isArray(target.owner.children))
    return { op: "add", path: `${target.pointer}/children`, value: [value] };
  return { op: "add", path: `${target.pointer}/children/${index}`, value };
}

function apply(layout: JsonObject, patch: JsonPatch): { layout: JsonObject; inverse: JsonPatch } {
  const { document, inverse } = applyPatchWithInverse(layout, patch);
  return { layout: document, inverse };
}

function describe(target: GridTarget, what: string): string {
  return `${what} in ${target.label}`;
}

/** Places a new child (control or group) and builds its node: `type`, `id`, `position`, `span` first. */
function addChild(
  layout: JsonObject,
  parent: AddControlOp["parent"],
  node: JsonObject,
  placement: { position?: Cell; span: Cell; explicitSpan: boolean; index: unknown },
  what: string,
): Planned {
  const target = resolveGrid(layout, parent, "parent");
  const span = placement.explicitSpan ? placement.span : fitSpan(placement.span, target);
  const id = node.id as string;
  const position = placeChild(
    target,
    { id, span, position: placement.position },
    { position: "position", span: "span" },
  );
  const { type, id: _id, position: _p, span: _s, ...rest } = node;
  const child: JsonObject = { type, id, position, span, ...rest };
  const count = Array.isArray(target.owner.children) ? target.owner.children.length : 0;
  const index = indexField(placement.index, count, "index") ?? count;
  const patch = [childrenPatch(target, index, child)];
  const next = apply(layout, patch);
  const pointer = `${target.pointer}/children/${index}`;
  const warnings = checkNodes(next.layout, [pointer], [undefined], describe(target, what));
  return {
    layout: next.layout,
    patch,
    inverse: next.inverse,
    outcome: withWarnings({ id, pointer, position, span }, warnings),
  };
}

function addControl(layout: JsonObject, op: AddControlOp): Planned {
  const control = objectField(op.control, "control");
  if (control.type === "group") throw bad("control.type", 'is "group": add groups with addGroup');
  const type = controlType(control.type, "control.type");
  const reserved = new Set<string>();
  const given = idField(control.id, "control.id");
  const id = given ?? freshId(layout, type);
  reserved.add(id);
  const base = op.fromExample === true ? exampleOf(layout, type, reserved) : {};
  const node: JsonObject = { ...base, ...control, type, id };
  checkIdsFree(layout, node, given !== undefined ? "control.id" : "control");
  const position = cellField(op.position ?? control.position, op.position ? "position" : "control.position");
  const explicit = spanField(op.span ?? control.span, op.span ? "span" : "control.span");
  const span = explicit ?? ([...getControlDoc(type).defaultSpan] as Cell);
  return addChild(
    layout,
    op.parent,
    node,
    { position, span, explicitSpan: explicit !== undefined, index: op.index },
    `${type} ${JSON.stringify(id)}`,
  );
}

function addGroup(layout: JsonObject, op: AddGroupOp): Planned {
  const group = objectField(op.group, "group");
  if (group.type !== undefined && group.type !== "group")
    throw bad("group.type", 'must be "group" when given');
  const given = idField(group.id, "group.id");
  const id = given ?? freshId(layout, "group");
  const node: JsonObject = {
    type: "group",
    id,
    ...group,
    grid: group.grid ?? { ...DEFAULT_GROUP_GRID },
    children: group.children ?? [],
  };
  node.id = id;
  node.type = "group";
  checkIdsFree(layout, node, given !== undefined ? "group.id" : "group.children");
  const position = cellField(op.position ?? group.position, op.position ? "position" : "group.position");
  const explicit = spanField(op.span ?? group.span, op.span ? "span" : "group.span");
  return addChild(
    layout,
    op.parent,
    node,
    { position, span: explicit ?? GROUP_SPAN, explicitSpan: explicit !== undefined, index: op.index },
    `group ${JSON.stringify(id)}`,
  );
}

function keysField(set: unknown, unset: unknown): { set: JsonObject; unset: string[] } {
  const fields = set === undefined ? {} : objectField(set, "set");
  if (unset !== undefined && (!Array.isArray(unset) || !unset.every((k) => typeof k === "string")))
    throw bad("unset", "must be an array of field names");
  const removed = (unset as string[] | undefined) ?? [];
  const both = removed.find((k) => k in fields);
  if (both !== undefined) throw bad("unset", `names ${JSON.stringify(both)}, which set also names`);
  if (Object.keys(fields).length === 0 && removed.length === 0)
    throw bad("set", "or unset must name a field");
  return { set: fields, unset: removed };
}

/** The patch setting and removing members of the object at `pointer`. */
function memberPatch(
  pointer: string,
  current: JsonObject,
  set: JsonObject,
  unset: string[],
  field: string,
): JsonPatch {
  const patch: JsonPatch = [];
  for (const [key, value] of Object.entries(set)) {
    if (value === undefined) throw bad(`set.${key}`, "must be a JSON value (use unset to remove a field)");
    const path = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    patch.push({ op: key in current ? "replace" : "add", path, value });
  }
  unset.forEach((key, i) => {
    if (!(key in current))
      throw new AuthoringError("not_found", `unset[${i}]: ${field} has no field ${JSON.stringify(key)}`, {
        field: `unset[${i}]`,
      });
    patch.push({ op: "remove", path: `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}` });
  });
  return patch;
}

function nodeName(entry: NodeEntry): string {
  const id = typeof entry.node.id === "string" ? JSON.stringify(entry.node.id) : entry.pointer;
  return `${entry.kind === "group" ? "group" : String(entry.node.type ?? "control")} ${id}`;
}

function updateControl(layout: JsonObject, op: UpdateControlOp): Planned {
  const entry = resolveNode(layout, op.id, "id");
  const { set, unset } = keysField(op.set, op.unset);
  for (const key of ["id", "type"])
    if (unset.includes(key)) throw bad("unset", `cannot remove ${JSON.stringify(key)}`);
  if ("type" in set) {
    if (entry.kind === "group") {
      if (set.type !== "group") throw bad("set.type", 'of a group must stay "group"');
    } else controlType(set.type, "set.type");
  }
  if ("id" in set) {
    idField(set.id, "set.id");
    checkIdsFree(layout, { id: set.id }, "set.id", entry.pointer);
  }
  if ("children" in set || "panels" in set || "longPressGroup" in set || "canvasConfig" in set)
    checkIdsFree(layout, { ...entry.node, ...set }, "set", entry.pointer);
  const updated: JsonObject = { ...entry.node, ...set };
  for (const key of unset) delete updated[key];
  const outcome: OperationOutcome = { pointer: entry.pointer };
  if (typeof updated.id === "string") outcome.id = updated.id;
  const grid = gridOfNode(layout, entry);
  if (grid && ("position" in set || "span" in set || unset.includes("position") || unset.includes("span"))) {
    const span = spanField(updated.span ?? [1, 1], "set.span") as Cell;
    const position = cellField(updated.position, "set.position");
    if (position === undefined && grid.grid.mode === "grid")
      throw bad("unset", 'cannot remove "position": a 2-D grid needs [row, col]');
    outcome.position = placeChild(
      grid,
      { id: String(updated.id ?? entry.pointer), span, position, exclude: entry.pointer },
      { position: "set.position", span: "set.span" },
    );
    outcome.span = span;
  }
  const patch = memberPatch(entry.pointer, entry.node, set, unset, nodeName(entry));
  const next = apply(layout, patch);
  const warnings = checkNodes(next.layout, [entry.pointer], [entry.node], `update of ${nodeName(entry)}`);
  return { layout: next.layout, patch, inverse: next.inverse, outcome: withWarnings(outcome, warnings) };
}

function removeControl(layout: JsonObject, op: RemoveControlOp): Planned {
  const entry = resolveNode(layout, op.id, "id");
  if (entry.nesting === "popup")
    throw bad("id", `names a long-press popup; remove it with setPopup and popup null`);
  if (entry.nesting === "canvas")
    throw bad("id", "names a canvas item's control; edit the canvas's canvasConfig.items with updateControl");
  const patch: JsonPatch = [{ op: "remove", path: entry.pointer }];
  const next = apply(layout, patch);
  const outcome: OperationOutcome = { pointer: entry.pointer };
  if (typeof entry.node.id === "string") outcome.id = entry.node.id;
  return { layout: next.layout, patch, inverse: next.inverse, outcome };
}

/** `pointer` after the array element at `removed` is taken out (later siblings shift down). */
function afterRemoval(pointer: string, removed: string): string {
  const { array, index } = slotOf({ pointer: removed } as NodeEntry);
  if (!pointer.startsWith(`${array}/`)) return pointer;
  const rest = pointer.slice(array.length + 1);
  const slash = rest.indexOf("/");
  const head = Number(slash < 0 ? rest : rest.slice(0, slash));
  if (head <= index) return pointer;
  return `${array}/${head - 1}${slash < 0 ? "" : rest.slice(slash)}`;
}

const UNPLACED: Partial<Record<string, string>> = {
  panel: "a container panel",
  popup: "a long-press popup",
  canvas: "a canvas item's control",
};

function moveControl(layout: JsonObject, op: MoveControlOp): Planned {
  const entry = resolveNode(layout, op.id, "id");
  const from = gridOfNode(layout, entry);
  if (!from)
    throw bad(
      "id",
      `names ${UNPLACED[entry.nesting] ?? "a node"}, which no grid places; edit it with updateControl`,
    );
  const target = op.to === undefined ? from : resolveGrid(layout, op.to, "to");
  if (target.pointer === entry.pointer || target.pointer.startsWith(`${entry.pointer}/`))
    throw bad("to", `is inside ${nodeName(entry)}; a group cannot move into itself`);
  const same = target.pointer === from.pointer;
  const explicitPosition = cellField(op.position, "position");
  const explicitSpan = spanField(op.span, "span");
  if (same && explicitPosition === undefined && explicitSpan === undefined && op.index === undefined)
    throw bad("position", "span, index or to must say where the control goes");
  const span = explicitSpan ?? readSpan(entry.node.span);
  const position = explicitPosition ?? (same ? (positionOf(entry.node.position) ?? undefined) : undefined);
  const id = typeof entry.node.id === "string" ? entry.node.id : entry.pointer;
  const placed = placeChild(
    target,
    { id, span, position, exclude: entry.pointer },
    { position: "position", span: "span" },
  );
  const { array, index: oldIndex } = slotOf(entry);
  const patch: JsonPatch = [];
  let pointer: string;
  if (same) {
    const count = arrayAt(layout, array).length;
    const index = indexField(op.index, count - 1, "index") ?? oldIndex;
    pointer = `${array}/${index}`;
    if (index !== oldIndex) patch.push({ op: "move", from: entry.pointer, path: pointer });
    const current = positionOf(entry.node.position);
    if (!current || current[0] !== placed[0] || current[1] !== placed[1])
      patch.push({
        op: "position" in entry.node ? "replace" : "add",
        path: `${pointer}/position`,
        value: placed,
      });
    if (explicitSpan)
      patch.push({ op: "span" in entry.node ? "replace" : "add", path: `${pointer}/span`, value: span });
  } else {
    // Remove and add rather than "move": a group's later sibling shifts down once the node is
    // out, and RFC 6902 forbids a move whose target has the source as a textual prefix.
    const count = Array.isArray(target.owner.children) ? target.owner.children.length : 0;
    const index = indexField(op.index, count, "index") ?? count;
    const owner = afterRemoval(target.pointer, entry.pointer);
    patch.push({ op: "remove", path: entry.pointer });
    const moved: JsonObject = { ...entry.node, position: placed };
    if (explicitSpan) moved.span = span;
    if (!Array.isArray(target.owner.children))
      patch.push({ op: "add", path: `${owner}/children`, value: [moved] });
    else patch.push({ op: "add", path: `${owner}/children/${index}`, value: moved });
    pointer = `${owner}/children/${index}`;
  }
  const next = apply(layout, patch);
  checkNodes(next.layout, [pointer], [entry.node], `move of ${nodeName(entry)} to ${target.label}`);
  return {
    layout: next.layout,
    patch,
    inverse: next.inverse,
    outcome: { id, pointer, position: placed, span },
  };
}

function setPopup(layout: JsonObject, op: SetPopupOp): Planned {
  const entry = resolveNode(layout, op.id, "id");
  if (entry.kind !== "control")
    throw bad("id", `names ${nodeName(entry)}; only controls have long-press popups`);
  const path = `${entry.pointer}/longPressGroup`;
  if (op.popup === null) {
    if (!("longPressGroup" in entry.node))
      throw new AuthoringError("not_found", `id: ${nodeName(entry)} has no long-press popup`, {
        field: "popup",
      });
    const patch: JsonPatch = [{ op: "remove", path }];
    const next = apply(layout, patch);
    return { layout: next.layout, patch, inverse: next.inverse, outcome: { pointer: entry.pointer } };
  }
  const input = objectField(op.popup, "popup");
  const given = idField(input.id, "popup.id");
  const id = given ?? freshId(layout, "popup");
  const popup: JsonObject = {
    id,
    ...input,
    grid: input.grid ?? { ...DEFAULT_GROUP_GRID },
    children: input.children ?? [],
  };
  popup.id = id;
  checkIdsFree(
    layout,
    { children: popup.children, id },
    given !== undefined ? "popup.id" : "popup.children",
    path,
  );
  const patch: JsonPatch = [{ op: "longPressGroup" in entry.node ? "replace" : "add", path, value: popup }];
  const next = apply(layout, patch);
  const warnings = checkNodes(next.layout, [entry.pointer], [entry.node], `popup of ${nodeName(entry)}`);
  return {
    layout: next.layout,
    patch,
    inverse: next.inverse,
    outcome: withWarnings({ id, pointer: path }, warnings),
  };
}

function tabTitles(layout: JsonObject): unknown[] {
  return (Array.isArray(layout.tabs) ? layout.tabs : []).map((tab) =>
    isJsonObject(tab) ? tab.title : undefined,
  );
}

function addTab(layout: JsonObject, op: AddTabOp): Planned {
  const input = objectField(op.tab, "tab");
  if (typeof input.title !== "string" || input.title.trim() === "")
    throw bad("tab.title", "must be a non-empty string");
  if (tabTitles(layout).includes(input.title))
    throw new AuthoringError(
      "duplicate_id",
      `tab.title: a tab is already titled ${JSON.stringify(input.title)}; titles are tab ids`,
      {
        field: "tab.title",
      },
    );
  const tab: JsonObject = {
    title: input.title,
    icon: DEFAULT_TAB_ICON,
    ...input,
    grid: input.grid ?? { ...DEFAULT_TAB_GRID },
    children: input.children ?? [],
  };
  checkIdsFree(layout, { children: tab.children }, "tab.children");
  const count = Array.isArray(layout.tabs) ? layout.tabs.length : 0;
  const index = indexField(op.index, count, "index") ?? count;
  const patch: JsonPatch = [
    Array.isArray(layout.tabs)
      ? { op: "add", path: `/tabs/${index}`, value: tab }
      : { op: "add", path: "/tabs", value: [tab] },
  ];
  const next = apply(layout, patch);
  checkTab(layout, undefined, next.layout, index, `tab ${JSON.stringify(input.title)}`);
  return {
    layout: next.layout,
    patch,
    inverse: next.inverse,
    outcome: { tab: index, pointer: `/tabs/${index}` },
  };
}

function updateTab(layout: JsonObject, op: UpdateTabOp): Planned {
  const index = resolveTab(layout, op.tab, "tab");
  const tab = (layout.tabs as JsonObject[])[index];
  const { set, unset } = keysField(op.set, op.unset);
  if (unset.includes("title")) throw bad("unset", 'cannot remove "title"');
  if ("title" in set) {
    if (typeof set.title !== "string" || set.title.trim() === "")
      throw bad("set.title", "must be a non-empty string");
    if (tabTitles(layout).some((title, i) => i !== index && title === set.title))
      throw new AuthoringError(
        "duplicate_id",
        `set.title: a tab is already titled ${JSON.stringify(set.title)}`,
        {
          field: "set.title",
        },
      );
  }
  if ("children" in set) checkIdsFree(layout, { children: set.children }, "set.children", `/tabs/${index}`);
  const patch = memberPatch(`/tabs/${index}`, tab, set, unset, `tab ${JSON.stringify(tab.title)}`);
  const next = apply(layout, patch);
  checkTab(layout, tab, next.layout, index, `tab ${JSON.stringify(tab.title)}`);
  return {
    layout: next.layout,
    patch,
    inverse: next.inverse,
    outcome: { tab: index, pointer: `/tabs/${index}` },
  };
}

function removeTab(layout: JsonObject, op: { tab: unknown }): Planned {
  const index = resolveTab(layout, op.tab as number | string, "tab");
  const patch: JsonPatch = [{ op: "remove", path: `/tabs/${index}` }];
  const next = apply(layout, patch);
  return { layout: next.layout, patch, inverse: next.inverse, outcome: { tab: index } };
}

function reorderTab(layout: JsonObject, op: ReorderTabOp): Planned {
  const index = resolveTab(layout, op.tab, "tab");
  const to = indexField(op.to, (layout.tabs as unknown[]).length - 1, "to");
  if (to === undefined) throw bad("to", "must be the tab's new index");
  const patch: JsonPatch = to === index ? [] : [{ op: "move", from: `/tabs/${index}`, path: `/tabs/${to}` }];
  const next = apply(layout, patch);
  return { layout: next.layout, patch, inverse: next.inverse, outcome: { tab: to, pointer: `/tabs/${to}` } };
}

function setBlock(layout: JsonObject, name: string, value: unknown): Planned {
  const path = `/${name}`;
  let patch: JsonPatch;
  if (value === null) {
    if (!(name in layout))
      throw new AuthoringError("not_found", `value: the layout has no ${name} to remove`, { field: "value" });
    patch = [{ op: "remove", path }];
  } else {
    objectField(value, "value");
    patch = [{ op: name in layout ? "replace" : "add", path, value }];
  }
  const next = apply(layout, patch);
  checkTopLevel(layout, next.layout, name);
  return { layout: next.layout, patch, inverse: next.inverse, outcome: {} };
}

function updateLayout(layout: JsonObject, op: UpdateLayoutOp): Planned {
  const { set, unset } = keysField(op.set, op.unset);
  if ("tabs" in set || unset.includes("tabs"))
    throw bad(
      "tabs" in set ? "set.tabs" : "unset",
      "cannot edit tabs: use addTab, updateTab, removeTab and reorderTab",
    );
  const patch = memberPatch("", layout, set, unset, "the layout");
  const next = apply(layout, patch);
  checkTopLevel(layout, next.layout, "layout fields");
  return { layout: next.layout, patch, inverse: next.inverse, outcome: {} };
}

function replaceLayout(layout: JsonObject, value: unknown): Planned {
  const replacement = normalizeLayout(objectField(value, "layout")) as unknown as JsonObject;
  checkLayout(replacement, "layout");
  const patch: JsonPatch = [{ op: "replace", path: "", value: replacement }];
  const next = apply(layout, patch);
  return { layout: next.layout, patch, inverse: next.inverse, outcome: {} };
}

/** Checks `op` against `layout` and returns the new layout, its patch and inverse; throws `AuthoringError`. */
export function planOperation(layout: JsonObject, op: Operation): Planned {
  if (!isJsonObject(op)) throw bad("op", "must be an operation object");
  switch (op.op) {
    case "addControl":
      return addControl(layout, op);
    case "updateControl":
      return updateControl(layout, op);
    case "removeControl":
      return removeControl(layout, op);
    case "moveControl":
      return moveControl(layout, op);
    case "addGroup":
      return addGroup(layout, op);
    case "setPopup":
      return setPopup(layout, op);
    case "addTab":
      return addTab(layout, op);
    case "updateTab":
      return updateTab(layout, op);
    case "removeTab":
      return removeTab(layout, op);
    case "reorderTab":
      return reorderTab(layout, op);
    case "setAppearance":
    case "setTheme":
    case "setConnection":
    case "setState":
      return setBlock(layout, BLOCKS[op.op], op.value);
    case "updateLayout":
      return updateLayout(layout, op);
    case "replaceLayout":
      return replaceLayout(layout, op.layout);
    default:
      throw bad(
        "op",
        `${JSON.stringify((op as { op: unknown }).op)} is not an operation (addControl, updateControl, …)`,
      );
  }
}
