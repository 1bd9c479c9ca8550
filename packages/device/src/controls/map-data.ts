/**
 * The map document in one shape, from the native payload, GeoJSON ([lng, lat]) or an
 * object-array feed (`mapConfig.markersPath` / `markerLatProperty`). Pure, unit-tested.
 */
import { splitValuePath, valueAtPath } from "@carter/protocol";
import { isRecord, parseDocument } from "./document.js";
import { toNumber } from "./format.js";

export interface MapMarker {
  id?: string;
  lat: number;
  lng: number;
  color?: string;
  size: number;
  label?: string;
  ripple: boolean;
}
export interface MapPath {
  points: [number, number][];
  color?: string;
}
export interface MapData {
  center?: [number, number];
  markers: MapMarker[];
  paths: MapPath[];
}

const clampSize = (n: number) => Math.min(60, Math.max(4, n));
const validLatLng = (lat: unknown, lng: unknown): [number, number] | undefined => {
  const a = toNumber(lat);
  const b = toNumber(lng);
  return a !== undefined && b !== undefined && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : undefined;
};
const pair = (value: unknown, order: "latlng" | "lnglat") =>
  Array.isArray(value)
    ? order === "latlng"
      ? validLatLng(value[0], value[1])
      : validLatLng(value[1], value[0])
    : undefined;

function nativeMarker(item: Record<string, unknown>): MapMarker | undefined {
  const at =
    pair(item.coordinate, "latlng") ??
    validLatLng(item.lat ?? item.latitude, item.lng ?? item.lon ?? item.longitude);
  if (!at) return undefined;
  const label =
    typeof item.label === "string" ? item.label : typeof item.title === "string" ? item.title : undefined;
  return {
    lat: at[0],
    lng: at[1],
    size: clampSize(toNumber(item.size) ?? 12),
    ripple: item.ripple === true || isRecord(item.ripple),
    ...(typeof item.id === "string" ? { id: item.id } : {}),
    ...(typeof item.color === "string" ? { color: item.color } : {}),
    ...(label !== undefined ? { label } : {}),
  };
}

function geoJson(doc: Record<string, unknown>, out: MapData): void {
  const features =
    doc.type === "FeatureCollection" && Array.isArray(doc.features)
      ? doc.features
      : doc.type === "Feature"
        ? [doc]
        : [doc];
  for (const f of features) {
    if (!isRecord(f)) continue;
    const geometry = isRecord(f.geometry) ? f.geometry : f;
    const props = isRecord(f.properties) ? f.properties : {};
    if (geometry.type === "Point") {
      const at = pair(geometry.coordinates, "lnglat");
      if (at) out.markers.push({ ...nativeMarker({ ...props, lat: at[0], lng: at[1] })! });
    } else if (geometry.type === "LineString" && Array.isArray(geometry.coordinates)) {
      const points = geometry.coordinates.map((c) => pair(c, "lnglat")).filter((p) => p !== undefined);
      if (points.length > 1)
        out.paths.push({ points, ...(typeof props.color === "string" ? { color: props.color } : {}) });
    }
  }
}

/** Reads the map document with the control's `mapConfig`; undefined when nothing is placeable. */
export function normalizeMap(raw: unknown, cfg: Record<string, unknown>): MapData | undefined {
  const doc = parseDocument(raw);
  const out: MapData = { markers: [], paths: [] };
  const feedMode = typeof cfg.markersPath === "string" || typeof cfg.markerLatProperty === "string";
  if (feedMode) {
    const list =
      typeof cfg.markersPath === "string" ? valueAtPath(doc, splitValuePath(cfg.markersPath)) : doc;
    const latKey = typeof cfg.markerLatProperty === "string" ? cfg.markerLatProperty : "lat";
    const lngKey = typeof cfg.markerLngProperty === "string" ? cfg.markerLngProperty : "lng";
    const order = cfg.coordinateOrder === "latlng" ? "latlng" : "lnglat";
    const [d0, d1] = Array.isArray(cfg.markerSizeDomain) ? cfg.markerSizeDomain.map(Number) : [0, 10];
    const [r0, r1] = Array.isArray(cfg.markerSizeRange) ? cfg.markerSizeRange.map(Number) : [8, 30];
    const minWeight = toNumber(cfg.minWeight) ?? 0;
    const threshold = toNumber(cfg.rippleThreshold) ?? 0;
    for (const item of Array.isArray(list) ? list : []) {
      if (!isRecord(item)) continue;
      const at =
        validLatLng(item[latKey], item[lngKey] ?? item.lon ?? item.longitude) ??
        pair(item.coordinates, order);
      if (!at) continue;
      const weight =
        typeof cfg.markerSizeProperty === "string" ? toNumber(item[cfg.markerSizeProperty]) : undefined;
      if (weight !== undefined && weight < minWeight) continue;
      const t = weight === undefined || d1 === d0 ? 0 : Math.min(1, Math.max(0, (weight - d0) / (d1 - d0)));
      const ripple = typeof cfg.rippleProperty === "string" ? toNumber(item[cfg.rippleProperty]) : undefined;
      const id = typeof cfg.markerIdProperty === "string" ? item[cfg.markerIdProperty] : item.id;
      const color = typeof cfg.markerColorProperty === "string" ? item[cfg.markerColorProperty] : undefined;
      const label = typeof cfg.markerLabelProperty === "string" ? item[cfg.markerLabelProperty] : undefined;
      out.markers.push({
        lat: at[0],
        lng: at[1],
        size: clampSize(weight === undefined ? 12 : r0 + (r1 - r0) * t),
        ripple: ripple !== undefined ? ripple > threshold : isRecord(cfg.ripple),
        ...(id !== undefined ? { id: String(id) } : {}),
        ...(typeof color === "string" ? { color } : {}),
        ...(label !== undefined ? { label: String(label) } : {}),
      });
    }
  } else if (
    isRecord(doc) &&
    (doc.type === "FeatureCollection" ||
      doc.type === "Feature" ||
      doc.type === "Point" ||
      doc.type === "LineString")
  ) {
    geoJson(doc, out);
  } else if (isRecord(doc)) {
    for (const m of Array.isArray(doc.markers) ? doc.markers : []) {
      const marker = isRecord(m) ? nativeMarker(m) : undefined;
      if (marker) out.markers.push(marker);
    }
    for (const p of Array.isArray(doc.paths) ? doc.paths : []) {
      if (!isRecord(p) || !Array.isArray(p.points)) continue;
      const points = p.points.map((c) => pair(c, "latlng")).filter((c) => c !== undefined);
      if (points.length > 1)
        out.paths.push({ points, ...(typeof p.color === "string" ? { color: p.color } : {}) });
    }
    const center = pair(doc.center, "latlng");
    if (center) out.center = center;
  }
  const cap = Math.max(1, Math.floor(toNumber(cfg.maxMarkers) ?? 400));
  if (out.markers.length > cap) out.markers = out.markers.slice(0, cap);
  return out.markers.length || out.paths.length || out.center ? out : undefined;
}
