/**
 * Item and zone models of the drag surfaces (sortboard, pinboard, canvas): what the layout
 * declares merged with what a sync pushed, unknown ids dropped. Pure, unit-tested.
 */
import { isRecord, parseDocument } from "./document.js";
import { toNumber } from "./format.js";

export interface SurfaceItem {
  id: string;
  label: string;
  icon?: string;
  tint?: string;
  locked: boolean;
  source: Record<string, unknown>;
}

export function surfaceItems(list: unknown): SurfaceItem[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: SurfaceItem[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== "string" || seen.has(item.id)) continue;
    seen.add(item.id);
    out.push({
      id: item.id,
      label: typeof item.label === "string" ? item.label : item.id,
      locked: item.locked === true,
      source: item,
      ...(typeof item.icon === "string" ? { icon: item.icon } : {}),
      ...(typeof item.tint === "string" ? { tint: item.tint } : {}),
    });
  }
  return out;
}

export const PALETTE_ZONE = "palette";

export interface SortZone {
  id: string;
  label: string;
  tint?: string;
  accepts?: string[];
  capacity?: number;
  locked: boolean;
}

export function sortZones(list: unknown): SortZone[] {
  if (!Array.isArray(list)) return [];
  const out: SortZone[] = [];
  for (const zone of list) {
    if (!isRecord(zone) || typeof zone.id !== "string" || zone.id === PALETTE_ZONE) continue;
    if (out.some((z) => z.id === zone.id)) continue;
    const capacity = toNumber(zone.capacity);
    out.push({
      id: zone.id,
      label: typeof zone.label === "string" ? zone.label : zone.id,
      locked: zone.locked === true,
      ...(typeof zone.tint === "string" ? { tint: zone.tint } : {}),
      ...(Array.isArray(zone.accepts) ? { accepts: zone.accepts.map(String) } : {}),
      ...(capacity !== undefined && capacity >= 0 ? { capacity: Math.floor(capacity) } : {}),
    });
  }
  return out;
}

/**
 * Zone contents: a synced `{zones}` wins (unknown zones and items dropped, an item in one zone
 * only, capacity kept); without one, each item's declared `zone`. Items in no zone are in the palette.
 */
export function sortAssignment(
  items: SurfaceItem[],
  zones: SortZone[],
  raw: unknown,
): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(zones.map((z) => [z.id, []]));
  const known = new Set(items.map((i) => i.id));
  const placed = new Set<string>();
  const put = (zoneId: string, itemId: string) => {
    const zone = zones.find((z) => z.id === zoneId);
    if (!zone || !known.has(itemId) || placed.has(itemId)) return;
    if (zone.capacity !== undefined && out[zoneId].length >= zone.capacity) return;
    out[zoneId].push(itemId);
    placed.add(itemId);
  };
  const doc = parseDocument(raw);
  if (isRecord(doc) && isRecord(doc.zones)) {
    for (const [zoneId, list] of Object.entries(doc.zones))
      if (Array.isArray(list)) for (const itemId of list) put(zoneId, String(itemId));
  } else {
    for (const item of items) if (typeof item.source.zone === "string") put(item.source.zone, item.id);
  }
  return out;
}

/** Whether `item` may go into `zone` (the palette takes anything unlocked). */
export function canPlace(zone: SortZone | undefined, itemId: string, contents: string[]): boolean {
  if (!zone) return true;
  if (zone.locked) return false;
  if (zone.accepts && !zone.accepts.includes(itemId)) return false;
  return zone.capacity === undefined || contents.filter((id) => id !== itemId).length < zone.capacity;
}

export interface Point {
  x: number;
  y: number;
}

const unit = (n: number) => Math.min(1, Math.max(0, n));

/**
 * Pin positions: a synced `{points}` wins (ids not in items ignored); without one, items that
 * declare both `x` and `y` start placed.
 */
export function pinPoints(items: SurfaceItem[], raw: unknown): Record<string, Point> {
  const out: Record<string, Point> = {};
  const known = new Set(items.map((i) => i.id));
  const doc = parseDocument(raw);
  if (isRecord(doc) && isRecord(doc.points)) {
    for (const [id, p] of Object.entries(doc.points)) {
      if (!known.has(id) || !isRecord(p)) continue;
      const x = toNumber(p.x);
      const y = toNumber(p.y);
      if (x !== undefined && y !== undefined) out[id] = { x: unit(x), y: unit(y) };
    }
    return out;
  }
  for (const item of items) {
    const x = toNumber(item.source.x);
    const y = toNumber(item.source.y);
    if (x !== undefined && y !== undefined) out[item.id] = { x: unit(x), y: unit(y) };
  }
  return out;
}

export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Canvas frames: the configured ones (w and h default 0.25), with synced frames over them for known ids. */
export function canvasFrames(items: SurfaceItem[], raw: unknown): Record<string, Frame> {
  const out: Record<string, Frame> = {};
  for (const item of items) {
    const s = item.source;
    out[item.id] = {
      x: unit(toNumber(s.x) ?? 0),
      y: unit(toNumber(s.y) ?? 0),
      w: unit(toNumber(s.w) ?? 0.25),
      h: unit(toNumber(s.h) ?? 0.25),
    };
  }
  const doc = parseDocument(raw);
  if (isRecord(doc) && isRecord(doc.frames)) {
    for (const [id, f] of Object.entries(doc.frames)) {
      if (!out[id] || !isRecord(f)) continue;
      const base = out[id];
      out[id] = {
        x: unit(toNumber(f.x) ?? base.x),
        y: unit(toNumber(f.y) ?? base.y),
        w: unit(toNumber(f.w) ?? base.w),
        h: unit(toNumber(f.h) ?? base.h),
      };
    }
  }
  return out;
}

/** Rounds a normalized coordinate to `snap` steps (0 = free) and to 4 decimals for the wire. */
export function snapUnit(n: number, snap = 0): number {
  const snapped = snap > 0 ? Math.round(n / snap) * snap : n;
  return Number(unit(snapped).toFixed(4));
}
