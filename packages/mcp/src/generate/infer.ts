/**
 * A layout from sample payloads: each field becomes the control that shows its kind of value,
 * bound by `filter` + dotted `valuePath`, placed by the authoring core's first-fit placement.
 */
import { AuthoringError, createDocument } from "@carter/authoring";
import { isJsonObject, type JsonObject } from "@carter/protocol";
import { autotuneGauge } from "./autotune.js";

export interface InferredBinding {
  id: string;
  type: string;
  valuePath: string;
  /** Why this type: "number 0..1", "status word", … */
  reason: string;
}

export interface InferOptions {
  name?: string;
  /** The filter every binding gets; default `{msg_type}` from the first sample when it has one. */
  filter?: JsonObject;
  columns?: number;
}

const STATUS_WORDS = new Set([
  "ok",
  "error",
  "warning",
  "warn",
  "critical",
  "fault",
  "alarm",
  "on",
  "off",
  "online",
  "offline",
  "up",
  "down",
  "idle",
  "running",
  "stopped",
  "active",
  "inactive",
  "open",
  "closed",
  "ready",
  "busy",
  "charging",
  "connected",
  "disconnected",
  "healthy",
  "degraded",
  "unknown",
  "armed",
  "disarmed",
]);

const STATUS_COLORS: Readonly<Record<string, string>> = {
  ok: "#22c55e",
  online: "#22c55e",
  up: "#22c55e",
  running: "#22c55e",
  active: "#22c55e",
  healthy: "#22c55e",
  connected: "#22c55e",
  ready: "#22c55e",
  on: "#22c55e",
  warning: "#f59e0b",
  warn: "#f59e0b",
  degraded: "#f59e0b",
  busy: "#f59e0b",
  idle: "#f59e0b",
  error: "#ef4444",
  critical: "#ef4444",
  fault: "#ef4444",
  alarm: "#ef4444",
  offline: "#ef4444",
  down: "#ef4444",
  stopped: "#ef4444",
  disconnected: "#ef4444",
};

function humanize(segment: string): string {
  const words = segment
    .replace(/[_-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function idFor(path: string): string {
  return (
    path
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "value"
  );
}

const isLatLng = (value: JsonObject) =>
  typeof value.lat === "number" && (typeof value.lng === "number" || typeof value.lon === "number");

interface Field {
  path: string;
  values: unknown[];
}

/** Every leaf (or lat/lng object, or array) of the samples by dotted path, first-seen order. */
function fields(samples: readonly JsonObject[], skip: ReadonlySet<string>): Field[] {
  const found = new Map<string, Field>();
  const visit = (value: unknown, path: string) => {
    if (isJsonObject(value) && !isLatLng(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === "" ? key : `${path}.${key}`;
        if (path === "" && skip.has(key)) continue;
        visit(child, childPath);
      }
      return;
    }
    if (path === "" || value === null) return;
    const field = found.get(path) ?? { path, values: [] };
    field.values.push(value);
    found.set(path, field);
  };
  for (const sample of samples) visit(sample, "");
  return [...found.values()];
}

function controlFor(field: Field): { control: JsonObject; reason: string } | null {
  const first = field.values[0];
  const last = field.path.split(".").at(-1) ?? field.path;
  const label = humanize(last);
  if (typeof first === "number") {
    const numbers = field.values.filter((v): v is number => typeof v === "number");
    if (numbers.every((n) => n >= 0 && n <= 1) && numbers.some((n) => !Number.isInteger(n)))
      return { control: { type: "progressRing", label, min: 0, max: 1 }, reason: "number in 0..1" };
    const tuning = autotuneGauge(numbers, field.path);
    return {
      control: { type: "gauge", label, min: tuning.min, max: tuning.max, segments: tuning.segments },
      reason: `number (range ${tuning.min}..${tuning.max}${tuning.unit ? `, ${tuning.unit}` : ""})`,
    };
  }
  if (typeof first === "boolean") return { control: { type: "toggle", label }, reason: "boolean" };
  if (typeof first === "string") {
    const strings = field.values.filter((v): v is string => typeof v === "string");
    if (strings.every((s) => STATUS_WORDS.has(s.toLowerCase()))) {
      const statusColors = Object.fromEntries(
        [...STATUS_WORDS].filter((w) => STATUS_COLORS[w]).map((w) => [w, STATUS_COLORS[w]]),
      );
      return { control: { type: "statusLight", label, statusColors }, reason: "status word" };
    }
    return { control: { type: "label", label }, reason: "text" };
  }
  if (isJsonObject(first) && isLatLng(first))
    return {
      control: {
        type: "map",
        label,
        mapConfig: {
          markerLatProperty: "lat",
          markerLngProperty: typeof first.lng === "number" ? "lng" : "lon",
        },
      },
      reason: "lat/lng",
    };
  if (Array.isArray(first)) {
    if (first.every((v) => typeof v === "number"))
      return { control: { type: "sparkline", label }, reason: "number array" };
    if (first.every(isJsonObject) && first.length > 0) {
      const keys = Object.keys(first[0] as JsonObject)
        .filter((k) => !isJsonObject((first[0] as JsonObject)[k]))
        .slice(0, 4);
      return {
        control: { type: "list", label, listColumns: keys.map((key) => ({ key, label: humanize(key) })) },
        reason: "object array",
      };
    }
    if (first.every((v) => typeof v === "string"))
      return { control: { type: "logConsole", label }, reason: "string array" };
  }
  return null;
}

/** Builds a layout for the samples (one or more payloads of one message). */
export function inferLayout(
  samples: readonly JsonObject[],
  options: InferOptions = {},
): { layout: JsonObject; bindings: InferredBinding[]; skipped: string[] } {
  if (samples.length === 0) throw new Error("payload: need at least one sample object");
  const filter =
    options.filter ?? (typeof samples[0].msg_type === "string" ? { msg_type: samples[0].msg_type } : {});
  const columns = options.columns ?? 4;
  const doc = createDocument(
    {
      name: options.name ?? "Inferred",
      version: 1,
      tabs: [{ title: "Main", grid: { columns, rows: 4 }, children: [] }],
    },
    { author: "infer_layout" },
  );
  const bindings: InferredBinding[] = [];
  const skipped: string[] = [];
  const ids = new Set<string>();
  for (const field of fields(samples, new Set(Object.keys(filter)))) {
    const inferred = controlFor(field);
    if (!inferred) {
      skipped.push(field.path);
      continue;
    }
    let id = idFor(field.path);
    for (let n = 2; ids.has(id); n++) id = `${idFor(field.path)}-${n}`;
    ids.add(id);
    const control = { ...inferred.control, id, sync: [{ filter, valuePath: field.path }] };
    for (;;) {
      try {
        doc.apply({ op: "addControl", control: control as never });
        break;
      } catch (error) {
        if (!(error instanceof AuthoringError) || error.code !== "placement") throw error;
        const rows = doc.layout.tabs[0].grid?.rows ?? 4;
        doc.apply({ op: "updateTab", tab: 0, set: { grid: { columns, rows: rows + 2 } } });
      }
    }
    bindings.push({
      id,
      type: String(inferred.control.type),
      valuePath: field.path,
      reason: inferred.reason,
    });
  }
  return { layout: structuredClone(doc.layout) as unknown as JsonObject, bindings, skipped };
}
