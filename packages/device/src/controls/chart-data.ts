/**
 * `chart` dataset normalization (layout.md §13.2): `{categories?, series:[...]}`, `{values:[...]}`
 * or a bare array become one shape the renderers share. Histogram series are binned here (all of
 * them over one shared range, so their bars line up), waterfall series become steps, and every
 * tap payload is built here.
 */
import { toNumber } from "./format.js";
import { isRecord, parseDocument } from "./document.js";

export type SeriesType = "bar" | "line" | "area" | "scatter" | "histogram" | "waterfall";

const SERIES_TYPES = new Set<SeriesType>(["bar", "line", "area", "scatter", "histogram", "waterfall"]);

export interface ChartSeries {
  name: string;
  type: SeriesType;
  color?: string;
  /** One value per category (null = gap); for a histogram, the counts per bin once binned. */
  values: (number | null)[];
  /** Explicit `[x, y]` points (time series, scatter). */
  points: [number, number][];
  /** Per-point size multipliers (bubble scatter). */
  sizes: number[];
  /** Waterfall: indices drawn as running totals from zero. */
  totals: number[];
}

export interface Bin {
  start: number;
  end: number;
}

export interface ChartData {
  categories: string[];
  series: ChartSeries[];
  /** The histogram bins behind the categories, when the chart has histogram series. */
  bins?: Bin[];
}

const finiteOrNull = (v: unknown): number | null => toNumber(v) ?? null;

function numbers(value: unknown): number[] {
  return Array.isArray(value)
    ? value.map((v) => toNumber(v)).filter((v): v is number => v !== undefined)
    : [];
}

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

function plainSeries(values: unknown[]): ChartSeries {
  return { name: "", type: "bar", values: values.map(finiteOrNull), points: [], sizes: [], totals: [] };
}

function readSeries(raw: Record<string, unknown>, index: number): ChartSeries {
  const type = SERIES_TYPES.has(raw.type as SeriesType) ? (raw.type as SeriesType) : "bar";
  return {
    name: typeof raw.name === "string" ? raw.name : `Series ${index + 1}`,
    type,
    color: typeof raw.color === "string" ? raw.color : undefined,
    values: Array.isArray(raw.values) ? raw.values.map(finiteOrNull) : [],
    points: readPoints(raw.points),
    sizes: numbers(raw.sizes),
    totals: numbers(raw.totals).map(Math.trunc),
  };
}

export interface Histogram {
  labels: string[];
  counts: number[];
  bins: Bin[];
}

/** The default bin count: √n clamped to 5..20. */
function defaultBins(n: number): number {
  return Math.min(20, Math.max(5, Math.sqrt(n)));
}

/** Bins samples into `bins` equal buckets over `range` (default: the samples' own range). */
export function binHistogram(
  samples: number[],
  bins?: number,
  range?: { min: number; max: number },
): Histogram {
  if (samples.length === 0 && !range) return { labels: [], counts: [], bins: [] };
  const count = Math.max(1, Math.round(bins ?? defaultBins(samples.length)));
  const min = range?.min ?? Math.min(...samples);
  const max = range?.max ?? Math.max(...samples);
  const width = (max - min) / count || 1;
  const counts = new Array<number>(count).fill(0);
  for (const s of samples) counts[Math.max(0, Math.min(count - 1, Math.floor((s - min) / width)))] += 1;
  const round = (n: number) => Math.round(n * 100) / 100;
  const edges = counts.map((_, i) => ({ start: round(min + i * width), end: round(min + (i + 1) * width) }));
  return { labels: edges.map((e) => `${e.start}–${e.end}`), counts, bins: edges };
}

/** Bins every histogram series over the samples' shared range into the same buckets. */
function binAll(series: ChartSeries[], bins?: number): { labels: string[]; bins: Bin[] } | undefined {
  const histograms = series.filter((s) => s.type === "histogram");
  if (histograms.length === 0) return undefined;
  const samples = histograms.map((s) => s.values.filter((v): v is number => v !== null));
  const all = samples.flat();
  if (all.length === 0) {
    for (const s of histograms) s.values = [];
    return { labels: [], bins: [] };
  }
  const count = bins ?? defaultBins(Math.max(...samples.map((s) => s.length)));
  const range = { min: Math.min(...all), max: Math.max(...all) };
  let shape: Histogram = { labels: [], counts: [], bins: [] };
  histograms.forEach((s, i) => {
    shape = binHistogram(samples[i], count, range);
    s.values = shape.counts;
  });
  return { labels: shape.labels, bins: shape.bins };
}

