/**
 * Normalizers for the data-visualisation controls (heatmap, radar, boxPlot, gantt, sankey,
 * treemap, chord): each turns the synced document, in any of its documented shorthands, into one
 * shape the component draws, dropping what the control docs say to drop. Pure, unit-tested.
 */
import { parseDocument, isRecord } from "./document.js";
import { toNumber } from "./format.js";

const numberOr0 = (value: unknown) => toNumber(value) ?? 0;
const labelsOf = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.map((item) => String(item)) : undefined;

export interface HeatmapData {
  rows: string[];
  cols: string[];
  /** Rectangular: short rows are padded with 0. */
  values: number[][];
}

/** `{rows?, cols?, values}` or a bare 2-D array; ragged rows read as 0. */
export function normalizeHeatmap(raw: unknown): HeatmapData | undefined {
  const doc = parseDocument(raw);
  const matrix = Array.isArray(doc) ? doc : isRecord(doc) ? doc.values : undefined;
  if (!Array.isArray(matrix)) return undefined;
  const rowsIn = matrix.map((row) => (Array.isArray(row) ? row.map(numberOr0) : []));
  const width = Math.max(0, ...rowsIn.map((row) => row.length));
  if (rowsIn.length === 0 || width === 0) return undefined;
  const values = rowsIn.map((row) =>
    row.length < width ? [...row, ...Array(width - row.length).fill(0)] : row,
  );
  const rowLabels = isRecord(doc) ? labelsOf(doc.rows) : undefined;
  const colLabels = isRecord(doc) ? labelsOf(doc.cols) : undefined;
  return {
    rows: values.map((_, i) => rowLabels?.[i] ?? String(i + 1)),
    cols: values[0].map((_, j) => colLabels?.[j] ?? String(j + 1)),
    values,
  };
}

export interface RadarSeries {
  name?: string;
  color?: string;
  values: number[];
}
export interface RadarData {
  axes: string[];
  max?: number;
  series: RadarSeries[];
}

/** `{axes, max?, series:[{name?, color?, values}]}` or `{axes, values}`; fewer than 3 axes is no chart. */
export function normalizeRadar(raw: unknown): RadarData | undefined {
  const doc = parseDocument(raw);
  if (!isRecord(doc)) return undefined;
  const axes = labelsOf(doc.axes);
  if (!axes || axes.length < 3) return undefined;
  const list = Array.isArray(doc.series)
    ? doc.series
    : Array.isArray(doc.values)
      ? [{ values: doc.values }]
      : [];
  const series: RadarSeries[] = [];
  for (const item of list) {
    if (!isRecord(item) || !Array.isArray(item.values)) continue;
    const values = axes.map((_, i) => numberOr0((item.values as unknown[])[i]));
    series.push({
      values,
      ...(typeof item.name === "string" ? { name: item.name } : {}),
      ...(typeof item.color === "string" ? { color: item.color } : {}),
    });
  }
  const max = toNumber(doc.max);
  return { axes, series, ...(max !== undefined && max > 0 ? { max } : {}) };
}

export interface BoxStats {
  category: string;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean?: number;
  outliers: number[];
  /** The raw samples when the data had them (violins need them). */
  samples?: number[];
}

/** Linear-interpolated quantile of sorted numbers (the R-7 / spreadsheet definition). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Five-number summary of samples; `tukey` whiskers stop at the last sample within 1.5 IQR. */
export function boxStats(
  category: string,
  samples: number[],
  whiskers: "tukey" | "minmax",
): BoxStats | undefined {
  const sorted = samples.filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const q1 = quantile(sorted, 0.25);
  const median = quantile(sorted, 0.5);
  const q3 = quantile(sorted, 0.75);
  const mean = sorted.reduce((sum, n) => sum + n, 0) / sorted.length;
  let min = sorted[0];
  let max = sorted[sorted.length - 1];
  let outliers: number[] = [];
  if (whiskers === "tukey") {
    const fence = 1.5 * (q3 - q1);
    const inside = sorted.filter((n) => n >= q1 - fence && n <= q3 + fence);
    min = inside[0] ?? q1;
    max = inside[inside.length - 1] ?? q3;
    outliers = sorted.filter((n) => n < q1 - fence || n > q3 + fence);
  }
  return { category, min, q1, median, q3, max, mean, outliers, samples: sorted };
}

/** `{categories?, stats:[…]}` (stats win) or `{categories?, samples}` or a bare 2-D array. */
export function normalizeBoxPlot(raw: unknown, whiskers: "tukey" | "minmax"): BoxStats[] {
  const doc = parseDocument(raw);
  const categories = isRecord(doc) ? labelsOf(doc.categories) : undefined;
  const name = (i: number) => categories?.[i] ?? String(i + 1);
  if (isRecord(doc) && Array.isArray(doc.stats)) {
    const out: BoxStats[] = [];
    doc.stats.forEach((item, i) => {
      if (!isRecord(item)) return;
      const [min, q1, median, q3, max] = ["min", "q1", "median", "q3", "max"].map((k) => toNumber(item[k]));
      if ([min, q1, median, q3, max].some((n) => n === undefined)) return;
      const mean = toNumber(item.mean);
      out.push({
        category: typeof item.category === "string" ? item.category : name(i),
        min: min!,
        q1: q1!,
        median: median!,
        q3: q3!,
        max: max!,
        outliers: Array.isArray(item.outliers)
          ? item.outliers.map((v) => toNumber(v)).filter((n) => n !== undefined)
          : [],
        ...(mean !== undefined ? { mean } : {}),
      });
    });
    return out;
  }
  const samples = Array.isArray(doc) ? doc : isRecord(doc) ? doc.samples : undefined;
  if (!Array.isArray(samples)) return [];
  const out: BoxStats[] = [];
  samples.forEach((list, i) => {
    if (!Array.isArray(list)) return;
    const stats = boxStats(
      name(i),
      list.map((v) => toNumber(v)).filter((n) => n !== undefined),
      whiskers,
    );
    if (stats) out.push(stats);
  });
  return out;
}

