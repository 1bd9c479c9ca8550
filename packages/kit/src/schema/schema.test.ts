import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import spec from "../spec/controls.json" with { type: "json" };
import { buildJsonSchema, jsonSchemaText, SCHEMA_PATH } from "./emit.js";
import { GENERATED_PATH, generateModuleSource } from "./generate.js";
import { CONTROL_TYPES, type ControlOf, type Layout } from "./types.js";

type SchemaNode = {
  properties?: Record<string, { examples?: string[]; enum?: string[]; default?: unknown }>;
};

describe("generated schema", () => {
  it("the committed TypeBox module matches controls.json (run `npm run schema -w @carter/kit`)", async () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(await generateModuleSource());
  });

  it("the committed layout.schema.json is fresh (run `npm run schema -w @carter/kit`)", async () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(await jsonSchemaText());
  });

  it("has one definition per control type with its enums and defaults from controls.json", () => {
    const types = Object.keys(spec).filter((k) => !k.startsWith("_"));
    expect([...CONTROL_TYPES]).toEqual(types);
    const definitions = buildJsonSchema().definitions as Record<string, SchemaNode>;
    expect(definitions.ButtonControl.properties?.style).toMatchObject({
      examples: spec.button.fields[2].values,
      default: "filled",
    });
    expect(definitions.PieChartControl.properties?.pieStyle?.examples).toEqual([
      "pie",
      "donut",
      "wheel",
      "menu",
    ]);
    expect(definitions.Alert.properties?.operator?.enum).toEqual(["eq", "neq", "gt", "lt", "gte", "lte"]);
  });

  it("allows the $schema key and dispatches children on type", () => {
    const schema = buildJsonSchema() as {
      properties: Record<string, unknown>;
      definitions: Record<string, { else?: unknown }>;
    };
    expect(schema.properties.$schema).toMatchObject({ type: "string" });
    expect(schema.definitions.Child.else).toEqual({ $ref: "#/definitions/Control" });
  });

  it("derives literal types for controls", () => {
    const gauge: ControlOf<"gauge"> = {
      type: "gauge",
      id: "g",
      position: [0, 0],
      min: 0,
      max: 10,
      gaugeStyle: "full",
    };
    const layout: Layout = { name: "x", version: 1, tabs: [{ title: "t", children: [gauge] }] };
    expect(layout.tabs[0].children?.[0].type).toBe("gauge");
  });
});
