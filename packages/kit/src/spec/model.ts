import spec from "./controls.json" with { type: "json" };

/**
 * The layout format as one data model, derived from controls.json. The TypeBox schema generator,
 * the published JSON Schema and the validator all read this model, so a field's JSON type, enum
 * and requiredness are stated once.
 */

export type JsonKind = "string" | "number" | "boolean" | "object" | "array" | "null";

/** A sub-structure with its own rules (and its own definition in the schema). */
export type FieldRef =
  | "Action"
  | "SyncList"
  | "Visibility"
  | "Grid"
  | "Children"
  | "Child"
  | "Panels"
  | "Popup"
  | "Tabs"
  | "Position"
  | "Span"
  | "Pulse"
  | "CanvasItems"
  | "DragEvents"
  | "ActionItems"
  | "Identity"
  | "Connection"
  | "Sources"
  | "State"
  | "PollGroups"
  | "DynamicTabs"
  | "Publishers"
  | "Alerts"
  | "Glance"
  | "Appearance"
  | "Theme";

export interface FieldSpec {
  name: string;
  /** Allowed JSON kinds; absent = any value (or the `ref` decides). */
  kinds?: readonly JsonKind[];
  ref?: FieldRef;
  /** Documented values; a string outside them is a `bad_enum` warning (or an error when `enumIsError`). */
  values?: readonly string[];
  /** True when the app treats the list as an enum (front-matter `enum`), so the validator checks it. */
  enumChecked: boolean;
  enumIsError?: boolean;
  /** `error`: missing is an error (and `required` in the schema); `warning`: missing is only flagged. */
  required?: "error" | "warning";
  default?: unknown;
  description?: string;
  /** Name of the config object (e.g. `chartConfig`) this field lives in, if any. */
  in?: string;
  /** Kinds every array item must have (`string[]`, `object[]`…). */
  itemKinds?: readonly JsonKind[];
  /** Item shape for `object[]` fields with a documented shape (rendered in the schema, not enforced). */
  shape?: Readonly<Record<string, string>>;
}

export interface ObjectSpec {
  /** Definition name in the schema (`Layout`, `Tab`, `ButtonControl`…). */
  name: string;
  title: string;
  description?: string;
  fields: readonly FieldSpec[];
}

export interface ControlSpec extends ObjectSpec {
  type: string;
  category: string;
  defaultSpan?: readonly [number, number];
  /** The config object holding the fields marked `in`. */
  configKey?: string;
  configFields: readonly FieldSpec[];
  /**
   * The top-level fields the type declares itself (`type` excluded), its own versions of
   * common fields included; `fields` adds `type` and the common fields it does not redeclare.
   */
  ownFields: readonly FieldSpec[];
  /**
   * Action carriers the type accepts at its top level besides its own fields: its config
   * actions written beside `action` (`datumAction` as the reference kit's builder writes it) and
   * the kit's secondary carriers `datumAction`/`snapshotAction`/`nodeAction`, all checked like
   * `action` (layout.md §14).
   */
  topLevelCarriers: readonly FieldSpec[];
  themeFields: readonly string[];
}

interface RawField {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  values?: string[];
  note?: string;
  in?: string;
  shape?: Record<string, string>;
}

interface RawBlock {
  fields: RawField[];
  note?: string;
  category?: string;
  defaultSpan?: [number, number];
  configKey?: string;
  themeFields?: Record<string, unknown>;
  value?: string;
  emits?: string;
  notes?: string | false;
}

const raw = spec as unknown as Record<string, RawBlock>;

/** Fields whose value is a structure with its own rules, by block and field name. */
const REFS: Record<string, FieldRef> = {
  "_common.action": "Action",
  "_common.longPressAction": "Action",
  "_common.sync": "SyncList",
  "_common.visible": "Visibility",
  "_common.position": "Position",
  "_common.span": "Span",
  "_common.longPressGroup": "Popup",
  "_group.position": "Position",
  "_group.span": "Span",
  "_group.grid": "Grid",
  "_group.children": "Children",
  "_group.visible": "Visibility",
  "_group.pulse": "Pulse",
  "_tab.grid": "Grid",
  "_tab.children": "Children",
  "_layout.tabs": "Tabs",
  "_layout.connection": "Connection",
  "_layout.sources": "Sources",
  "_layout.state": "State",
  "_layout.pollGroups": "PollGroups",
  "_layout.dynamicTabs": "DynamicTabs",
  "_layout.publishers": "Publishers",
  "_layout.alerts": "Alerts",
  "_layout.glance": "Glance",
  "_layout.appearance": "Appearance",
  "_layout.theme": "Theme",
  "_connection.identity": "Identity",
  "canvas.items": "CanvasItems",
  "canvas.events": "DragEvents",
  "sortboard.events": "DragEvents",
  "pinboard.events": "DragEvents",
  "compass.events": "DragEvents",
  "pinboard.items": "ActionItems",
  "compass.pucks": "ActionItems",
};

