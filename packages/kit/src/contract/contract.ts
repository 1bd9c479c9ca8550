/**
 * A layout's wire contract, read from the layout alone: what the device sends (triggers), what it
 * listens for (feeds), which groups a server fills at run time, which bindings bypass the mesh,
 * and the connection block with its secrets redacted. Hub generators, traffic linting and editors
 * read this instead of walking the layout themselves.
 */
import { isJsonObject, splitValuePath, type JsonObject } from "@carter/protocol";
import { walkLayout } from "../walk.js";

/** The JSON kind a value has on the wire; `any` where the format allows several. */
export type WireKind = "number" | "boolean" | "string" | "array" | "object" | "any" | "null";

/** A token in an action payload, where it sits and what it is replaced with. */
export interface TriggerToken {
  /** `{{value}}`, `{{x}}`, `$value.x`… */
  token: string;
  /** Dot path inside the payload template (`""` for the payload itself). */
  at: string;
  /** The replacement's JSON kind; a token embedded in a longer string always yields a string. */
  kind: WireKind;
  /** True when the string is exactly the token, so the value keeps its native type. */
  exact: boolean;
}

/** One action the device can fire: a control's `action`, `longPressAction`, a config action… */
export interface Trigger {
  controlId: string;
  controlType: string;
  /** JSON path of the action object. */
  path: string;
  /** Which field carries it: `action`, `longPressAction`, `chartConfig.datumAction`, `events.place`… */
  carrier: string;
  method: "meshsocket" | "mqtt" | "http";
  /** Frame type for meshsocket actions (normally `broadcast_request`). */
  event: string | null;
  mode: string;
  /** `payload.msg_type` of a broadcast action: what a server demultiplexes on. */
  msgType: string | null;
  /** The payload as written, tokens unsubstituted (`null` when absent). */
  payloadTemplate: unknown;
  tokens: TriggerToken[];
}

/** One sync binding the device listens with. */
export interface Feed {
  controlId: string;
  controlType: string;
  /** JSON path of the sync binding. */
  path: string;
  /** Frame type the device listens on (`broadcast` for server data). */
  event: string;
  filter: JsonObject;
  /** Dot path into the payload; `""` is the whole payload. */
  valuePath: string;
  /** The JSON kind the control takes. */
  kind: WireKind;
  /** The documented shape, in words, when the kind alone says too little (datasets). */
  expects: string;
  /** A payload that reaches this control: the filter plus an example value at `valuePath`. */
  example: JsonObject;
}

/** A group whose children a server replaces with `{msg_type: event, children: [...]}`. */
export interface DynamicGroup {
  groupId: string;
  path: string;
  event: string;
  example: JsonObject;
}

/** A sync or action that talks straight to MQTT, HTTP or a phone sensor, not over the mesh. */
export interface AppDirectBinding {
  controlId: string;
  path: string;
  direction: "sync" | "action";
  method: "mqtt" | "http" | "sensor";
  /** topic, url/path, sensor or source name: whatever the binding names. */
  target: string | null;
}

/** A layout `connection` block with `token` and `e2eeKey` replaced by `"<redacted>"`. */
export type RedactedConnection = JsonObject;

export interface LayoutContract {
  name: string | null;
  connection: RedactedConnection | null;
  triggers: Trigger[];
  feeds: Feed[];
  /**
   * The feeds merged into one example payload per distinct `(event, filter)`: what a server
   * broadcasts to fill every control that listens to that message.
   */
  frames: { event: string; filter: JsonObject; controls: string[]; example: JsonObject }[];
  dynamicGroups: DynamicGroup[];
  dynamicTabs: { event: string }[];
  pollGroups: { name: string; event: string; interval: number | null; payload: unknown }[];
  appDirect: AppDirectBinding[];
  /** The `state` block (acks, authority…), or `null`. */
  state: JsonObject | null;
}

export const REDACTED = "<redacted>";

