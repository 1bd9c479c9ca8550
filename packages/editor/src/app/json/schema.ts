import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { Diagnostic } from "@codemirror/lint";
import type { EditorState } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { CONTROL_TYPES, validateLayout } from "@carter/kit";
import { controlSchema, definition } from "../inspector/fields.js";
import { firstError, placeAt, rangeOf, type Step } from "./tree.js";

/**
 * The layout JSON Schema (the kit's, the one the inspector is generated from) driving the JSON
 * view: property and value completion, hover docs, and the kit validator's findings as diagnostics.
 */

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A `$ref` followed; a child (`Child`) becomes its group or control definition by its `type`. */
function resolve(schema: Schema, type: string | undefined): Schema {
  const ref = typeof schema.$ref === "string" ? schema.$ref : undefined;
  if (ref === "Child") {
    if (type === "group") return definition("Group");
    return (type && controlSchema(type)) || definition("CommonControlFields");
  }
  if (ref) return resolve(definition(ref), type);
  return schema;
}

function child(schema: Schema, key: string | number): Schema | undefined {
  if (typeof key === "string" && isObject(schema.properties)) {
    const sub = schema.properties[key];
    if (isObject(sub)) return sub;
  }
  if (isObject(schema.items)) return schema.items;
  if (typeof key === "number" && Array.isArray(schema.allOf)) {
    const items = schema.allOf.find((each) => isObject(each) && isObject(each.items)) as Schema | undefined;
    if (items) return items.items as Schema;
  }
  return undefined;
}

/** The schema of the object or array the steps reach, or `undefined` off the schema. */
export function schemaAt(steps: readonly Step[]): Schema | undefined {
  let schema: Schema | undefined = definition("Layout");
  for (const step of steps) {
    schema = child(resolve(schema, undefined), step.key);
    if (!schema) return undefined;
    schema = resolve(schema, step.type);
  }
  return schema;
}

function describe(schema: Schema): string {
  const ref = typeof schema.$ref === "string" ? schema.$ref : "";
  if (ref) return ref;
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.anyOf))
    return schema.anyOf.map((s) => (isObject(s) ? describe(s) : "")).join(" | ");
  return "any";
}

/** What a property's value may be, as completion values (enums, examples, booleans, control types). */
function valueOptions(
  schema: Schema | undefined,
  key: string | undefined,
  type: string | undefined,
): string[] {
  if (key === "type" && type !== undefined && controlSchema(type) !== undefined) return [...CONTROL_TYPES];
  if (key === "type") return [...CONTROL_TYPES, "group"];
  if (!schema) return [];
  const resolved = resolve(schema, undefined);
  if (Array.isArray(resolved.enum)) return resolved.enum.map((v) => JSON.stringify(v));
  if (Array.isArray(resolved.examples)) return resolved.examples.map((v) => JSON.stringify(v));
  if (resolved.type === "boolean") return ["true", "false"];
  return [];
}

/** Applies a completion over the typed text and the closing quote after it, if any. */
function through(insert: string): Completion["apply"] {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const end = view.state.sliceDoc(to, to + 1) === '"' ? to + 1 : to;
    view.dispatch({
      changes: { from, to: end, insert },
      selection: { anchor: from + insert.length },
      userEvent: "input.complete",
    });
  };
}

/** Completion from the schema: a control's fields where a key goes, its choices where a value goes. */
export function completeFromSchema(context: CompletionContext): CompletionResult | null {
  const place = placeAt(context.state, context.pos);

  if (!place) return null;
  const typed = context.state.sliceDoc(place.from, context.pos);
  if (!context.explicit && typed === "") return null;
  const schema = schemaAt(place.steps);
  if (!schema) return null;
  const last = place.steps[place.steps.length - 1];
  if (place.at === "key") {
    const properties = isObject(schema.properties) ? schema.properties : {};
    // Inside an opening quote, complete the name after it and close it.
    const quoted = context.state.sliceDoc(place.from, place.from + 1) === '"';
    const options: Completion[] = Object.entries(properties)
      .filter(([name]) => !place.present.includes(name) || typed.replace(/"/g, "") === name)
      .map(([name, sub]) => {
        const field = isObject(sub) ? sub : {};
        return {
          label: name,
          apply: through(quoted ? `${name}": ` : `"${name}": `),
          type: "property",
          detail: describe(field),
          info: typeof field.description === "string" ? field.description : undefined,
          boost: Array.isArray(schema.required) && schema.required.includes(name) ? 1 : 0,
        };
      });
    return { from: quoted ? place.from + 1 : place.from, to: context.pos, options, validFor: /^[\w$]*$/ };
  }
  const sub = place.key === undefined ? undefined : child(schema, place.key);
  const values = valueOptions(sub, place.key, last?.type);
  if (values.length === 0) return null;
  return {
    from: place.from,
    to: context.pos,
    options: values.map((value) => {
      const label = value.startsWith('"') ? value : place.key === "type" ? `"${value}"` : value;
      return { label, type: "enum", apply: through(label) };
    }),
    validFor: /^"?[\w$-]*"?$/,
  };
}

/** The doc of the property name at `pos`: its type and description, or `null`. */
export function hoverDoc(state: EditorState, pos: number): { from: number; to: number; text: string } | null {
  const place = placeAt(state, pos);
  if (!place || place.at !== "key") return null;
  const name = state.sliceDoc(place.from, place.to).replace(/"/g, "");
  const schema = schemaAt(place.steps);
  const sub = schema && isObject(schema.properties) ? schema.properties[name] : undefined;
  if (!isObject(sub)) return null;
  const parts = [`${name}: ${describe(sub)}`];
  if (typeof sub.description === "string") parts.push(sub.description);
  if (sub.default !== undefined) parts.push(`default ${JSON.stringify(sub.default)}`);
  const choices = valueOptions(sub, name, undefined);
  if (choices.length > 0 && choices.length <= 12) parts.push(`one of ${choices.join(", ")}`);
  return { from: place.from, to: place.to, text: parts.join("\n") };
}

/** The text's syntax error or the kit's findings, each at the text of the value it names. */
export function diagnose(state: EditorState): Diagnostic[] {
  const text = state.doc.toString();
  let layout: unknown;
  try {
    layout = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const from = Math.min(firstError(state) ?? 0, text.length);
    return [{ from, to: Math.min(from + 1, text.length), severity: "error", message: `JSON: ${message}` }];
  }
  return validateLayout(layout).findings.map((finding) => ({
    ...rangeOf(state, finding.path),
    severity: finding.severity,
    source: finding.code,
    message: finding.message,
  }));
}
