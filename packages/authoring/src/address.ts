import { isJsonObject } from "@carter/protocol";
import { placementGrid, type JsonObject, type PlacementGrid } from "@carter/kit";
import { AuthoringError } from "./errors.js";
import { indexLayout, type NodeEntry } from "./layout-index.js";
import type { GridRef, NodeRef, TabRef } from "./operations.js";
import { getAt, parsePointer } from "./patch.js";

/** A grid that holds children, resolved. */
export interface GridTarget {
  /** JSON Pointer of the grid's owner (tab, group, panel or popup). */
  pointer: string;
  owner: JsonObject;
  grid: PlacementGrid;
  /** How messages name it: `tab "Main"`, `group "net"`, `popup of "lamp"`. */
  label: string;
}

function tabsOf(layout: JsonObject): unknown[] {
  return Array.isArray(layout.tabs) ? layout.tabs : [];
}

/** The index of a tab given by index or title. */
export function resolveTab(layout: JsonObject, ref: TabRef, field: string): number {
  const tabs = tabsOf(layout);
  if (typeof ref === "number") {
    if (Number.isInteger(ref) && ref >= 0 && ref < tabs.length) return ref;
    throw new AuthoringError(
      "not_found",
      `${field}: there is no tab ${ref} (the layout has ${tabs.length})`,
      {
        field,
      },
    );
  }
  if (typeof ref !== "string")
    throw new AuthoringError("bad_operation", `${field} must be a tab index or title`, { field });
  const index = tabs.findIndex((tab) => isJsonObject(tab) && tab.title === ref);
  if (index < 0) {
    const titles = tabs.map((tab) => (isJsonObject(tab) ? JSON.stringify(tab.title) : "?")).join(", ");
    throw new AuthoringError(
      "not_found",
      `${field}: no tab is titled ${JSON.stringify(ref)} (tabs: ${titles})`,
      {
        field,
      },
    );
  }
  return index;
}

function tabTarget(layout: JsonObject, index: number): GridTarget {
  const tab = tabsOf(layout)[index] as JsonObject;
  return {
    pointer: `/tabs/${index}`,
    owner: tab,
    grid: placementGrid(tab),
    label: `tab ${JSON.stringify(tab.title ?? index)}`,
  };
}

function entryTarget(entry: NodeEntry): GridTarget {
  const id = typeof entry.node.id === "string" ? JSON.stringify(entry.node.id) : entry.pointer;
  const what = entry.nesting === "popup" ? "popup" : entry.nesting === "panel" ? "panel" : "group";
  return {
    pointer: entry.pointer,
    owner: entry.node,
    grid: placementGrid(entry.node),
    label: `${what} ${id}`,
  };
}

function popupTarget(entry: NodeEntry, field: string): GridTarget {
  const popup = entry.node.longPressGroup;
  const id = JSON.stringify(entry.node.id ?? entry.pointer);
  if (!isJsonObject(popup))
    throw new AuthoringError(
      "not_found",
      `${field}: control ${id} has no long-press popup; add one with setPopup`,
      {
        field,
      },
    );
  return {
    pointer: `${entry.pointer}/longPressGroup`,
    owner: popup,
    grid: placementGrid(popup),
    label: `popup of ${id}`,
  };
}

/** A grid owner named by id: a group, panel or popup id gives its grid; a control id its popup. */
function idTarget(entry: NodeEntry, field: string): GridTarget {
  return entry.kind === "group" ? entryTarget(entry) : popupTarget(entry, field);
}

function findId(layout: JsonObject, id: string, field: string): NodeEntry {
  const entry = indexLayout(layout).byId.get(id);
  if (!entry)
    throw new AuthoringError("not_found", `${field}: no control or group has id ${JSON.stringify(id)}`, {
      field,
    });
  return entry;
}

function pointerTarget(layout: JsonObject, pointer: string, field: string): GridTarget {
  const tab = /^\/tabs\/(\d+)$/.exec(pointer);
  if (tab && Number(tab[1]) < tabsOf(layout).length) return tabTarget(layout, Number(tab[1]));
  const entry = indexLayout(layout).byPointer.get(pointer);
  if (entry?.kind === "group") return entryTarget(entry);
  throw new AuthoringError(
    "not_found",
    `${field}: ${pointer} is not a tab, group, panel or popup of the layout`,
    { field },
  );
}

