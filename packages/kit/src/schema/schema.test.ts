import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import spec from "../spec/controls.json" with { type: "json" };
import { COMMON_CONTROL_DEFINITION, controlDefinitionName } from "../spec/model.js";
import { buildJsonSchema, jsonSchemaText, SCHEMA_PATH } from "./emit.js";
import { GENERATED_PATH, generateModuleSource } from "./generate.js";
import { CONTROL_TYPES, type ControlOf, type Layout, type Tab } from "./types.js";

type SchemaNode = {
  allOf?: SchemaNode[];
  else?: SchemaNode;
  properties?: Record<
    string,
    { examples?: string[]; enum?: string[]; default?: unknown; const?: unknown; properties?: object }
  >;
};

const specBlocks = spec as unknown as Record<string, { fields: { name: string; in?: string }[] }>;

/** Every `$id` under the root: TypeBox's per-definition ids would rebase `#/definitions` refs. */
function nestedIds(node: unknown, path = "$"): string[] {
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$id" && path !== "$" ? [path] : nestedIds(value, `${path}.${key}`),
  );
}

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

  it.each([...CONTROL_TYPES])("%s: its own definition carries every controls.json field", (type) => {
    const definition = (buildJsonSchema().definitions as Record<string, SchemaNode>)[
      controlDefinitionName(type)
    ];
    expect(definition.properties?.type?.const).toBe(type);
    const missing = specBlocks[type].fields
      .filter((field) => {
        const holder = field.in ? (definition.properties?.[field.in] as SchemaNode | undefined) : definition;
        return holder?.properties?.[field.name] === undefined;
      })
      .map((field) => (field.in ? `${field.in}.${field.name}` : field.name));
    expect(missing).toEqual([]);
  });

  it("states the common control fields once: the TypeBox module spreads them, each control references them", () => {
    const source = readFileSync(GENERATED_PATH, "utf8");
    expect(source.match(new RegExp(`const ${COMMON_CONTROL_DEFINITION} = \\{`, "g"))).toHaveLength(1);
    expect(source.match(new RegExp(`\\.\\.\\.${COMMON_CONTROL_DEFINITION},`, "g"))).toHaveLength(
      CONTROL_TYPES.length,
    );
    const definitions = buildJsonSchema().definitions as Record<string, SchemaNode>;
    const common = definitions[COMMON_CONTROL_DEFINITION];
    const sharedOnce = [
      ...Object.keys(common.properties ?? {}),
      ...(common.allOf ?? []).flatMap((condition) => Object.keys(condition.else?.properties ?? {})),
    ];
    const commonNames = specBlocks._common.fields.map((f) => f.name).filter((name) => name !== "type");
    expect(sharedOnce.sort()).toEqual([...commonNames].sort());
    for (const type of CONTROL_TYPES) {
      const definition = definitions[controlDefinitionName(type)];
      const own = new Set(specBlocks[type].fields.filter((f) => !f.in).map((f) => f.name));
      expect(definition.allOf, type).toEqual([{ $ref: `#/definitions/${COMMON_CONTROL_DEFINITION}` }]);
      expect(
        commonNames.filter((name) => !own.has(name) && definition.properties?.[name] !== undefined),
        type,
      ).toEqual([]);
    }
  });

  it("is a draft-07 schema (what VS Code checks fully) whose refs all resolve in the file", () => {
    const schema = buildJsonSchema();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(nestedIds(schema)).toEqual([]);
    const definitions = schema.definitions as Record<string, unknown>;
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of new Set(refs)) {
      const name = /^"\$ref":"#\/definitions\/([^"]+)"$/.exec(ref)?.[1];
      expect(name && definitions[name], ref).toBeTruthy();
    }
  });

  it("allows the $schema key and dispatches children on type", () => {
    const schema = buildJsonSchema() as {
      properties: Record<string, unknown>;
      definitions: Record<string, { else?: unknown }>;
    };
    expect(schema.properties.$schema).toMatchObject({ type: "string" });
    expect(schema.definitions.Child.else).toEqual({ $ref: "#/definitions/Control" });
  });

  it("types every nesting point and top-level block (checked by tsc)", () => {
    const popupChild: ControlOf<"button"> = { type: "button", id: "pop-b", position: [0, 0] };
    const tab: Tab = {
      title: "Main",
      icon: "house",
      grid: { columns: 4, rows: 8, mode: "grid", rowHeight: 56 },
      children: [
        {
          type: "group",
          id: "g",
          position: [0, 0],
          grid: { columns: 1, rows: 1 },
          pulse: { event: "broadcast", curve: "snappy" },
          children: [
            {
              type: "toggle",
              id: "t",
              position: [0, 0],
              sync: [{ event: "broadcast", filter: { msg_type: "m" }, valuePath: "on" }],
              action: { event: "broadcast_request", payload: { msg_type: "set", on: "{{value}}" } },
              longPressGroup: { grid: { columns: 1, rows: 1 }, children: [popupChild] },
              visible: { when: "g2", operator: "eq", value: true },
            },
          ],
        },
        {
          type: "carousel",
          id: "c",
          position: [1, 0],
          panels: [{ type: "group", id: "p", grid: { columns: 1, rows: 1 }, children: [] }],
        },
        {
          type: "canvas",
          id: "cv",
          position: [2, 0],
          canvasConfig: {
            items: [{ id: "i", control: { type: "label", id: "on-canvas" } }],
            events: { place: { event: "broadcast_request" } },
          },
        },
      ],
    };
    const layout: Layout = {
      $schema: "./schema/layout.schema.json",
      name: "Typed",
      version: 1,
      tabs: [tab],
      connection: { url: "ws://h:8765", identity: { name: "n", channel: "home", canBroadcast: false } },
      sources: { api: { type: "http", baseURL: "https://x" } },
      state: { sync: true, acks: true },
      pollGroups: { slow: { event: "broadcast_request", interval: 10 } },
      dynamicTabs: [{ event: "extra" }],
      publishers: [{ sensor: "heading" }],
      alerts: [{ event: "broadcast", valuePath: "t", operator: "gt", value: 1, title: "t", body: "b" }],
      glance: { hero: "t", slots: ["t"] },
      appearance: { colorScheme: "dark" },
      theme: { cornerRadius: 8 },
    };
    // @ts-expect-error gaugeStyle is a string enum
    const badGauge: ControlOf<"gauge"> = { type: "gauge", id: "g", gaugeStyle: 5 };
    const badAlert: Layout["alerts"] = [
      // @ts-expect-error alert operators are a closed list
      { event: "e", valuePath: "v", operator: ">", value: 1, title: "t", body: "b" },
    ];
    const badNested: Tab["children"] = [
      {
        type: "carousel",
        id: "c",
        panels: [
          {
            type: "group",
            id: "p",
            // @ts-expect-error controls inside panels are typed too
            children: [{ type: "gauge", id: "g", gaugeStyle: 5 }],
          },
        ],
      },
    ];
    expect([layout.tabs[0].children?.length, badGauge.type, badAlert?.length, badNested?.length]).toEqual([
      3,
      "gauge",
      1,
      1,
    ]);
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
    const slider: ControlOf<"slider"> = {
      type: "slider",
      id: "s",
      sync: [{ event: "broadcast", valuePath: "level" }],
      visible: { when: "power", operator: "eq", value: true },
      defaultValue: 3,
      // @ts-expect-error common fields keep their types on every control
      haptic: 5,
    };
    // @ts-expect-error a control's own version of a common field wins: a toggle's defaultValue is a boolean
    const toggle: ControlOf<"toggle"> = { type: "toggle", id: "t", defaultValue: "on" };
    expect([slider.sync?.length, toggle.type]).toEqual([1, "toggle"]);
    const layout: Layout = { name: "x", version: 1, tabs: [{ title: "t", children: [gauge] }] };
    expect(layout.tabs[0].children?.[0].type).toBe("gauge");
  });
});
