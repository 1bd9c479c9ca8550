import { isJsonObject, type JsonObject } from "@carter/protocol";

/**
 * How a device's receiver takes a delivered value (layout.md §7.3), as far as replaying state
 * cares: most controls replace their value, a sparkline appends numbers to a series (an array
 * replaces it), a log console appends lines, a chart replaces its dataset or takes an append op.
 */
export type Receipt =
  { kind: "replace" } | { kind: "series"; cap: number } | { kind: "lines" } | { kind: "chart" };

const REPLACE: Receipt = { kind: "replace" };
const LINES: Receipt = { kind: "lines" };
const CHART: Receipt = { kind: "chart" };
const DEFAULT_SPARKLINE_POINTS = 50;

export function receiptOf(node: JsonObject): Receipt {
  switch (node.type) {
    case "sparkline": {
      const points = node.sparklinePoints;
      const cap =
        typeof points === "number" && Number.isFinite(points) && points >= 1
          ? Math.floor(points)
          : DEFAULT_SPARKLINE_POINTS;
      return { kind: "series", cap };
    }
    case "logConsole":
      return LINES;
    case "chart":
      return CHART;
    default:
      return REPLACE;
  }
}

/** True when a delivery makes the device add to what it shows rather than replace it. */
export function appends(receipt: Receipt, incoming: unknown): boolean {
  switch (receipt.kind) {
    case "replace":
      return false;
    case "lines":
      return true;
    case "series":
      return !Array.isArray(incoming);
    case "chart":
      return isChartAppend(incoming);
  }
}

/**
 * The value that makes a (re)joining device show what a device that saw every delivery shows:
 * a sparkline's whole series (an array replaces), a chart's last full dataset. `undefined` when
 * no replayable value exists: log lines, and a chart once an append op changed it.
 */
export function foldDelivery(receipt: Receipt, previous: unknown, incoming: unknown): unknown {
  switch (receipt.kind) {
    case "replace":
      return incoming;
    case "lines":
      return undefined;
    case "chart":
      return isChartAppend(incoming) ? undefined : incoming;
    case "series": {
      if (Array.isArray(incoming)) {
        const series = incoming.map(seriesPoint).filter((n): n is number => n !== undefined);
        return series.length > receipt.cap ? series.slice(series.length - receipt.cap) : series;
      }
      const point = seriesPoint(incoming);
      if (point === undefined) return previous;
      const prior = Array.isArray(previous) ? (previous as number[]) : [];
      const kept = prior.length >= receipt.cap ? prior.slice(prior.length - receipt.cap + 1) : prior.slice();
      kept.push(point);
      return kept;
    }
  }
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A sparkline point as the device reads it: finite numbers and numeric strings, never booleans. */
function seriesPoint(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** A chart append op `{append, category?}`, given as an object or as JSON text. */
function isChartAppend(value: unknown): boolean {
  let doc = value;
  if (typeof value === "string") {
    if (!value.includes('"append"')) return false;
    try {
      doc = JSON.parse(value);
    } catch {
      return false;
    }
  }
  return isJsonObject(doc) && doc.append !== undefined;
}