function pathTarget(layout: JsonObject, path: string, field: string): GridTarget {
  const [first, ...ids] = path.split("/");
  const tabIndex = /^#\d+$/.test(first)
    ? resolveTab(layout, Number(first.slice(1)), field)
    : resolveTab(layout, first, field);
  let target = tabTarget(layout, tabIndex);
  let scope = target;
  ids.forEach((id, i) => {
    const entry = findId(layout, id, field);
    if (!entry.pointer.startsWith(`${scope.pointer}/`))
      throw new AuthoringError("not_found", `${field}: ${JSON.stringify(id)} is not inside ${scope.label}`, {
        field,
      });
    // Only the last id must own a grid: earlier ones (a container, a control with a popup) narrow the scope.
    target =
      i === ids.length - 1 ? idTarget(entry, field) : { ...scope, pointer: entry.pointer, label: `"${id}"` };
    scope = target;
  });
  return target;
}

/** The grid `ref` names; `field` names the operation field in errors. */
export function resolveGrid(layout: JsonObject, ref: GridRef | undefined, field: string): GridTarget {
  if (ref === undefined) {
    if (tabsOf(layout).length === 0)
      throw new AuthoringError("not_found", `${field}: the layout has no tab; add one with addTab`, {
        field,
      });
    return tabTarget(layout, 0);
  }
  if (typeof ref === "string") {
    if (ref.startsWith("/")) return pointerTarget(layout, ref, field);
    return pathTarget(layout, ref, field);
  }
  if (isJsonObject(ref)) {
    if ("tab" in ref) return tabTarget(layout, resolveTab(layout, ref.tab as TabRef, `${field}.tab`));
    if ("group" in ref && typeof ref.group === "string") {
      const entry = findId(layout, ref.group, `${field}.group`);
      if (entry.kind !== "group")
        throw new AuthoringError(
          "not_found",
          `${field}.group: ${JSON.stringify(ref.group)} is a control, not a group`,
          {
            field: `${field}.group`,
          },
        );
      return entryTarget(entry);
    }
    if ("popup" in ref && typeof ref.popup === "string") {
      const entry = findId(layout, ref.popup, `${field}.popup`);
      return popupTarget(entry, `${field}.popup`);
    }
  }
  throw new AuthoringError(
    "bad_operation",
    `${field} must be a path ("Main/net"), a JSON Pointer, {tab}, {group} or {popup}`,
    { field },
  );
}

/** The control or group `ref` names (an id, or a JSON Pointer for a node without one). */
export function resolveNode(layout: JsonObject, ref: NodeRef, field: string): NodeEntry {
  if (typeof ref !== "string" || ref === "")
    throw new AuthoringError("bad_operation", `${field} must be a control or group id`, { field });
  const index = indexLayout(layout);
  const entry = index.byId.get(ref) ?? (ref.startsWith("/") ? index.byPointer.get(ref) : undefined);
  if (!entry)
    throw new AuthoringError("not_found", `${field}: no control or group has id ${JSON.stringify(ref)}`, {
      field,
    });
  return entry;
}

/** The grid that places `entry` (null for panels, popups and canvas items). */
export function gridOfNode(layout: JsonObject, entry: NodeEntry): GridTarget | null {
  if (entry.gridOwner === null) return null;
  return resolveGrid(layout, entry.gridOwner, "id");
}

/** The array holding `entry` and its index there. */
export function slotOf(entry: NodeEntry): { array: string; index: number } {
  const segments = parsePointer(entry.pointer);
  const last = segments[segments.length - 1];
  return { array: entry.pointer.slice(0, entry.pointer.length - last.length - 1), index: Number(last) };
}

export function arrayAt(layout: JsonObject, pointer: string): unknown[] {
  const value = getAt(layout, pointer);
  return Array.isArray(value) ? value : [];
}
