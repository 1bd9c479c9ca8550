import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { ACTION_EVENT_NAMES } from "./conditions.js";
import { CONTROL_TYPES, LayoutModule } from "./layout.generated.js";
import { COMMON_CONTROL_DEFINITION, CONTROL_SPECS, controlDefinitionName } from "../spec/model.js";
import { TOP_LEVEL_CONTAINERS } from "../validate/validate.js";

/**
 * Builds the published draft-07 JSON Schema (schema/layout.schema.json) from the TypeBox module,
 * for editors (`"$schema": "…/layout.schema.json"` in a layout) and other languages. Rewrites:
 * refs point at `#/definitions/…`; children dispatch on `type` with if/then so each control gets
 * its own fields; each control references the common control fields instead of repeating them;
 * containers whose wrong type the app ignores (top-level blocks, `sync`) lose their `type` so the
 * schema rejects exactly what the validator reports as a structural error.
 */

export const SCHEMA_PATH = fileURLToPath(new URL("../../schema/layout.schema.json", import.meta.url));

type SchemaObject = Record<string, unknown>;

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== "object" || node === null) return node;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$id") continue;
    out[key] =
      key === "$ref" && typeof value === "string" && !value.startsWith("#")
        ? `#/definitions/${value}`
        : rewriteRefs(value);
  }
  return out;
}

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** Groups: `type` "group", or no `type` but a `children` array (older app echoes). */
const IS_GROUP = {
  anyOf: [
    { required: ["type"], properties: { type: { const: "group" } } },
    { not: { required: ["type"] }, required: ["children"], properties: { children: { type: "array" } } },
  ],
};

function childDefinition(): SchemaObject {
  return {
    type: "object",
    title: "Control or group",
    if: IS_GROUP,
    then: ref("Group"),
    else: ref("Control"),
  };
}

function controlDefinition(): SchemaObject {
  return {
    type: "object",
    title: "Control",
    required: ["type", "id"],
    properties: { type: { enum: [...CONTROL_TYPES], description: "control type" }, id: { type: "string" } },
    allOf: CONTROL_TYPES.map((type) => ({
      if: { required: ["type"], properties: { type: { const: type } } },
      then: ref(controlDefinitionName(type)),
    })),
  };
}

/**
 * Each control keeps the fields it declares itself and takes the common ones from one shared
 * definition through `allOf`. A common field that some controls redeclare differently applies only
 * to the other controls (`if` the type is one of them, `else` the shared field): VS Code merges the
 * values and snippets it offers over every schema a value matches, so this keeps a slider from
 * being offered the shared `formatValue` values the validator warns about, and keeps validation
 * exactly that of the control's own field. No `additionalProperties` anywhere, so the split rejects
 * no key that either part leaves out.
 */
function shareCommonFields(definitions: Record<string, SchemaObject>): void {
  const common = definitions[COMMON_CONTROL_DEFINITION];
  const shared = common.properties as Record<string, SchemaObject>;
  const redeclaredBy = new Map<string, string[]>();
  for (const spec of CONTROL_SPECS.values()) {
    const { properties, required, ...rest } = definitions[spec.name];
    const own = new Set(["type", ...spec.ownFields.map((f) => f.name)]);
    const ownProperties = { ...(properties as Record<string, SchemaObject>) };
    for (const [name, schema] of Object.entries(shared)) {
      if (!own.has(name)) delete ownProperties[name];
      else if (JSON.stringify(ownProperties[name]) !== JSON.stringify(schema))
        redeclaredBy.set(name, [...(redeclaredBy.get(name) ?? []), spec.type]);
    }
    definitions[spec.name] = {
      ...rest,
      allOf: [ref(COMMON_CONTROL_DEFINITION)],
      required: (required as string[]).filter((name) => own.has(name)),
      properties: ownProperties,
    };
  }
  common.allOf = [...redeclaredBy].map(([name, types]) => {
    const schema = shared[name];
    delete shared[name];
    return {
      if: { required: ["type"], properties: { type: { enum: types } } },
      else: { properties: { [name]: schema } },
    };
  });
}

function dropType(schema: unknown): void {
  if (typeof schema === "object" && schema !== null) delete (schema as SchemaObject).type;
}

export function buildJsonSchema(): SchemaObject {
  const imported = JSON.parse(JSON.stringify(LayoutModule.Import("Layout"))) as {
    $defs: Record<string, SchemaObject>;
  };
  const definitions = rewriteRefs(imported.$defs) as Record<string, SchemaObject>;
  definitions.Child = childDefinition();
  definitions.Control = controlDefinition();
  // The app ignores these blocks when they have the wrong container type (warning bad_top_level).
  const layoutProps = definitions.Layout.properties as Record<string, SchemaObject>;
  for (const key of Object.keys(TOP_LEVEL_CONTAINERS)) {
    const block = layoutProps[key];
    dropType(block);
    if (typeof block.$ref === "string") dropType(definitions[block.$ref.slice("#/definitions/".length)]);
  }
  // A lone sync object is read as a one-element list, and non-object entries are ignored (warnings).
  dropType(definitions.SyncBinding);
  for (const name of Object.keys(definitions)) {
    const props = definitions[name].properties as Record<string, SchemaObject> | undefined;
    if (props?.sync)
      props.sync = {
        description: "inbound bindings (a list)",
        allOf: [{ items: ref("SyncBinding") }, ref("SyncBinding")],
      };
  }
  // Poll groups fire their event as a frame type: only relay verbs get through (dead_action).
  definitions.PollGroup.properties = {
    ...(definitions.PollGroup.properties as SchemaObject),
    event: { type: "string", enum: ACTION_EVENT_NAMES, description: "wire frame type fired every interval" },
  };
  shareCommonFields(definitions);
  const { Layout, ...rest } = definitions;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment:
      "Generated from packages/kit/src/spec/controls.json by `npm run schema -w @carter/kit`; do not edit.",
    ...Layout,
    definitions: rest,
  };
}

/** The schema file's text, formatted with the repository's prettier settings. */
export async function jsonSchemaText(): Promise<string> {
  const config = await resolveConfig(SCHEMA_PATH);
  return format(JSON.stringify(buildJsonSchema()), { ...config, parser: "json", filepath: SCHEMA_PATH });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, await jsonSchemaText());
}
