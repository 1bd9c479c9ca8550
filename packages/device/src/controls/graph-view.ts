/**
 * The `graph` control's view geometry: edge paths (straight or quadratic), where an edge label
 * sits, and the pan/zoom transform under wheel and pinch gestures within `zoomRange`.
 */
import type { Point } from "./geometry.js";

/** Pan (px from the view's centre) and zoom of the graph's content. */
export interface View {
  k: number;
  x: number;
  y: number;
}

/** The quadratic control point of a curved edge: bowed to the right of a→b by a fifth of its length. */
function bend(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2 - (b.y - a.y) * 0.2, y: (a.y + b.y) / 2 + (b.x - a.x) * 0.2 };
}

/** An edge's SVG path from a to b. */
export function edgePath(a: Point, b: Point, curved: boolean): string {
  if (!curved) return `M${a.x} ${a.y}L${b.x} ${b.y}`;
  const c = bend(a, b);
  return `M${a.x} ${a.y}Q${c.x} ${c.y} ${b.x} ${b.y}`;
}

/** The middle of the edge and its direction in degrees, turned so the label never reads upside down. */
export function edgeLabelAt(a: Point, b: Point, curved: boolean): Point & { angle: number } {
  const c = curved ? bend(a, b) : { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  // A quadratic's midpoint is a quarter of each end plus half the control point.
  const mid = curved ? { x: (a.x + b.x) / 4 + c.x / 2, y: (a.y + b.y) / 4 + c.y / 2 } : c;
  let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  else if (angle < -90) angle += 180;
  return { x: mid.x, y: mid.y, angle };
}

/** `zoomRange` read as [min, max] with the doc's default [0.3, 3]. */
export function zoomLimits(value: unknown): [number, number] {
  const [lo, hi] = Array.isArray(value) ? value.map(Number) : [];
  const low = Number.isFinite(lo) && lo > 0 ? lo : 0.3;
  const high = Number.isFinite(hi) && hi >= low ? hi : Math.max(low, 3);
  return [low, high];
}

/** Zooms by `factor` about `at` (px from the view's centre), the point under it staying put. */
export function zoomAbout(view: View, factor: number, at: Point, limits: [number, number]): View {
  const k = Math.min(limits[1], Math.max(limits[0], view.k * factor));
  const ratio = k / view.k;
  return { k, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/**
 * A pinch: from the view when two pointers went down (`from`, their midpoint and spread) to where
 * they are now; the content point under the first midpoint follows the current midpoint.
 */
export function pinchView(
  from: View,
  start: { mid: Point; spread: number },
  now: { mid: Point; spread: number },
  limits: [number, number],
): View {
  const k = Math.min(limits[1], Math.max(limits[0], from.k * (now.spread / Math.max(1, start.spread))));
  const wx = (start.mid.x - from.x) / from.k;
  const wy = (start.mid.y - from.y) / from.k;
  return { k, x: now.mid.x - wx * k, y: now.mid.y - wy * k };
}

/** The content point (simulation coordinates) under a view point. */
export function toContent(view: View, at: Point): Point {
  return { x: (at.x - view.x) / view.k, y: (at.y - view.y) / view.k };
}
