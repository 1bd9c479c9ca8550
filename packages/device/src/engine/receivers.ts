import type { ControlDef, LogLine } from "../controls/types.js";
import { parseDocument as readDocument } from "../controls/document.js";
import { toNumber as readNumber } from "../controls/format.js";
import { isObject, type JsonObject } from "./json.js";

/** What a receiver decided: the new normalized value, or `SKIP` for a value of the wrong shape. */
export const SKIP: unique symbol = Symbol("skip");
export type Received = unknown | typeof SKIP;

/** Receives a raw value for a control; `previous` is the control's current normalized value. */
type Receiver = (def: ControlDef, incoming: unknown, previous: unknown, now: number) => Received;

/** A synced value as a number: the device's one parser, read as wire input (decimal text, booleans 1/0). */
export function toNumber(value: unknown): number | undefined {
  return readNumber(value, { wire: true });
}

const TRUE_WORDS = new Set(["true", "on", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "off", "no", "0"]);

function toBool(value: unknown): Received {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return SKIP;
}

const number: Receiver = (_def, incoming) => toNumber(incoming) ?? SKIP;

const index: Receiver = (_def, incoming) => {
  const n = toNumber(incoming);
  return n === undefined ? SKIP : Math.trunc(n);
};

const scalar: Receiver = (_def, incoming) =>
  typeof incoming === "string" || typeof incoming === "number" || typeof incoming === "boolean"
    ? incoming
    : SKIP;

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/**
 * `prior` followed by `added`, keeping the last `cap` items, in one copy: receivers run per frame
 * and must return a new array (signals compare by identity) without touching `prior`.
 */
function appendCapped<T>(prior: readonly T[], added: readonly T[], cap: number): T[] {
  const drop = Math.max(0, prior.length + added.length - cap);
  const out = prior.slice(Math.min(drop, prior.length));
  for (let i = Math.max(0, drop - prior.length); i < added.length; i++) out.push(added[i]);
  return out;
}

const sparkline: Receiver = (def, incoming, previous) => {
  const cap = positiveInt(def.sparklinePoints, 50);
  if (Array.isArray(incoming)) {
    const series: number[] = [];
    for (const item of incoming) {
      const n = typeof item === "boolean" ? undefined : toNumber(item);
      if (n !== undefined) series.push(n);
    }
    return series.length > cap ? series.slice(series.length - cap) : series;
  }
  const n = toNumber(incoming);
  if (n === undefined || typeof incoming === "boolean") return SKIP;
  return appendCapped(Array.isArray(previous) ? (previous as number[]) : [], [n], cap);
};

/** A synced document: the device's one document reader; anything but an object or array is skipped. */
function parseDocument(incoming: unknown): unknown {
  const doc = readDocument(incoming);
  return typeof doc === "object" && doc !== null ? doc : SKIP;
}

const list: Receiver = (_def, incoming) => {
  const rows = parseDocument(incoming);
  return Array.isArray(rows) ? rows.filter(isObject) : SKIP;
};

function toLogLine(item: unknown, now: number): LogLine | undefined {
  if (typeof item === "string") return { text: item, ts: now };
  if (typeof item === "number" || typeof item === "boolean") return { text: String(item), ts: now };
  if (isObject(item) && item.text !== undefined) {
    const line: LogLine = {
      text: typeof item.text === "string" ? item.text : JSON.stringify(item.text),
      ts: now,
    };
    if (typeof item.level === "string") line.level = item.level;
    return line;
  }
  return undefined;
}

const logConsole: Receiver = (def, incoming, previous, now) => {
  const added: LogLine[] = [];
  for (const item of Array.isArray(incoming) ? incoming : [incoming]) {
    const line = toLogLine(item, now);
    if (line) added.push(line);
  }
  if (added.length === 0) return SKIP;
  return appendCapped(
    Array.isArray(previous) ? (previous as LogLine[]) : [],
    added,
    positiveInt(def.maxLines, 200),
  );
};