const KIND_BY_TYPE: Readonly<Record<string, WireKind>> = {
  gauge: "number",
  progressRing: "number",
  slider: "number",
  stepper: "number",
  compass: "number",
  accordion: "number",
  carousel: "number",
  flipCard: "number",
  sparkline: "number",
  toggle: "boolean",
  label: "any",
  statusLight: "string",
  textInput: "string",
  picker: "string",
  segmentedControl: "string",
  colorPicker: "string",
  datePicker: "string",
  image: "string",
  qrCode: "string",
  camera: "string",
  webView: "string",
  list: "array",
  logConsole: "any",
  chat: "object",
  joystick: "object",
};

const EXAMPLE_BY_TYPE: Readonly<Record<string, unknown>> = {
  gauge: 42,
  progressRing: 42,
  slider: 42,
  stepper: 3,
  compass: 90,
  accordion: 0,
  carousel: 0,
  flipCard: 0,
  sparkline: 42,
  toggle: true,
  label: "text",
  statusLight: "ok",
  textInput: "text",
  picker: "option",
  segmentedControl: "option",
  colorPicker: "#667eea",
  datePicker: "2031-05-02T18:22:05Z",
  image: "https://example.com/image.png",
  qrCode: "https://example.com",
  list: [{ name: "row", value: 1 }],
  logConsole: "a log line",
  chart: { series: [{ name: "a", values: [1, 2, 3] }] },
  graph: { nodes: [{ id: "a" }, { id: "b" }], edges: [{ from: "a", to: "b" }] },
  cardList: { nodes: [{ id: "a", label: "A" }] },
  map: { markers: [{ coordinate: [51.5, -0.12], label: "here" }] },
  heatmap: {
    values: [
      [1, 2],
      [3, 4],
    ],
  },
  radar: { axes: ["a", "b", "c"], series: [{ values: [1, 2, 3] }] },
  sankey: { nodes: [{ name: "a" }, { name: "b" }], links: [{ source: "a", target: "b", value: 1 }] },
  treemap: { items: [{ label: "a", value: 1 }] },
  chord: {
    labels: ["a", "b"],
    matrix: [
      [0, 1],
      [1, 0],
    ],
  },
  pieChart: { slices: [{ label: "a", value: 1 }] },
  gantt: { tasks: [{ name: "a", start: "2031-05-02", end: "2031-05-03" }] },
  boxPlot: { samples: [[1, 2, 3, 4]] },
  canvas: { frames: {} },
  pinboard: { points: {} },
  sortboard: { zones: {} },
};

const EXPECTS_BY_TYPE: Readonly<Record<string, string>> = {
  sparkline: "a number (appended) or an array of numbers (replaces the series)",
  label: "any scalar (string, number or boolean)",
  logConsole: "a string, {text, level}, or an array of those (each appends a line)",
  list: "an array of row objects",
};

const TOKEN_KINDS: Readonly<Record<string, WireKind>> = {
  "{{item}}": "string",
  "{{from}}": "string",
  "{{to}}": "string",
  "{{kind}}": "string",
  "{{image}}": "string",
  "{{index}}": "number",
  "{{x}}": "number",
  "{{y}}": "number",
  "{{bearing}}": "number",
  "{{width}}": "number",
  "{{height}}": "number",
  "{{total}}": "number",
  "$value.x": "number",
  "$value.y": "number",
};

const TOKEN_PATTERN =
  /\{\{(?:value|item|from|to|index|x|y|bearing|kind|image|width|height|total)\}\}|\$value\.[xy]/g;

/** The JSON kind a control of `type` takes from a sync binding (or holds as its `{{value}}`). */
export function controlValueKind(type: string): WireKind {
  return KIND_BY_TYPE[type] ?? (type in EXAMPLE_BY_TYPE ? "object" : "any");
}

/** An example value a control of `type` accepts. */
export function exampleValue(type: string): unknown {
  return structuredClone(EXAMPLE_BY_TYPE[type] ?? "value");
}

