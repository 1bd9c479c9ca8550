import { isGroupNode, walkTab } from "@carter/kit";
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

export interface WalkVisitor {
  control?(def: ControlDef): void;
  group?(def: GroupDef): void;
}

/**
 * Visits every control and group under `children` with the kit's layout walker, through group
 * children, container panels, canvas item controls and long-press popups (layout.md §5.2).
 * `childrenOf` substitutes a dynamic group's live children for its declared ones. Panels and
 * popups are walked but not reported as groups (they are part of their control), and only
 * controls with a string `type` and `id` are reported.
 */
export function walkChildren(
  children: readonly unknown[],
  visit: WalkVisitor,
  childrenOf: (group: GroupDef) => readonly unknown[] = declaredChildren,
): void {
  walkTab(
    { children },
    0,
    (node, info) => {
      if (info.kind === "group") {
        if (info.nesting !== "panel" && info.nesting !== "popup") visit.group?.(node as GroupDef);
      } else if (isControl(node)) visit.control?.(node);
    },
    { childrenOf: (group) => childrenOf(group as GroupDef) },
  );
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
