/**
 * Arc, gauge, pie and sparkline geometry. Angles are degrees clockwise from 12 o'clock so layout
 * values (`arcRotation`, `startAngle`) read the way the app draws them.
 */
import { toNumber } from "./format.js";
import { isRecord } from "./document.js";

export interface Point {
  x: number;
  y: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function polar(cx: number, cy: number, r: number, degrees: number): Point {
  const radians = ((degrees - 90) * Math.PI) / 180;
  return { x: round(cx + r * Math.cos(radians)), y: round(cy + r * Math.sin(radians)) };
}

/** An open arc path from `start` to `end` degrees; a full turn is drawn as two halves. */
export function arcPath(cx: number, cy: number, r: number, start: number, end: number): string {
  const sweep = Math.min(Math.abs(end - start), 360);
  if (sweep <= 0) return "";
  if (sweep >= 359.999) {
    const a = polar(cx, cy, r, start);
    const b = polar(cx, cy, r, start + 180);
    return `M${a.x} ${a.y}A${r} ${r} 0 1 1 ${b.x} ${b.y}A${r} ${r} 0 1 1 ${a.x} ${a.y}`;
  }
  const from = polar(cx, cy, r, start);
  const to = polar(cx, cy, r, start + sweep);
  return `M${from.x} ${from.y}A${r} ${r} 0 ${sweep > 180 ? 1 : 0} 1 ${to.x} ${to.y}`;
}

/** A filled ring sector (or pie wedge when `inner` is 0) between two angles. */
export function sectorPath(
  cx: number,
  cy: number,
  outer: number,
  inner: number,
  start: number,
  end: number,
): string {
  const sweep = Math.min(end - start, 359.99);
  if (sweep <= 0) return "";
  const large = sweep > 180 ? 1 : 0;
  const o1 = polar(cx, cy, outer, start);
  const o2 = polar(cx, cy, outer, start + sweep);
  if (inner <= 0) return `M${cx} ${cy}L${o1.x} ${o1.y}A${outer} ${outer} 0 ${large} 1 ${o2.x} ${o2.y}Z`;
  const i1 = polar(cx, cy, inner, start + sweep);
  const i2 = polar(cx, cy, inner, start);
  return `M${o1.x} ${o1.y}A${outer} ${outer} 0 ${large} 1 ${o2.x} ${o2.y}L${i1.x} ${i1.y}A${inner} ${inner} 0 ${large} 0 ${i2.x} ${i2.y}Z`;
}

/** Position of `value` in `min..max` as 0..1 (clamped; 0 for an empty range). */
export function fraction(value: number, min: number, max: number): number {
  if (!(max > min) || !Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

export interface GaugeArc {
  /** Total sweep in degrees. */
  sweep: number;
  /** Start angle in degrees (clockwise from 12 o'clock). */
  start: number;
}

/** `gaugeStyle` half ⇒ 180°, full ⇒ 360°, an explicit `arcAngle` wins; the arc is centred on top. */
export function gaugeArc(def: Record<string, unknown>): GaugeArc {
  const explicit = toNumber(def.arcAngle);
  const sweep = Math.min(360, Math.max(10, explicit ?? (def.gaugeStyle === "full" ? 360 : 180)));
  const rotation = toNumber(def.arcRotation) ?? 0;
  return { sweep, start: (sweep >= 360 ? 0 : -sweep / 2) + rotation };
}

/** The box an arc of radius `r` (stroke `thickness`) occupies around its centre. */
export function arcBounds(
  arc: GaugeArc,
  r: number,
  thickness: number,
): { minX: number; minY: number; maxX: number; maxY: number } {
  const points: Point[] = [{ x: 0, y: 0 }];
  for (let a = 0; a <= arc.sweep; a += 5) points.push(polar(0, 0, r, arc.start + a));
  points.push(polar(0, 0, r, arc.start + arc.sweep));
  const pad = thickness / 2;
  return {
    minX: Math.min(...points.map((p) => p.x)) - pad,
    minY: Math.min(...points.map((p) => p.y)) - pad,
    maxX: Math.max(...points.map((p) => p.x)) + pad,
    maxY: Math.max(...points.map((p) => p.y)) + pad,
  };
}

export interface Zone {
  from: number;
  to: number;
  color: string;
}

/** Gauge `segments [{limit, color}]` as 0..1 zones, each starting at the previous limit (or min). */
export function gaugeZones(segments: unknown, min: number, max: number): Zone[] {
  if (!Array.isArray(segments)) return [];
  const limits = segments
    .filter(isRecord)
    .map((s) => ({ limit: toNumber(s.limit), color: typeof s.color === "string" ? s.color : "" }))
    .filter((s): s is { limit: number; color: string } => s.limit !== undefined && s.color !== "")
    .sort((a, b) => a.limit - b.limit);
  const zones: Zone[] = [];
  let previous = min;
  for (const { limit, color } of limits) {
    const from = fraction(previous, min, max);
    const to = fraction(limit, min, max);
    if (to > from) zones.push({ from, to, color });
    previous = Math.max(previous, limit);
  }
  return zones;
}

/** The zone colour for a value (the first zone whose limit it does not exceed). */
export function zoneColor(zones: Zone[], f: number): string | undefined {
  return zones.find((zone) => f <= zone.to)?.color ?? zones[zones.length - 1]?.color;
}

export interface SliceAngles {
  start: number;
  end: number;
}

/** Slice angles proportional to weights (non-positive weights get no sweep). */
export function sliceAngles(weights: number[], startAngle = 0): SliceAngles[] {
  const total = weights.reduce((sum, w) => sum + (w > 0 ? w : 0), 0);
  let cursor = startAngle;
  return weights.map((w) => {
    const sweep = total > 0 && w > 0 ? (w / total) * 360 : 0;
    const slice = { start: cursor, end: cursor + sweep };
    cursor += sweep;
    return slice;
  });
}

/** Which slice an angle (degrees clockwise from 12 o'clock) falls in; -1 if none. */
export function sliceAt(slices: SliceAngles[], angle: number): number {
  const origin = slices[0]?.start ?? 0;
  const turn = (((angle - origin) % 360) + 360) % 360;
  return slices.findIndex((s) => s.end > s.start && turn >= s.start - origin && turn < s.end - origin);
}

export interface SparklineShape {
  line: string;
  area: string;
  min: number;
  max: number;
}

/**
 * A sparkline path in a `width`×`height` box; the y range auto-scales to the data and a flat
 * series sits mid-height. Null when fewer than two finite points exist.
 */
export function sparklinePath(
  points: readonly unknown[],
  width: number,
  height: number,
  inset = 2,
): SparklineShape | null {
  const values = points.map((v) => toNumber(v)).filter((v): v is number => v !== undefined);
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const usable = height - inset * 2;
  const step = width / (values.length - 1);
  const coords = values.map((v, i) => {
    const y = span === 0 ? height / 2 : inset + usable - ((v - min) / span) * usable;
    return `${round(i * step)} ${round(y)}`;
  });
  const line = `M${coords.join("L")}`;
  return { line, area: `${line}L${width} ${height}L0 ${height}Z`, min, max };
}