/**
 * Which documented `required` flags the validator enforces as errors. The app tolerates the rest
 * (a group without `grid` lays out in 4x8; `type` is implied for groups with `children`;
 * `position` belongs to the placement rules, which depend on the parent grid).
 */
const REQUIRED_AS_ERROR = new Set([
  "_layout.name",
  "_layout.version",
  "_layout.tabs",
  "_tab.title",
  "_common.type",
  "_common.id",
  "_group.id",
  "_grid.columns",
  "_grid.rows",
  "_visibility.when",
  "_source.type",
  "_pollGroup.event",
  "_pollGroup.interval",
  "_dynamicTab.event",
  "_publisher.sensor",
  "_alert.event",
  "_alert.valuePath",
  "_alert.operator",
  "_alert.value",
  "_alert.title",
  "_alert.body",
]);
/** Required per the docs but tolerated by the app; missing ones are reported as warnings. */
const REQUIRED_AS_WARNING = new Set([
  "_tab.icon",
  "gauge.min",
  "gauge.max",
  "picker.options",
  "segmentedControl.options",
]);

/** Enums whose out-of-list value is an error: the consumer rejects it rather than falling back. */
const ENUM_IS_ERROR = new Set(["_alert.operator", "_source.type"]);

/** Values the app accepts beyond the documented list. */
const EXTRA_VALUES: Record<string, string[]> = { "_action.mode": ["send"] };

