/**
 * `chart` dataset normalization (layout.md §13.2): `{categories?, series:[...]}`, `{values:[...]}`
 * or a bare array become one shape the renderers share. Histogram series are binned here.
 */
import { toNumber } from "./format.js";
import { isRecord, parseDocument } from "./document.js";

export type SeriesType = "bar" | "line" | "area" | "scatter" | "histogram" | "waterfall";

const SERIES_TYPES = new Set<SeriesType>(["bar", "line", "area", "scatter", "histogram", "waterfall"]);

export interface ChartSeries {
  name: string;
  type: SeriesType;
  color?: string;
  /** One value per category (null = gap). */
  values: (number | null)[];
  /** Explicit `[x, y]` points (time series, scatter). */
  points: [number, number][];
}

export interface ChartData {
  categories: string[];
  series: ChartSeries[];
}

const finiteOrNull = (v: unknown): number | null => toNumber(v) ?? null;

function readPoints(points: unknown): [number, number][] {
  if (!Array.isArray(points)) return [];
  const out: [number, number][] = [];
  for (const p of points) {
    if (!Array.isArray(p)) continue;
    const x = toNumber(p[0]);
    const y = toNumber(p[1]);
    if (x !== undefined && y !== undefined) out.push([x, y]);
  }
  return out;
}

function readSeries(raw: Record<string, unknown>, index: number): ChartSeries {
  const type = SERIES_TYPES.has(raw.type as SeriesType) ? (raw.type as SeriesType) : "bar";
  return {
    name: typeof raw.name === "string" ? raw.name : `Series ${index + 1}`,
    type,
    color: typeof raw.color === "string" ? raw.color : undefined,
    values: Array.isArray(raw.values) ? raw.values.map(finiteOrNull) : [],
    points: readPoints(raw.points),
  };
}

export interface Histogram {
  labels: string[];
  counts: number[];
}

/** Bins samples into `bins` equal buckets (default √n clamped to 5..20). */
export function binHistogram(samples: number[], bins?: number): Histogram {
  if (samples.length === 0) return { labels: [], counts: [] };
  const count = Math.max(1, Math.round(bins ?? Math.min(20, Math.max(5, Math.sqrt(samples.length)))));
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  const width = (max - min) / count || 1;
  const counts = new Array<number>(count).fill(0);
  for (const s of samples) counts[Math.min(count - 1, Math.floor((s - min) / width))] += 1;
  const label = (n: number) => String(Math.round(n * 100) / 100);
  const labels = counts.map((_, i) => `${label(min + i * width)}–${label(min + (i + 1) * width)}`);
  return { labels, counts };
}

export function normalizeChart(document: unknown, options: { bins?: number } = {}): ChartData {
  const doc = parseDocument(document);
  let categories: string[] = [];
  let series: ChartSeries[] = [];
  if (Array.isArray(doc)) {
    if (doc.every((item) => isRecord(item))) series = doc.map((item, i) => readSeries(item, i));
    else series = [{ name: "", type: "bar", values: doc.map(finiteOrNull), points: [] }];
  } else if (isRecord(doc)) {
    if (Array.isArray(doc.categories)) categories = doc.categories.map((c) => String(c));
    if (Array.isArray(doc.series)) series = doc.series.filter(isRecord).map(readSeries);
    else if (Array.isArray(doc.values))
      series = [{ name: "", type: "bar", values: doc.values.map(finiteOrNull), points: [] }];
  }
  const histogram = series.find((s) => s.type === "histogram");
  if (histogram) {
    const binned = binHistogram(
      histogram.values.filter((v): v is number => v !== null),
      options.bins,
    );
    histogram.values = binned.counts;
    categories = binned.labels;
  }
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  if (categories.length < longest) {
    for (let i = categories.length; i < longest; i++) categories.push(String(i + 1));
  }
  return { categories, series };
}

/** Whether the chart is only lines/areas/scatter (drawn with uPlot) rather than bars. */
export function isContinuous(data: ChartData): boolean {
  return (
    data.series.length > 0 &&
    data.series.every((s) => s.type === "line" || s.type === "area" || s.type === "scatter")
  );
}

/** The finite y range over all series (including 0 for bars), padded when flat. */
export function valueRange(data: ChartData, yMin?: number, yMax?: number): { min: number; max: number } {
  const all: number[] = [];
  for (const s of data.series) {
    for (const v of s.values) if (v !== null) all.push(v);
    for (const [, y] of s.points) all.push(y);
  }
  if (data.series.some((s) => s.type === "bar" || s.type === "histogram" || s.type === "waterfall"))
    all.push(0);
  let min = yMin ?? (all.length ? Math.min(...all) : 0);
  let max = yMax ?? (all.length ? Math.max(...all) : 1);
  if (max <= min) {
    max = min + 1;
    min = min - (yMin === undefined ? 1 : 0);
  }
  return { min, max };
}
