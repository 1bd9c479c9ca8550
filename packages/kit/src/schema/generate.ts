import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import {
  BLOCK_SPECS,
  COMMON_CONTROL_DEFINITION,
  COMMON_FIELDS,
  CONTROL_SPECS,
  CONTROL_TYPE_NAMES,
  type ControlSpec,
  type FieldRef,
  type FieldSpec,
  type JsonKind,
  type ObjectSpec,
} from "../spec/model.js";

/**
 * Writes layout.generated.ts: the TypeBox module of the layout format, generated from the spec
 * model so the TypeScript types (via `Static`) carry literal control types and enum values.
 * Run through `npm run schema -w @carter/kit`.
 */

export const GENERATED_PATH = fileURLToPath(new URL("./layout.generated.ts", import.meta.url));

const json = (value: unknown) => JSON.stringify(value);

function meta(
  field: { description?: string; default?: unknown },
  extra: Record<string, unknown> = {},
): string {
  const options: Record<string, unknown> = { ...extra };
  if (field.description) options.description = field.description;
  if (field.default !== undefined) options.default = field.default;
  return Object.keys(options).length > 0 ? json(options) : "";
}

function kindExpr(kind: JsonKind, options = ""): string {
  const sep = options ? `, ${options}` : "";
  switch (kind) {
    case "string":
      return `Type.String(${options})`;
    case "number":
      return `Type.Number(${options})`;
    case "boolean":
      return `Type.Boolean(${options})`;
    case "null":
      return `Type.Null(${options})`;
    case "object":
      return `Type.Record(Type.String(), Type.Unknown()${sep})`;
    case "array":
      return `Type.Array(Type.Unknown()${sep})`;
  }
}

const REF_EXPR: Record<FieldRef, string> = {
  Action: `Type.Ref("Action")`,
  SyncList: `Type.Array(Type.Ref("SyncBinding"))`,
  Visibility: `Type.Ref("Visibility")`,
  Grid: `Type.Ref("Grid")`,
  Children: `Type.Array(Type.Ref("Child"))`,
  Child: `Type.Ref("Child")`,
  Panels: `Type.Array(Type.Ref("Group"))`,
  Popup: `Type.Ref("Popup")`,
  Tabs: `Type.Array(Type.Ref("Tab"))`,
  Position: `Type.Unsafe<[row: number, col: number]>({ description: "[row, col], 0-based" })`,
  Span: `Type.Unsafe<[rowSpan: number, colSpan: number]>({ description: "[rowSpan, colSpan]", default: [1, 1] })`,
  Pulse: `Type.Ref("Pulse")`,
  CanvasItems: `Type.Array(Type.Ref("CanvasItem"))`,
  DragEvents: `Type.Ref("DragEvents")`,
  ActionItems: `Type.Array(Type.Ref("ActionItem"))`,
  Identity: `Type.Ref("Identity")`,
  Connection: `Type.Ref("Connection")`,
  Sources: `Type.Record(Type.String(), Type.Ref("Source"))`,
  State: `Type.Ref("State")`,
  PollGroups: `Type.Record(Type.String(), Type.Ref("PollGroup"))`,
  DynamicTabs: `Type.Array(Type.Ref("DynamicTab"))`,
  Publishers: `Type.Array(Type.Ref("Publisher"))`,
  Alerts: `Type.Array(Type.Ref("Alert"))`,
  Glance: `Type.Ref("Glance")`,
  Appearance: `Type.Ref("Appearance")`,
  Theme: `Type.Ref("Theme")`,
};

function fieldExpr(field: FieldSpec): string {
  if (field.ref) return REF_EXPR[field.ref];
  const kinds = field.kinds;
  if (field.values && kinds?.length === 1 && kinds[0] === "string") {
    const literals = field.values.map((v) => json(v)).join(" | ");
    return field.enumIsError
      ? `Type.Unsafe<${literals}>(${meta(field, { type: "string", enum: field.values })})`
      : `Type.Unsafe<${literals} | (string & {})>(${meta(field, { type: "string", examples: field.values })})`;
  }
  if (!kinds) return `Type.Unknown(${meta(field)})`;
  if (kinds.length === 1) {
    if (kinds[0] === "array" && field.itemKinds) {
      const item =
        field.itemKinds.length === 1
          ? kindExpr(field.itemKinds[0])
          : `Type.Union([${field.itemKinds.map((k) => kindExpr(k)).join(", ")}])`;
      const options = meta(field);
      return `Type.Array(${item}${options ? `, ${options}` : ""})`;
    }
    return kindExpr(kinds[0], meta(field));
  }
  return `Type.Union([${kinds.map((k) => kindExpr(k)).join(", ")}]${meta(field) ? `, ${meta(field)}` : ""})`;
}