export interface GanttTask {
  name: string;
  index: number;
  start: number;
  end: number;
  progress?: number;
  color?: string;
  milestone: boolean;
  /** The task as it arrived (what a tap emits). */
  source: Record<string, unknown>;
}

/** A task time: a number as is, `yyyy-MM-dd` as UTC midnight, or an ISO date-time; else undefined. */
export function taskTime(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `{tasks:[…]}` or a bare task array; tasks without a name or a readable start (or end) are dropped. */
export function normalizeGantt(raw: unknown): { tasks: GanttTask[]; dates: boolean } {
  const doc = parseDocument(raw);
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.tasks) ? doc.tasks : [];
  const tasks: GanttTask[] = [];
  let dates = false;
  list.forEach((item, index) => {
    if (!isRecord(item) || typeof item.name !== "string") return;
    const start = taskTime(item.start);
    const milestone = item.milestone === true;
    const end = milestone ? (taskTime(item.end) ?? start) : taskTime(item.end);
    if (start === undefined || end === undefined) return;
    if (typeof item.start === "string") dates = true;
    const progress = toNumber(item.progress);
    tasks.push({
      name: item.name,
      index,
      start,
      end: Math.max(start, end),
      milestone,
      source: item,
      ...(progress !== undefined ? { progress: Math.min(1, Math.max(0, progress)) } : {}),
      ...(typeof item.color === "string" ? { color: item.color } : {}),
    });
  });
  return { tasks, dates };
}

export interface SankeyInput {
  nodes: { name: string; color?: string }[];
  links: { source: number; target: number; value: number }[];
}

/** `{nodes, links}` with endpoints by name or index; self-links, unknown endpoints and value ≤ 0 dropped. */
export function normalizeSankey(raw: unknown): SankeyInput | undefined {
  const doc = parseDocument(raw);
  if (!isRecord(doc) || !Array.isArray(doc.nodes)) return undefined;
  const nodes: SankeyInput["nodes"] = [];
  const byName = new Map<string, number>();
  for (const item of doc.nodes) {
    const name = isRecord(item) ? item.name : item;
    if (typeof name !== "string" && typeof name !== "number") continue;
    const key = String(name);
    if (byName.has(key)) continue;
    byName.set(key, nodes.length);
    nodes.push({
      name: key,
      ...(isRecord(item) && typeof item.color === "string" ? { color: item.color } : {}),
    });
  }
  const endpoint = (value: unknown): number | undefined => {
    if (typeof value === "number")
      return Number.isInteger(value) && value >= 0 && value < nodes.length ? value : undefined;
    return typeof value === "string" ? byName.get(value) : undefined;
  };
  const links: SankeyInput["links"] = [];
  for (const item of Array.isArray(doc.links) ? doc.links : []) {
    if (!isRecord(item)) continue;
    const source = endpoint(item.source);
    const target = endpoint(item.target);
    const value = toNumber(item.value);
    if (
      source === undefined ||
      target === undefined ||
      source === target ||
      value === undefined ||
      value <= 0
    )
      continue;
    links.push({ source, target, value });
  }
  return nodes.length > 0 ? { nodes, links } : undefined;
}

export interface TreeItem {
  label: string;
  value: number;
  color?: string;
  children?: TreeItem[];
}

function treeItem(raw: unknown): TreeItem | undefined {
  if (!isRecord(raw) || (typeof raw.label !== "string" && typeof raw.label !== "number")) return undefined;
  const children = Array.isArray(raw.children)
    ? raw.children.map(treeItem).filter((c): c is TreeItem => c !== undefined)
    : [];
  const own = toNumber(raw.value);
  const value =
    children.length > 0 && own === undefined ? children.reduce((s, c) => s + c.value, 0) : (own ?? 0);
  return {
    label: String(raw.label),
    value: Math.max(0, value),
    ...(typeof raw.color === "string" ? { color: raw.color } : {}),
    ...(children.length > 0 ? { children } : {}),
  };
}

/** `{items}` or a bare item array; a parent's value defaults to the sum of its children. */
export function normalizeTreemap(raw: unknown): TreeItem[] {
  const doc = parseDocument(raw);
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.items) ? doc.items : [];
  return list.map(treeItem).filter((item): item is TreeItem => item !== undefined);
}

export interface ChordData {
  labels: string[];
  colors?: string[];
  /** Square, non-negative, zero diagonal. */
  matrix: number[][];
}

/** `{labels, colors?, matrix}`: the matrix is cut or padded to the labels, the diagonal ignored. */
export function normalizeChord(raw: unknown): ChordData | undefined {
  const doc = parseDocument(raw);
  if (!isRecord(doc) || !Array.isArray(doc.matrix)) return undefined;
  const rowsIn = doc.matrix;
  const labels = labelsOf(doc.labels) ?? rowsIn.map((_, i) => String(i + 1));
  const n = labels.length;
  if (n === 0) return undefined;
  const matrix = labels.map((_, i) => {
    const row: unknown = rowsIn[i];
    return labels.map((__, j) => (i === j || !Array.isArray(row) ? 0 : Math.max(0, numberOr0(row[j]))));
  });
  const colors = labelsOf(doc.colors);
  return { labels, matrix, ...(colors ? { colors } : {}) };
}