function expectsFor(type: string): string {
  const kind = controlValueKind(type);
  return EXPECTS_BY_TYPE[type] ?? (kind === "object" ? `a ${type} dataset object` : `a ${kind}`);
}

/** The connection block with secrets replaced; `null` when the layout has none. */
export function redactConnection(connection: unknown): RedactedConnection | null {
  if (!isJsonObject(connection)) return null;
  const copy = structuredClone(connection);
  for (const key of ["token", "e2eeKey", "auth_token"])
    if (typeof copy[key] === "string") copy[key] = REDACTED;
  return copy;
}

function tokensIn(template: unknown, valueKind: WireKind, at = ""): TriggerToken[] {
  if (typeof template === "string") {
    const found = template.match(TOKEN_PATTERN) ?? [];
    return found.map((token) => {
      const exact = template === token;
      const native = token === "{{value}}" ? valueKind : (TOKEN_KINDS[token] ?? "any");
      return { token, at, kind: exact ? native : "string", exact };
    });
  }
  const join = (key: string | number) => (at === "" ? String(key) : `${at}.${key}`);
  if (Array.isArray(template)) return template.flatMap((item, i) => tokensIn(item, valueKind, join(i)));
  if (isJsonObject(template))
    return Object.entries(template).flatMap(([key, value]) => tokensIn(value, valueKind, join(key)));
  return [];
}

/** Every action-bearing field of a control, with its carrier name and JSON path. */
function actionCarriers(
  node: JsonObject,
  path: string,
): { carrier: string; path: string; action: JsonObject }[] {
  const found: { carrier: string; path: string; action: JsonObject }[] = [];
  const add = (carrier: string, at: string, value: unknown) => {
    if (isJsonObject(value)) found.push({ carrier, path: at, action: value });
  };
  for (const key of ["action", "longPressAction", "snapshotAction"]) add(key, `${path}.${key}`, node[key]);
  for (const [key, config] of Object.entries(node)) {
    if (!key.endsWith("Config") || !isJsonObject(config)) continue;
    for (const [field, value] of Object.entries(config)) {
      if (field.endsWith("Action")) add(`${key}.${field}`, `${path}.${key}.${field}`, value);
      if ((field === "items" || field === "pucks") && Array.isArray(value))
        value.forEach((item, i) => {
          if (isJsonObject(item))
            add(`${key}.${field}[${i}].action`, `${path}.${key}.${field}[${i}].action`, item.action);
        });
    }
  }
  if (isJsonObject(node.events))
    for (const [name, value] of Object.entries(node.events))
      add(`events.${name}`, `${path}.events.${name}`, value);
  return found;
}

function methodOf(value: JsonObject): string {
  return typeof value.method === "string" ? value.method : "meshsocket";
}

function directTarget(binding: JsonObject): string | null {
  for (const key of ["topic", "url", "path", "sensor", "source"])
    if (typeof binding[key] === "string") return binding[key];
  return null;
}

/** Puts `value` at the dot path `valuePath` inside a copy of `base` (creating objects on the way). */
export function placeAtPath(base: JsonObject, valuePath: string, value: unknown): JsonObject {
  const segments = splitValuePath(valuePath);
  if (segments.length === 0) return isJsonObject(value) ? { ...value, ...base } : { ...base };
  const root: JsonObject = structuredClone(base);
  let cursor: JsonObject = root;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      cursor[segment] = value;
      return;
    }
    const next = cursor[segment];
    cursor = isJsonObject(next) ? next : (cursor[segment] = {});
  });
  return root;
}

const asArray = (sync: unknown): unknown[] => (Array.isArray(sync) ? sync : isJsonObject(sync) ? [sync] : []);