export function normalizeChart(document: unknown, options: { bins?: number } = {}): ChartData {
  const doc = parseDocument(document);
  let categories: string[] = [];
  let series: ChartSeries[] = [];
  if (Array.isArray(doc)) {
    if (doc.every((item) => isRecord(item))) series = doc.map((item, i) => readSeries(item, i));
    else series = [plainSeries(doc)];
  } else if (isRecord(doc)) {
    if (Array.isArray(doc.categories)) categories = doc.categories.map((c) => String(c));
    if (Array.isArray(doc.series)) series = doc.series.filter(isRecord).map(readSeries);
    else if (Array.isArray(doc.values)) series = [plainSeries(doc.values)];
  }
  const binned = binAll(series, options.bins);
  if (binned) categories = binned.labels;
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  if (categories.length < longest) {
    for (let i = categories.length; i < longest; i++) categories.push(String(i + 1));
  }
  return binned ? { categories, series, bins: binned.bins } : { categories, series };
}

/** Whether the chart is only lines/areas/scatter (drawn with uPlot) rather than bars. */
export function isContinuous(data: ChartData, stacked = false): boolean {
  const lines = data.series.every((s) => s.type === "line" || s.type === "area" || s.type === "scatter");
  // Stacked areas and category-aligned mixes are drawn in SVG with the bars.
  return data.series.length > 0 && lines && !(stacked && data.series.some((s) => s.type === "area"));
}

/** One waterfall bar: from `from` to `to` on the value axis, and the running level after it. */
export interface WaterfallStep {
  index: number;
  kind: "delta" | "total";
  from: number;
  to: number;
  /** The delta (a step) or the total (a bar from zero). */
  amount: number;
  level: number;
}

/**
 * Waterfall geometry: each value is a signed delta from the running level; an index listed in
 * `totals` is a bar from zero that checkpoints the level (value 0) or anchors it (any other value).
 */
export function waterfallSteps(values: (number | null)[], totals: readonly number[]): WaterfallStep[] {
  const isTotal = new Set(totals);
  let level = 0;
  const steps: WaterfallStep[] = [];
  values.forEach((value, index) => {
    if (isTotal.has(index)) {
      if (value !== null && value !== 0) level = value;
      steps.push({ index, kind: "total", from: 0, to: level, amount: level, level });
      return;
    }
    if (value === null) return;
    const from = level;
    level += value;
    steps.push({ index, kind: "delta", from, to: level, amount: value, level });
  });
  return steps;
}

/** The tap payload of a datum: `{series, category, index, x, y}` plus the histogram/waterfall extras. */
export function datumOf(
  data: ChartData,
  seriesIndex: number,
  index: number,
): Record<string, unknown> | undefined {
  const series = data.series[seriesIndex];
  if (!series) return undefined;
  const category = data.categories[index] ?? null;
  if (series.type === "waterfall") {
    const step = waterfallSteps(series.values, series.totals).find((s) => s.index === index);
    if (!step) return undefined;
    const base = { series: series.name, category, index, x: category, y: step.amount, level: step.level };
    return step.kind === "total" ? { ...base, total: step.amount } : { ...base, delta: step.amount };
  }
  const point = series.points[index];
  if (series.values.length === 0 && point)
    return { series: series.name, category: null, index, x: point[0], y: point[1] };
  const y = series.values[index];
  if (y === null || y === undefined) return undefined;
  const datum: Record<string, unknown> = { series: series.name, category, index, x: category, y };
  const bin = series.type === "histogram" ? data.bins?.[index] : undefined;
  if (bin) Object.assign(datum, { binStart: bin.start, binEnd: bin.end, count: y });
  return datum;
}

/** The finite y range over all series (including 0 for bars), padded when flat. */
export function valueRange(
  data: ChartData,
  yMin?: number,
  yMax?: number,
  stacked = false,
): { min: number; max: number } {
  const all: number[] = [];
  for (const s of data.series) {
    if (s.type === "waterfall") {
      for (const step of waterfallSteps(s.values, s.totals)) all.push(step.from, step.to);
      continue;
    }
    for (const v of s.values) if (v !== null) all.push(v);
    for (const [, y] of s.points) all.push(y);
  }
  if (stacked) {
    for (const kind of ["bar", "area"] as const) {
      const stackable = data.series.filter(
        (s) => s.type === kind || (kind === "bar" && s.type === "histogram"),
      );
      data.categories.forEach((_, i) => {
        let up = 0;
        let down = 0;
        for (const s of stackable) {
          const v = s.values[i] ?? 0;
          if (v >= 0) up += v;
          else down += v;
        }
        all.push(up, down);
      });
    }
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

/** Catmull-Rom smoothing of a polyline as an SVG cubic Bézier path (`smooth: true`). */
export function smoothPath(points: readonly [number, number][]): string {
  if (points.length === 0) return "";
  const [first] = points;
  let d = `M${first[0]},${first[1]}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(0, i - 1)];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[Math.min(points.length - 1, i + 2)];
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += ` C${c1[0]},${c1[1]} ${c2[0]},${c2[1]} ${p2[0]},${p2[1]}`;
  }
  return d;
}

/** A straight polyline as an SVG path. */
export function straightPath(points: readonly [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join(" ");
}