/** Maps a controls.json type string to JSON kinds (prose after the type is ignored). */
export function kindsOf(type: string): readonly JsonKind[] | undefined {
  const head = type.replace(/\s*\(.*$/, "").trim();
  if (head === "any" || head.startsWith("[row") || head.startsWith("[rowSpan")) return undefined;
  if (head.startsWith("enum") || head === "color" || head === "string" || head === '"group"')
    return ["string"];
  if (head === "number") return ["number"];
  if (head === "bool") return ["boolean"];
  if (head.endsWith("[]") || head.startsWith("[")) return ["array"];
  if (head === "object") return ["object"];
  if (head === "bool|number|string") return ["boolean", "number", "string"];
  const parts = head.split("|");
  if (parts.length === 1) return undefined;
  const kinds = parts.flatMap((part) => kindsOf(part) ?? []);
  if (parts.includes("null")) kinds.push("null");
  return kinds.length > 0 ? kinds : undefined;
}

/** Item kinds of an array type: `string[]` → string, `[number,number]` → number. */
export function itemKindsOf(type: string): readonly JsonKind[] | undefined {
  const head = type.replace(/\s*\(.*$/, "").trim();
  if (head.endsWith("[]")) return kindsOf(head.slice(0, -2));
  if (head === "[number,number]") return ["number"];
  return undefined;
}

function describe(field: RawField): string | undefined {
  const parts = [field.note, field.type !== "enum" && field.type.includes("(") ? field.type : undefined];
  const text = parts.filter((p): p is string => typeof p === "string" && p.length > 0).join("; ");
  return text.length > 0 ? text : undefined;
}

function fieldOf(block: string, field: RawField): FieldSpec {
  const key = `${block}.${field.name}`;
  const ref =
    REFS[key] ?? (field.type === "action" ? "Action" : field.type === "group-def[]" ? "Panels" : undefined);
  const documented = field.values ?? enumFromType(field.type);
  const enumValues = documented && [...documented, ...(EXTRA_VALUES[key] ?? [])];
  const spec: FieldSpec = {
    name: field.name,
    kinds: ref ? undefined : kindsOf(field.type),
    ref,
    values: enumValues,
    enumChecked: enumValues !== undefined && field.type.startsWith("enum"),
    description: describe(field),
  };
  if (ENUM_IS_ERROR.has(key)) spec.enumIsError = true;
  if (REQUIRED_AS_ERROR.has(key)) spec.required = "error";
  else if (REQUIRED_AS_WARNING.has(key)) spec.required = "warning";
  if (field.default !== undefined) spec.default = field.default;
  const items = ref ? undefined : itemKindsOf(field.type);
  if (items) spec.itemKinds = items;
  if (field.in) spec.in = field.in;
  if (field.shape) spec.shape = field.shape;
  return spec;
}

/** `enum: a|b|c` carries its values inline. */
function enumFromType(type: string): string[] | undefined {
  const match = /^enum:\s*(.+)$/.exec(type);
  return match ? match[1].split("|").map((v) => v.trim()) : undefined;
}

function blockFields(block: string): FieldSpec[] {
  return raw[block].fields.map((f) => fieldOf(block, f));
}

function objectSpec(block: string, name: string, title: string): ObjectSpec {
  return { name, title, description: raw[block].note, fields: blockFields(block) };
}

/** Turns a `shape` entry (`"bool = false"`, `"fill|fit = fill"`) into a field. */
function shapeField(name: string, text: string): FieldSpec {
  const [typePart, defaultPart] = text.split(" = ");
  const head = typePart.replace(/\s*\(.*$/, "").trim();
  const literalChoices =
    /^"?[\w-]+"?(\|"?[\w-]+"?)+$/.test(head) && !/^(string|number|bool|color|object)\b/.test(head);
  const values = literalChoices ? head.split("|").map((v) => v.replaceAll('"', "")) : undefined;
  const spec: FieldSpec = {
    name,
    kinds: values ? ["string"] : head === "grid" ? undefined : kindsOf(head.split(" ")[0]),
    ref:
      head === "grid" ? "Grid" : head === "child[]" ? "Children" : head === "action" ? "Action" : undefined,
    values,
    enumChecked: false,
    description: text,
  };
  if (spec.ref) spec.kinds = undefined;
  if (defaultPart !== undefined) {
    const parsed = Number(defaultPart);
    spec.default =
      defaultPart === "true"
        ? true
        : defaultPart === "false"
          ? false
          : Number.isNaN(parsed)
            ? defaultPart.replaceAll('"', "")
            : parsed;
  }
  return spec;
}

function shapeSpec(
  name: string,
  title: string,
  shape: Record<string, string>,
  extra: FieldSpec[] = [],
): ObjectSpec {
  const fields = Object.entries(shape).map(([key, text]) => shapeField(key, text));
  return { name, title, fields: [...fields.filter((f) => !extra.some((e) => e.name === f.name)), ...extra] };
}

export const COMMON_FIELDS: readonly FieldSpec[] = blockFields("_common");
export const LAYOUT_SPEC: ObjectSpec = {
  ...objectSpec("_layout", "Layout", "CAR-TER layout"),
  fields: [
    {
      name: "$schema",
      kinds: ["string"],
      enumChecked: false,
      description: "path or URL of layout.schema.json (editor support)",
    },
    ...blockFields("_layout"),
  ],
};
export const TAB_SPEC = objectSpec("_tab", "Tab", "Tab");
export const GRID_SPEC = objectSpec("_grid", "Grid", "Grid");
export const GROUP_SPEC = objectSpec("_group", "Group", "Group");
export const SYNC_SPEC = objectSpec("_sync", "SyncBinding", "Sync binding (inbound)");
export const ACTION_SPEC = objectSpec("_action", "Action", "Action (outbound command)");
export const CONNECTION_SPEC = objectSpec("_connection", "Connection", "Relay connection");
export const VISIBILITY_SPEC = objectSpec("_visibility", "Visibility", "Visibility condition");
export const PULSE_SPEC = objectSpec("_pulse", "Pulse", "Group pulse ring");
export const STATE_SPEC = objectSpec("_state", "State", "Session state options");
export const SOURCE_SPEC = objectSpec("_source", "Source", "MQTT/HTTP source");
export const POLL_GROUP_SPEC = objectSpec("_pollGroup", "PollGroup", "Poll group");
export const DYNAMIC_TAB_SPEC = objectSpec("_dynamicTab", "DynamicTab", "Dynamic tab slot");
export const PUBLISHER_SPEC = objectSpec("_publisher", "Publisher", "Sensor publisher");
export const ALERT_SPEC = objectSpec("_alert", "Alert", "Relay-side alert rule");
export const GLANCE_SPEC = objectSpec("_glance", "Glance", "Widgets and Live Activity");
export const APPEARANCE_SPEC = objectSpec("_appearance", "Appearance", "Appearance");
export const THEME_SPEC = objectSpec("_theme", "Theme", "Theme");
export const IDENTITY_SPEC = shapeSpec(
  "Identity",
  "Identity",
  raw._connection.fields.find((f) => f.name === "identity")?.shape ?? {},
);
export const POPUP_SPEC = shapeSpec(
  "Popup",
  "Long-press popup",
  raw._common.fields.find((f) => f.name === "longPressGroup")?.shape ?? {},
);
export const CANVAS_ITEM_SPEC = shapeSpec(
  "CanvasItem",
  "Canvas item",
  raw.canvas.fields.find((f) => f.name === "items")?.shape ?? {},
  [{ name: "control", ref: "Child", enumChecked: false, description: "control-def (position optional)" }],
);
/** Pinboard items and compass pucks: the fields with an `action` (shapes merged). */
export const ACTION_ITEM_SPEC = shapeSpec("ActionItem", "Pinboard item / compass puck", {
  ...(raw.pinboard.fields.find((f) => f.name === "items")?.shape ?? {}),
  ...(raw.compass.fields.find((f) => f.name === "pucks")?.shape ?? {}),
});
export const DRAG_EVENTS_SPEC = shapeSpec(
  "DragEvents",
  "Drag events",
  raw.canvas.fields.find((f) => f.name === "events")?.shape ?? {},
);

/** Definition (and TypeBox properties object) of the fields shared by every control type. */
export const COMMON_CONTROL_DEFINITION = "CommonControlFields";

/** Pascal-cased definition name of a control type: `pieChart` → `PieChartControl`. */
export function controlDefinitionName(type: string): string {
  return `${type[0].toUpperCase()}${type.slice(1)}Control`;
}

/** Carriers the kit checks on every control's top level (layout.md §14). */
const SECONDARY_CARRIERS = ["datumAction", "snapshotAction", "nodeAction"];

function topLevelCarriers(topLevel: readonly FieldSpec[], config: readonly FieldSpec[]): FieldSpec[] {
  const names = [...config.filter((f) => f.ref === "Action").map((f) => f.name), ...SECONDARY_CARRIERS];
  return [...new Set(names)]
    .filter((name) => !topLevel.some((f) => f.name === name) && !COMMON_FIELDS.some((f) => f.name === name))
    .map((name) => ({
      name,
      ref: "Action",
      enumChecked: false,
      description: config.some((f) => f.name === name)
        ? `the config action written at the control's top level (its config copy wins)`
        : "secondary action carrier, checked like action",
    }));
}

function controlSpec(type: string): ControlSpec {
  const block = raw[type];
  const own = block.fields.map((f) => fieldOf(type, f));
  const topLevel = own.filter((f) => f.in === undefined);
  const fields = [...COMMON_FIELDS.filter((c) => !topLevel.some((f) => f.name === c.name)), ...topLevel];
  const description = [
    block.value && `value: ${block.value}`,
    block.emits && `emits: ${block.emits}`,
    block.notes || undefined,
  ]
    .filter(Boolean)
    .join("\n");
  const spec: ControlSpec = {
    name: controlDefinitionName(type),
    title: type,
    description,
    type,
    category: block.category ?? "display",
    fields: fields.map((f) => (f.name === "type" ? { ...f, values: [type], enumChecked: false } : f)),
    configFields: own.filter((f) => f.in !== undefined),
    ownFields: topLevel.filter((f) => f.name !== "type"),
    topLevelCarriers: topLevelCarriers(
      topLevel,
      own.filter((f) => f.in !== undefined),
    ),
    themeFields: Object.keys(block.themeFields ?? {}),
  };
  if (block.defaultSpan) spec.defaultSpan = block.defaultSpan;
  if (block.configKey) spec.configKey = block.configKey;
  return spec;
}

/** The 43 placeable control types, in controls.json order. */
export const CONTROL_TYPE_NAMES: readonly string[] = Object.keys(raw).filter((k) => !k.startsWith("_"));
export const CONTROL_SPECS: ReadonlyMap<string, ControlSpec> = new Map(
  CONTROL_TYPE_NAMES.map((t) => [t, controlSpec(t)]),
);

/** Object definitions other than controls, in schema order. */
export const BLOCK_SPECS: readonly ObjectSpec[] = [
  LAYOUT_SPEC,
  TAB_SPEC,
  GRID_SPEC,
  GROUP_SPEC,
  POPUP_SPEC,
  SYNC_SPEC,
  ACTION_SPEC,
  VISIBILITY_SPEC,
  PULSE_SPEC,
  CANVAS_ITEM_SPEC,
  ACTION_ITEM_SPEC,
  DRAG_EVENTS_SPEC,
  CONNECTION_SPEC,
  IDENTITY_SPEC,
  SOURCE_SPEC,
  STATE_SPEC,
  POLL_GROUP_SPEC,
  DYNAMIC_TAB_SPEC,
  PUBLISHER_SPEC,
  ALERT_SPEC,
  GLANCE_SPEC,
  APPEARANCE_SPEC,
  THEME_SPEC,
];

/** Sensor pipelines (`publishers[].sensor`, sensor sync `pipeline[.key]`). */
export const SENSOR_PIPELINES: readonly string[] =
  PUBLISHER_SPEC.fields.find((f) => f.name === "sensor")?.values ?? [];
/** Methods of an action and a sync binding other than the default `meshsocket`. */
export const SOURCE_KINDS: readonly string[] =
  SOURCE_SPEC.fields.find((f) => f.name === "type")?.values ?? [];
