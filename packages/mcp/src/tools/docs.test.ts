import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateLayout } from "@carter/kit";
import { startRig, type TestRig } from "../test-support.js";

describe("docs tools", () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  it("lists every tool with an input and an output schema", async () => {
    const { tools } = await rig.client.listTools();
    expect(tools.length).toBeGreaterThan(20);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
  });

  it("lists controls, filters by category and documents one", async () => {
    const all = await rig.call<{ controls: { type: string }[] }>("list_controls");
    expect(all.controls).toHaveLength(43);
    const inputs = await rig.call<{ controls: { type: string; category: string }[] }>("list_controls", {
      category: "input",
    });
    expect(inputs.controls.every((c) => c.category === "input")).toBe(true);
    const gauge = await rig.call<{ type: string; fields: { name: string }[]; value: string }>(
      "get_control_doc",
      {
        type: "gauge",
      },
    );
    expect(gauge.value).toBe("number");
    expect(gauge.fields.map((f) => f.name)).toContain("min");
  });

  it("names the nearest type for an unknown one", async () => {
    expect(await rig.fail("get_control_doc", { type: "guage" })).toMatch(/type: .*gauge/);
    expect(await rig.fail("get_control_examples", { types: ["nope"] })).toMatch(/type:/);
  });

  it("gives examples, the schema and samples that validate", async () => {
    const { examples } = await rig.call<{ examples: { example: unknown }[] }>("get_control_examples");
    expect(examples).toHaveLength(43);
    const { schema } = await rig.call<{ schema: { $schema?: string } }>("get_layout_schema");
    expect(schema.$schema).toContain("json-schema");
    const { samples } = await rig.call<{ samples: { name: string }[] }>("list_sample_layouts");
    for (const { name } of samples) {
      const { layout } = await rig.call<{ layout: unknown }>("get_sample_layout", { name });
      expect(validateLayout(layout).errors, name).toEqual([]);
    }
    expect(await rig.fail("get_sample_layout", { name: "nope" })).toContain("no sample 'nope'");
  });

  it("rejects bad input with the field named", async () => {
    expect(await rig.fail("list_controls", { category: "weird" })).toMatch(/category/);
  });
});
