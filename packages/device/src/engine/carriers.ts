import type { ControlDef } from "../controls/types.js";
import { isObject, type JsonObject } from "./json.js";

/** Carriers that fall back to the control's `action` when absent (layout.md §8.4). */
const FALLS_BACK = new Set([
  "longPressAction",
  "snapshotAction",
  "datumAction",
  "chartConfig.datumAction",
  "pieConfig.sliceAction",
  "heatmapConfig.cellAction",
  "boxPlotConfig.boxAction",
  "ganttConfig.taskAction",
  "sankeyConfig.nodeAction",
  "treemapConfig.itemAction",
  "chordConfig.arcAction",
]);

/**
 * The action object a carrier names on a control: `"action"`, a top-level carrier such as
 * `"longPressAction"`, or a dotted path into a config object (`"pieConfig.sliceAction"`, also
 * read from the control's top level when the config object lacks it).
 */
export function resolveCarrier(def: ControlDef, carrier: string): JsonObject | undefined {
  let node: unknown = def;
  const segments = carrier.split(".");
  for (const segment of segments) node = isObject(node) ? node[segment] : undefined;
  if (isObject(node)) return node;
  // A config carrier written beside `action`, as the reference kit's builder writes it.
  const topLevel = segments.length > 1 ? def[segments[segments.length - 1]] : undefined;
  if (isObject(topLevel)) return topLevel;
  if (FALLS_BACK.has(carrier) && isObject(def.action)) return def.action;
  return undefined;
}
