import { describe, expect, it } from "vitest";
import {
  actionField,
  anchorOf,
  anchorsOf,
  childPath,
  controlFields,
  groupFields,
  unknownKeys,
} from "./fields.js";

const byName = (type: string) => new Map(controlFields(type).map((f) => [f.name, f]));

describe("the inspector's field model from the kit's schema", () => {
  it("gives every field of a type with the right input, documented fields first", () => {
    const gauge = byName("gauge");
    expect(controlFields("gauge")[0].name).toBe("min");
    expect(gauge.get("min")).toMatchObject({ kind: "number", required: true });
    expect(gauge.get("gaugeStyle")).toMatchObject({
      kind: "enum",
      choices: ["half", "full"],
      default: "half",
    });
    expect(gauge.get("tint")).toMatchObject({ kind: "color", default: "#667eea" });
    expect(gauge.get("hideValue")).toMatchObject({ kind: "bool" });
    expect(gauge.get("sync")?.kind).toBe("sync");
    expect(gauge.get("action")?.kind).toBe("action");
    expect(gauge.has("id") || gauge.has("position") || gauge.has("span") || gauge.has("type")).toBe(false);
  });

  it("nests objects and lists, with item shapes and colours from the catalog", () => {
    expect(byName("gauge").get("segments")).toMatchObject({
      kind: "list",
      item: {
        kind: "object",
        fields: [
          { name: "limit", kind: "number" },
          { name: "color", kind: "color" },
        ],
      },
    });
    const config = byName("chart").get("chartConfig");
    expect(config?.kind).toBe("object");
    const inner = new Map(config?.fields?.map((f) => [f.name, f]));
    expect(inner.get("positiveColor")?.kind).toBe("color");
    expect(inner.get("colors")).toMatchObject({ kind: "list", item: { kind: "color" } });
    expect(inner.get("datumAction")?.kind).toBe("action");
    expect(byName("label").get("visible")).toMatchObject({
      kind: "object",
      fields: [
        { name: "when", kind: "text", required: true },
        { name: "operator", kind: "enum" },
        { name: "value" },
      ],
    });
  });

  it("offers an action's relay verbs as its event and a group its own fields", () => {
    const event = actionField().fields?.find((f) => f.name === "event");
    expect(event?.choices).toContain("broadcast_request");
    expect(event?.choices).toContain("route_msg");
    const group = new Map(groupFields().map((f) => [f.name, f]));
    expect(group.get("label")?.kind).toBe("text");
    expect(group.get("tint")?.kind).toBe("color");
    expect(group.has("children")).toBe(false);
  });

  it("is empty for an unknown type and names the keys no field covers", () => {
    expect(controlFields("gaug")).toEqual([]);
    expect(unknownKeys({ id: "a", type: "gauge", min: 0, mystery: 1 }, controlFields("gauge"))).toEqual([
      "mystery",
    ]);
  });

  it("anchors a finding at the deepest field drawn for its path", () => {
    const sync = byName("label").get("sync");
    if (!sync) throw new Error("no sync field");
    const root = "$.tabs[0].children[1]";
    const anchors = anchorsOf(sync, [{ event: "broadcast", valuePath: "x" }], childPath(root, "sync"));
    expect(anchors).toContain(`${root}.sync[0].valuePath`);
    expect(anchorOf(`${root}.sync[0].valuePath`, anchors)).toBe(`${root}.sync[0].valuePath`);
    expect(anchorOf(`${root}.sync[0].filter.msg_type`, anchors)).toBe(`${root}.sync[0].filter`);
    expect(anchorOf(`${root}.sync[3]`, anchors)).toBe(`${root}.sync`);
    expect(anchorOf("$.tabs[0].grid", anchors)).toBeNull();
    expect(childPath("$.a", "b c")).toBe('$.a["b c"]');
  });
});
