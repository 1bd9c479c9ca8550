import { getControlDoc, LayoutModule, type FieldDoc } from "@carter/kit";

/**
 * The inspector's field model: what to edit and with which input, generated from the kit's layout
 * schema (every property of a control type, with defaults, descriptions, enums and nesting) and its
 * catalog (which strings are colours, the allowed values of documented enums, config objects).
 */

export type FieldKind =
  "text" | "number" | "bool" | "enum" | "color" | "object" | "list" | "action" | "sync" | "raw";

export interface FieldModel {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  default?: unknown;
  /** Values offered for an `enum` (or suggested for a `text`). */
  choices?: readonly string[];
  /** An `enum` whose values are the only ones accepted; otherwise others may be typed (and warned about). */
  closed?: boolean;
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  /** The properties of an `object`. */
  fields?: FieldModel[];
  /** What each element of a `list` is. */
  item?: FieldModel;
}

type Schema = Record<string, unknown>;

const DEFS = (JSON.parse(JSON.stringify(LayoutModule.Import("Layout"))) as { $defs: Record<string, Schema> })
  .$defs;

/** The placement fields the canvas edits; the inspector shows them but does not generate inputs. */
export const PLACEMENT = new Set(["id", "type", "position", "span"]);

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The schema definition of a control type (its own and the common control fields). */
export function controlSchema(type: string): Schema | undefined {
  return Object.values(DEFS).find((def) => def.title === type && isObject(def.properties));
}

/** A definition of the layout schema by name (`Action`, `SyncBinding`, `Group`, …). */
export function definition(name: string): Schema {
  const def = DEFS[name];
  if (!def) throw new Error(`no schema definition '${name}'`);
  return def;
}

/** The kind a catalog field type names, when it says more than the schema (colours, lists of colours). */
function docKind(doc: FieldDoc | undefined): FieldKind | undefined {
  if (!doc) return undefined;
  if (doc.type === "color") return "color";
  if (doc.type === "action") return "action";
  return undefined;
}

/** The catalog's shape words (`number`, `color`, `string`, …) as a field of an object item. */
function shapeField(name: string, word: string): FieldModel {
  const kind: FieldKind =
    word === "color"
      ? "color"
      : word === "number"
        ? "number"
        : word === "bool"
          ? "bool"
          : word === "string"
            ? "text"
            : "raw";
  return { name, kind, required: false, description: word === kind ? undefined : word };
}

function enumChoices(schema: Schema): { choices: string[]; closed: boolean } | undefined {
  if (Array.isArray(schema.enum)) return { choices: schema.enum.map(String), closed: true };
  if (Array.isArray(schema.examples) && schema.type === "string")
    return { choices: schema.examples.map(String), closed: false };
  return undefined;
}

/** The field model of one property from its schema, the catalog's doc of it and the docs of its nested fields. */
export function fieldFromSchema(
  name: string,
  schema: Schema,
  options: { required?: boolean; doc?: FieldDoc; nested?: readonly FieldDoc[]; depth?: number } = {},
): FieldModel {
  const { doc, nested = [], depth = 0 } = options;
  const base: FieldModel = { name, kind: "raw", required: options.required ?? doc?.required ?? false };
  const description = [schema.description, doc?.note].filter((s) => typeof s === "string").join("; ");
  if (description) base.description = description;
  const fallback = schema.default ?? doc?.default;
  if (fallback !== undefined) base.default = fallback;
  const ref = typeof schema.$ref === "string" ? schema.$ref : undefined;
  if (ref === "Action" || ref === "ActionItem") return { ...base, kind: "action" };
  if (ref === "Popup" || ref === "Child" || depth > 3) return base;
  if (ref) {
    const inner = fieldFromSchema(name, definition(ref), { ...options, depth: depth + 1 });
    return { ...inner, required: base.required, ...(description ? { description } : {}) };
  }
  if (schema.type === "array" && isObject(schema.items) && schema.items.$ref === "SyncBinding")
    return { ...base, kind: "sync" };
  const kind = docKind(doc);
  if (kind === "color") return { ...base, kind };
  if (kind === "action") return { ...base, kind };
  const values = doc?.values ? { choices: [...doc.values], closed: false } : enumChoices(schema);
  switch (schema.type) {
    case "boolean":
      return { ...base, kind: "bool" };
    case "number":
    case "integer": {
      const number: FieldModel = { ...base, kind: "number" };
      if (schema.type === "integer") number.integer = true;
      if (typeof schema.minimum === "number") number.minimum = schema.minimum;
      if (typeof schema.maximum === "number") number.maximum = schema.maximum;
      return number;
    }
    case "string":
      if (/colou?r$|^tint$/i.test(name) && !values) return { ...base, kind: "color" };
      return values ? { ...base, kind: "enum", ...values } : { ...base, kind: "text" };
    case "array": {
      const items = isObject(schema.items) ? schema.items : {};
      let item: FieldModel;
      if (doc?.shape) {
        item = {
          name: "item",
          kind: "object",
          required: false,
          fields: Object.entries(doc.shape).map(([key, word]) => shapeField(key, word)),
        };
      } else if (doc?.type === "color[]" || /colou?rs$/i.test(name)) {
        item = { name: "item", kind: "color", required: false };
      } else {
        item = fieldFromSchema("item", items, { required: false, depth: depth + 1 });
      }
      return { ...base, kind: "list", item };
    }
    case "object":
      if (isObject(schema.properties)) {
        const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
        return {
          ...base,
          kind: "object",
          fields: Object.entries(schema.properties)
            .filter(([, sub]) => isObject(sub))
            .map(([key, sub]) =>
              fieldFromSchema(key, sub as Schema, {
                required: required.has(key),
                doc: nested.find((d) => d.name === key),
                depth: depth + 1,
              }),
            ),
        };
      }
      return base;
    default:
      if (
        Array.isArray(schema.anyOf) &&
        schema.anyOf.every((s) => isObject(s) && ["string", "null"].includes(String(s.type)))
      )
        return fieldFromSchema(name, { ...schema, anyOf: undefined, type: "string" }, options);
      if (values && schema.type === undefined) return { ...base, kind: "enum", ...values };
      return base;
  }
}