function property(field: FieldSpec, expr = fieldExpr(field)): string {
  const required = field.required === "error";
  return `${json(field.name)}: ${required ? expr : `Type.Optional(${expr})`}`;
}

const CONDITIONS: Record<string, string> = {
  Action: "ACTION_CONDITIONS",
  SyncBinding: "SYNC_CONDITIONS",
  Source: "SOURCE_CONDITIONS",
};

function objectOptions(spec: ObjectSpec): string {
  const options: string[] = [`title: ${json(spec.title)}`];
  if (spec.description) options.push(`description: ${json(spec.description)}`);
  if (CONDITIONS[spec.name]) options.push(`allOf: ${CONDITIONS[spec.name]}`);
  return `{ ${options.join(", ")} }`;
}

function blockDefinition(spec: ObjectSpec): string {
  const props = spec.fields.map((f) =>
    spec.name === "Group" && f.name === "type" ? `"type": Type.Optional(Type.Literal("group"))` : property(f),
  );
  return `  ${spec.name}: Type.Object({\n    ${props.join(",\n    ")},\n  }, ${objectOptions(spec)}),`;
}

const COMMON_PROPERTIES = new Map(
  COMMON_FIELDS.filter((f) => f.name !== "type").map((f) => [f.name, property(f)]),
);

function commonFieldsConstant(): string {
  const props = [...COMMON_PROPERTIES.values()];
  return [
    "/**",
    " * The fields every control accepts, spread into each control's object. A control that redeclares",
    " * one (a narrower type, its own default) overrides it.",
    " */",
    `const ${COMMON_CONTROL_DEFINITION} = {\n  ${props.join(",\n  ")},\n};`,
  ].join("\n");
}

/** A control's own fields, less those that only repeat the common field the spread already gives. */
function controlDefinition(spec: ControlSpec): string {
  const own = spec.ownFields.flatMap((f) => {
    if (f.name === spec.configKey) {
      const inner = spec.configFields.map((c) => property({ ...c, required: undefined }));
      return `${json(f.name)}: Type.Optional(Type.Object({\n      ${inner.join(",\n      ")},\n    }, ${meta(f)}))`;
    }
    const prop = property(f);
    return prop === COMMON_PROPERTIES.get(f.name) ? [] : prop;
  });
  const carriers = spec.topLevelCarriers.map((f) => property(f));
  const props = [
    `"type": Type.Literal(${json(spec.type)})`,
    `...${COMMON_CONTROL_DEFINITION}`,
    ...own,
    ...carriers,
  ];
  return `  ${spec.name}: Type.Object({\n    ${props.join(",\n    ")},\n  }, ${objectOptions(spec)}),`;
}

/** The module source, formatted with the repository's prettier settings. */
export async function generateModuleSource(): Promise<string> {
  const config = await resolveConfig(GENERATED_PATH);
  return format(rawModuleSource(), { ...config, parser: "typescript", filepath: GENERATED_PATH });
}

function rawModuleSource(): string {
  const controls = [...CONTROL_SPECS.values()];
  return [
    "// Generated by src/schema/generate.ts from src/spec/controls.json: do not edit; run `npm run schema -w @carter/kit`.",
    'import { Type } from "@sinclair/typebox";',
    'import { ACTION_CONDITIONS, SOURCE_CONDITIONS, SYNC_CONDITIONS } from "./conditions.js";',
    "",
    `/** The ${controls.length} placeable control types. */`,
    `export const CONTROL_TYPES = ${json(CONTROL_TYPE_NAMES)} as const;`,
    "",
    commonFieldsConstant(),
    "",
    "export const LayoutModule = Type.Module({",
    ...BLOCK_SPECS.map(blockDefinition),
    `  Child: Type.Union([Type.Ref("Group"), Type.Ref("Control")]),`,
    `  ${COMMON_CONTROL_DEFINITION}: Type.Object(${COMMON_CONTROL_DEFINITION}, { title: "Common control fields" }),`,
    `  Control: Type.Union([${controls.map((c) => `Type.Ref(${json(c.name)})`).join(", ")}]),`,
    ...controls.map(controlDefinition),
    "});",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_PATH, await generateModuleSource());
}