const documentControl: Receiver = (_def, incoming) => parseDocument(incoming);

const cardList: Receiver = (_def, incoming) => {
  const doc = parseDocument(incoming);
  if (Array.isArray(doc)) return { nodes: doc.filter(isObject) };
  if (isObject(doc) && Array.isArray(doc.nodes)) return { nodes: doc.nodes.filter(isObject) };
  return SKIP;
};

const joystick: Receiver = (_def, incoming) => {
  const doc = parseDocument(incoming);
  if (!isObject(doc)) return SKIP;
  const x = toNumber(doc.x);
  const y = toNumber(doc.y);
  return x === undefined || y === undefined ? SKIP : { x, y };
};

/** The chart series document in its long form, whatever shorthand it arrived in. */
function chartSeries(doc: unknown): { categories?: unknown[]; series: JsonObject[]; rest: JsonObject } {
  if (Array.isArray(doc)) return { series: [{ values: doc }], rest: {} };
  if (!isObject(doc)) return { series: [], rest: {} };
  const { categories, series, values, ...rest } = doc;
  const list = Array.isArray(series) ? series.filter(isObject) : Array.isArray(values) ? [{ values }] : [];
  return { categories: Array.isArray(categories) ? categories : undefined, series: list, rest };
}

/** Applies a chart append op `{append, category?}` to the current dataset (layout.md §13.2). */
function appendToChart(def: ControlDef, op: JsonObject, previous: unknown): Received {
  const config = isObject(def.chartConfig) ? def.chartConfig : {};
  const cap = positiveInt(config.maxPoints ?? def.maxPoints, 100);
  const { categories, series, rest } = chartSeries(previous);
  type Series = JsonObject & { values: readonly unknown[] };
  // Series share their arrays with `previous` until appended to: only those get copied.
  const next: Series[] = series.map((s) => ({ ...s, values: Array.isArray(s.values) ? s.values : [] }));
  const push = (target: Series, value: unknown) => {
    const n = toNumber(value);
    if (n !== undefined) target.values = appendCapped(target.values, [n], cap);
  };
  const { append } = op;
  if (isObject(append)) {
    for (const name of Object.keys(append)) {
      let target = next.find((s) => s.name === name);
      if (!target) {
        target = { name, values: [] };
        next.push(target);
      }
      push(target, append[name]);
    }
  } else {
    const items = Array.isArray(append) ? append : [append];
    items.forEach((value, i) => {
      if (!next[i]) next.push({ values: [] });
      push(next[i], value);
    });
  }
  const out: JsonObject = { ...rest, series: next };
  if (op.category !== undefined || categories) {
    out.categories = appendCapped(categories ?? [], op.category !== undefined ? [op.category] : [], cap);
  }
  return out;
}

const chart: Receiver = (def, incoming, previous) => {
  const doc = parseDocument(incoming);
  if (isObject(doc) && doc.append !== undefined) return appendToChart(def, doc, previous);
  return doc;
};

/** A chat history entry as the engine stores it for `chat`. */
export interface ChatEntry {
  id: string;
  text: string;
  name: string;
  role?: string;
  /** ISO time as sent, else when it arrived. */
  timestamp: string;
  replyToId?: string;
  /** True for messages this device sent. */
  own?: boolean;
}

/**
 * Chat frames (session-protocol §4.8) into the history, capped at `config.historyCount`: channel
 * mode takes broadcasts `{msg_type:"chat_message", id, text, sender}` (no id: dropped; a known id:
 * ignored), companion mode (`config.target`) takes `{event:"chat_response", text}`; a clear
 * (`chat_clear`, with no `chatId` or this control's id) empties it.
 */