/** The documented fields first, in the catalog's order, then the common ones. */
function order(a: FieldModel, b: FieldModel, docs: readonly FieldDoc[]): number {
  const rank = (f: FieldModel) => {
    const i = docs.findIndex((d) => d.name === f.name && d.in === undefined);
    return i === -1 ? docs.length : i;
  };
  return rank(a) - rank(b);
}

/** Every field of a control type (placement fields left out), or `[]` for an unknown type. */
export function controlFields(type: string): FieldModel[] {
  const schema = controlSchema(type);
  if (!schema) return [];
  let docs: readonly FieldDoc[] = [];
  try {
    docs = getControlDoc(type).fields;
  } catch {
    docs = [];
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties as Record<string, Schema>)
    .filter(([name]) => !PLACEMENT.has(name))
    .map(([name, sub]) =>
      fieldFromSchema(name, sub, {
        required: required.has(name) || docs.some((d) => d.name === name && d.in === undefined && d.required),
        doc: docs.find((d) => d.name === name && d.in === undefined),
        nested: docs.filter((d) => d.in === name),
      }),
    )
    .sort((a, b) => order(a, b, docs));
}

/** A group's own fields (its grid and children are edited on the canvas). */
export function groupFields(): FieldModel[] {
  const schema = definition("Group");
  return Object.entries(schema.properties as Record<string, Schema>)
    .filter(([name]) => !PLACEMENT.has(name) && name !== "children")
    .map(([name, sub]) => fieldFromSchema(name, sub));
}

/** Keys of `node` that no field of the model names (shown raw so nothing is hidden). */
export function unknownKeys(node: Record<string, unknown>, fields: readonly FieldModel[]): string[] {
  const known = new Set([...PLACEMENT, "children", ...fields.map((f) => f.name)]);
  return Object.keys(node).filter((key) => !known.has(key));
}

/** A JSON path one key further, as the kit writes finding paths (`$.a.b`, `$.a["x y"]`, `$.a[2]`). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Where a finding shows: the deepest of `anchors` (the paths the inspector draws a field for) that
 * is the finding's path or contains it, or `null` when none does.
 */
export function anchorOf(path: string, anchors: Iterable<string>): string | null {
  let best: string | null = null;
  for (const anchor of anchors) {
    const inside = path === anchor || path.startsWith(`${anchor}.`) || path.startsWith(`${anchor}[`);
    if (inside && (best === null || anchor.length > best.length)) best = anchor;
  }
  return best;
}

/** The paths the inspector draws a field for, for `value` edited with `field` at `path`. */
export function anchorsOf(field: FieldModel, value: unknown, path: string): string[] {
  const out = [path];
  const inside = (fields: readonly FieldModel[]) => {
    if (isObject(value))
      for (const sub of fields) out.push(...anchorsOf(sub, value[sub.name], childPath(path, sub.name)));
  };
  if (field.kind === "object" && field.fields) inside(field.fields);
  if (field.kind === "list" && field.item && Array.isArray(value))
    value.forEach((each, i) => out.push(...anchorsOf(field.item as FieldModel, each, childPath(path, i))));
  if (field.kind === "sync" && Array.isArray(value))
    value.forEach((each, i) => out.push(...anchorsOf(syncField(), each, childPath(path, i))));
  if (field.kind === "action") inside(actionField().fields ?? []);
  return out;
}

/** One sync binding's fields (method, event, filter, valuePath, topic, url…). */
export function syncField(): FieldModel {
  return fieldFromSchema("sync", definition("SyncBinding"));
}

/** An action's fields; `event` offers the relay verbs a meshsocket action may fire. */
export function actionField(): FieldModel {
  const def = definition("Action");
  const model = fieldFromSchema("action", def);
  const verbs = (JSON.stringify(def.allOf).match(/"enum":\[("broadcast_request"[^\]]*)\]/)?.[1] ?? "")
    .split(",")
    .map((each) => JSON.parse(each) as string);
  return {
    ...model,
    kind: "action",
    fields: model.fields?.map((f) =>
      f.name === "event" && verbs.length > 0 ? { ...f, kind: "enum", choices: verbs, closed: false } : f,
    ),
  };
}

/** The names the catalog documents for `type` (its own fields, config objects included). */
export function documentedNames(type: string): Set<string> {
  try {
    return new Set(getControlDoc(type).fields.map((f) => f.in ?? f.name));
  } catch {
    return new Set();
  }
}