/** Reads a layout's wire contract. Tolerates malformed input: unreadable parts are skipped. */
export function extractContract(layout: unknown): LayoutContract {
  const contract: LayoutContract = {
    name: isJsonObject(layout) && typeof layout.name === "string" ? layout.name : null,
    connection: isJsonObject(layout) ? redactConnection(layout.connection) : null,
    triggers: [],
    feeds: [],
    frames: [],
    dynamicGroups: [],
    dynamicTabs: [],
    pollGroups: [],
    appDirect: [],
    state: isJsonObject(layout) && isJsonObject(layout.state) ? structuredClone(layout.state) : null,
  };
  walkLayout(layout, (node, info) => {
    const id = typeof node.id === "string" ? node.id : info.path;
    const type = typeof node.type === "string" ? node.type : "group";
    if (info.kind === "group" && typeof node.dynamic === "string")
      contract.dynamicGroups.push({
        groupId: id,
        path: info.path,
        event: node.dynamic,
        example: { msg_type: node.dynamic, children: [] },
      });
    asArray(node.sync).forEach((binding, i) => {
      if (!isJsonObject(binding)) return;
      const path = `${info.path}.sync[${i}]`;
      const method = methodOf(binding);
      if (method !== "meshsocket") {
        if (method === "mqtt" || method === "http" || method === "sensor")
          contract.appDirect.push({
            controlId: id,
            path,
            direction: "sync",
            method,
            target: directTarget(binding),
          });
        return;
      }
      const filter = isJsonObject(binding.filter) ? structuredClone(binding.filter) : {};
      const valuePath = typeof binding.valuePath === "string" ? binding.valuePath : "";
      contract.feeds.push({
        controlId: id,
        controlType: type,
        path,
        event: typeof binding.event === "string" ? binding.event : "broadcast",
        filter,
        valuePath,
        kind: controlValueKind(type),
        expects: expectsFor(type),
        example: placeAtPath(filter, valuePath, exampleValue(type)),
      });
    });
    for (const { carrier, path, action } of actionCarriers(node, info.path)) {
      const method = methodOf(action);
      if (method === "mqtt" || method === "http") {
        contract.appDirect.push({
          controlId: id,
          path,
          direction: "action",
          method,
          target: directTarget(action),
        });
        continue;
      }
      if (method !== "meshsocket") continue;
      const payload = action.payload === undefined ? null : structuredClone(action.payload);
      contract.triggers.push({
        controlId: id,
        controlType: type,
        path,
        carrier,
        method,
        event: typeof action.event === "string" ? action.event : null,
        mode: typeof action.mode === "string" ? action.mode : "broadcast",
        msgType: isJsonObject(payload) && typeof payload.msg_type === "string" ? payload.msg_type : null,
        payloadTemplate: payload,
        tokens: tokensIn(payload, controlValueKind(type)),
      });
    }
  });
  contract.frames = mergeFrames(contract.feeds);
  if (isJsonObject(layout)) {
    for (const tab of asArray(layout.dynamicTabs))
      if (isJsonObject(tab) && typeof tab.event === "string") contract.dynamicTabs.push({ event: tab.event });
    if (isJsonObject(layout.pollGroups))
      for (const [name, group] of Object.entries(layout.pollGroups))
        if (isJsonObject(group))
          contract.pollGroups.push({
            name,
            event: typeof group.event === "string" ? group.event : "broadcast_request",
            interval: typeof group.interval === "number" ? group.interval : null,
            payload: group.payload === undefined ? null : structuredClone(group.payload),
          });
  }
  return contract;
}

function mergeFrames(feeds: readonly Feed[]): LayoutContract["frames"] {
  const frames = new Map<string, LayoutContract["frames"][number]>();
  for (const feed of feeds) {
    const key = JSON.stringify([feed.event, feed.filter]);
    const frame = frames.get(key) ?? {
      event: feed.event,
      filter: feed.filter,
      controls: [],
      example: { ...feed.filter },
    };
    frame.controls.push(feed.controlId);
    frame.example = placeAtPath(frame.example, feed.valuePath, exampleValue(feed.controlType));
    frames.set(key, frame);
  }
  return [...frames.values()];
}
