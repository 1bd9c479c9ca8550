import type { ControlDef } from "../controls/types.js";
import { isObject } from "../engine/json.js";
import { glanceControls, isControl, walkChildren, type LayoutDoc } from "../engine/layout.js";

/** The glance view of a layout (layout.md §11.5): what to draw, already placed on a 2-column grid. */
export interface GlancePlan {
  title: string;
  icon: string | null;
  tint: string | null;
  /** Control definitions with synthesized `position`/`span`: hero first, then slots, then glance controls. */
  children: ControlDef[];
  rows: number;
}

export const GLANCE_COLUMNS = 2;

/**
 * Plans the glance of a layout: `null` when the layout has no `glance` block, it is
 * `enabled: false`, or it names nothing that exists. The hero spans the full width (two rows), each
 * slot and standalone glance control takes one cell; unknown ids are skipped.
 */
export function planGlance(layout: LayoutDoc | null): GlancePlan | null {
  const glance = layout?.glance;
  if (!layout || !isObject(glance) || glance.enabled === false) return null;
  const byId = new Map<string, ControlDef>();
  for (const tab of layout.tabs) walkChildren(tab.children, { control: (def) => byId.set(def.id, def) });
  const children: ControlDef[] = [];
  let row = 0;
  const hero = typeof glance.hero === "string" ? byId.get(glance.hero) : undefined;
  if (hero) {
    children.push({ ...hero, position: [0, 0], span: [2, GLANCE_COLUMNS] });
    row = 2;
  }
  const cells: ControlDef[] = [];
  if (Array.isArray(glance.slots))
    for (const id of glance.slots) {
      const def = typeof id === "string" && id !== hero?.id ? byId.get(id) : undefined;
      if (def) cells.push(def);
    }
  for (const def of glanceControls(layout)) if (isControl(def)) cells.push(def);
  cells.forEach((def, i) => {
    children.push({
      ...def,
      position: [row + Math.floor(i / GLANCE_COLUMNS), i % GLANCE_COLUMNS],
      span: [1, 1],
    });
  });
  if (children.length === 0) return null;
  return {
    title: typeof glance.title === "string" ? glance.title : layout.name,
    icon: typeof glance.icon === "string" ? glance.icon : null,
    tint: typeof glance.tint === "string" ? glance.tint : null,
    children,
    rows: row + Math.ceil(cells.length / GLANCE_COLUMNS),
  };
}