const chat: Receiver = (def, incoming, previous, now) => {
  if (!isObject(incoming)) return SKIP;
  const cfg = isObject(def.config) ? def.config : {};
  const companion = typeof cfg.target === "string" && cfg.target !== "";
  const history = Array.isArray(previous) ? (previous as ChatEntry[]) : [];
  const cap = positiveInt(cfg.historyCount, 50);
  const clear = companion ? incoming.event === "chat_clear" : incoming.msg_type === "chat_clear";
  if (clear) return incoming.chatId === undefined || incoming.chatId === def.id ? [] : SKIP;
  const sender = isObject(incoming.sender) ? incoming.sender : {};
  const text = typeof incoming.text === "string" ? incoming.text : undefined;
  if (text === undefined) return SKIP;
  const timestamp = typeof incoming.timestamp === "string" ? incoming.timestamp : new Date(now).toISOString();
  if (companion) {
    if (incoming.event !== "chat_response") return SKIP;
    const name = [incoming.name, sender.name, incoming.from].find((n) => typeof n === "string") as
      string | undefined;
    const entry: ChatEntry = {
      id: `reply-${now}-${history.length}`,
      text,
      name: name ?? String(cfg.target),
      timestamp,
    };
    return appendCapped(history, [entry], cap);
  }
  if (incoming.msg_type !== "chat_message" || typeof incoming.id !== "string" || incoming.id === "")
    return SKIP;
  if (history.some((m) => m.id === incoming.id)) return SKIP;
  const entry: ChatEntry = {
    id: incoming.id,
    text,
    name: typeof sender.name === "string" ? sender.name : "unknown",
    timestamp,
  };
  if (typeof sender.role === "string") entry.role = sender.role;
  if (typeof incoming.replyToId === "string") entry.replyToId = incoming.replyToId;
  return appendCapped(history, [entry], cap);
};

const none: Receiver = () => SKIP;

/** Unknown types keep whatever scalar or document arrives. */
const passthrough: Receiver = (_def, incoming) => (incoming === null ? SKIP : incoming);

const RECEIVERS: Record<string, Receiver> = {
  toggle: (_def, incoming) => toBool(incoming),
  slider: number,
  stepper: number,
  gauge: number,
  progressRing: number,
  compass: number,
  carousel: index,
  flipCard: index,
  accordion: index,
  label: scalar,
  textInput: scalar,
  picker: scalar,
  segmentedControl: scalar,
  datePicker: scalar,
  colorPicker: scalar,
  qrCode: scalar,
  statusLight: scalar,
  image: scalar,
  camera: scalar,
  webView: scalar,
  sparkline,
  list,
  logConsole,
  cardList,
  joystick,
  chat,
  chart,
  graph: documentControl,
  pieChart: documentControl,
  heatmap: documentControl,
  radar: documentControl,
  boxPlot: documentControl,
  gantt: documentControl,
  sankey: documentControl,
  treemap: documentControl,
  chord: documentControl,
  map: documentControl,
  sortboard: documentControl,
  pinboard: documentControl,
  canvas: documentControl,
  button: none,
  divider: none,
  spacer: none,
};

/** Types that hold no value at all. */
export function isValueless(type: string): boolean {
  return RECEIVERS[type] === none;
}

/**
 * Normalizes `incoming` for a control per layout.md §7.3 into the shapes `controls/types.ts`
 * documents, given its current value; `SKIP` when the value does not fit the control.
 */
export function receive(def: ControlDef, incoming: unknown, previous: unknown, now = Date.now()): Received {
  if (incoming === undefined) return SKIP;
  return (RECEIVERS[def.type] ?? passthrough)(def, incoming, previous, now);
}

/** A control's value before any sync: its `defaultValue` through the receiver, else `undefined`. */
export function initialValue(def: ControlDef, now = Date.now()): unknown {
  if (def.type === "accordion" && def.defaultValue === undefined && typeof def.expandedIndex === "number") {
    return def.expandedIndex;
  }
  if (def.defaultValue === undefined) return undefined;
  const value = receive(def, def.defaultValue, undefined, now);
  return value === SKIP ? undefined : value;
}
