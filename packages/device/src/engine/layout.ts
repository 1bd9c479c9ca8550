import { isGroupNode } from "@carter/kit";
import type { ControlDef, GroupDef } from "../controls/types.js";
import { isObject, type JsonObject } from "./json.js";

/** A tab as the device renders it (layout.md §4.1). */
export interface TabDef {
  title: string;
  icon?: string;
  grid?: GroupDef["grid"];
  children: unknown[];
  [key: string]: unknown;
}

/** The parts of a layout document the device reads (layout.md §2). */
export interface LayoutDoc {
  name: string;
  version?: number;
  tabs: TabDef[];
  id?: string;
  headerTitle?: string;
  accentColor?: string;
  appearance?: JsonObject;
  theme?: JsonObject;
  connection?: JsonObject;
  state?: { sync?: boolean; authority?: string; acks?: boolean; ackTimeoutMs?: number };
  pollGroups?: Record<string, { event?: string; interval?: number; payload?: unknown }>;
  dynamicTabs?: { event?: string }[];
  [key: string]: unknown;
}

/** A group is `type: "group"`, or (older echoes) an untyped object with a `children` array. */
export function isGroup(child: unknown): child is GroupDef {
  return isObject(child) && isGroupNode(child);
}

/** A group's declared children; a missing or non-array `children` holds none (it must not crash the walk). */
export function declaredChildren(group: GroupDef): readonly unknown[] {
  return Array.isArray(group.children) ? group.children : [];
}

export function isControl(child: unknown): child is ControlDef {
  return (
    isObject(child) &&
    typeof child.type === "string" &&
    child.type !== "group" &&
    typeof child.id === "string"
  );
}

const PANEL_CONTAINERS = new Set(["carousel", "flipCard", "accordion"]);

/** Groups nested inside a control: container panels and its long-press popup. */
function nestedGroups(control: ControlDef): GroupDef[] {
  const out: GroupDef[] = [];
  if (PANEL_CONTAINERS.has(control.type) && Array.isArray(control.panels)) {
    for (const panel of control.panels)
      if (isObject(panel) && Array.isArray(panel.children)) out.push(panel as GroupDef);
  }
  if (isObject(control.longPressGroup) && Array.isArray(control.longPressGroup.children)) {
    out.push(control.longPressGroup as GroupDef);
  }
  return out;
}

/** Controls placed on a canvas (`canvasConfig.items[].control`). */
function canvasControls(control: ControlDef): unknown[] {
  if (control.type !== "canvas" || !isObject(control.canvasConfig)) return [];
  const items = control.canvasConfig.items;
  return Array.isArray(items)
    ? items.map((item: unknown) => (isObject(item) ? item.control : undefined))
    : [];
}

export interface WalkVisitor {
  control?(def: ControlDef): void;
  group?(def: GroupDef): void;
}

/**
 * Visits every control and group under `children`, descending into group children, container
 * panels, canvas item controls and long-press popups (layout.md §5.2). `childrenOf` lets the caller
 * substitute a dynamic group's live children for its declared ones.
 */
export function walkChildren(
  children: readonly unknown[],
  visit: WalkVisitor,
  childrenOf: (group: GroupDef) => readonly unknown[] = declaredChildren,
): void {
  for (const child of children) {
    if (isGroup(child)) {
      visit.group?.(child);
      walkChildren(childrenOf(child), visit, childrenOf);
    } else if (isControl(child)) {
      visit.control?.(child);
      for (const group of nestedGroups(child)) walkChildren(childrenOf(group), visit, childrenOf);
      walkChildren(canvasControls(child), visit, childrenOf);
    }
  }
}

/**
 * Checks that a document has the structure the device needs to render it; returns the problem
 * naming the field, or `null`. Schema-level validation is the kit's job.
 */
export function layoutProblem(doc: unknown): string | null {
  if (!isObject(doc)) return "layout must be a JSON object";
  if (!Array.isArray(doc.tabs)) return "layout.tabs must be an array";
  for (let i = 0; i < doc.tabs.length; i++) {
    const tab: unknown = doc.tabs[i];
    if (!isObject(tab)) return `layout.tabs[${i}] must be an object`;
    if (typeof tab.title !== "string") return `layout.tabs[${i}].title must be a string`;
    if (tab.children !== undefined && !Array.isArray(tab.children))
      return `layout.tabs[${i}].children must be an array`;
  }
  return null;
}

/** The standalone controls of a layout's `glance` block (layout.md §11.5), `[]` without any. */
export function glanceControls(layout: LayoutDoc | null): unknown[] {
  const glance = layout?.glance;
  return isObject(glance) && Array.isArray(glance.controls) ? glance.controls : [];
}
