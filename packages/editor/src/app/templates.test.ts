import { listControls, validateLayout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import { TEMPLATES, template } from "./templates.js";

describe("templates", () => {
  it("offers the six sample layouts, every catalog example and one with them all", () => {
    expect(TEMPLATES.filter((t) => t.group === "Sample layouts")).toHaveLength(6);
    expect(TEMPLATES.filter((t) => t.group === "Catalog")).toHaveLength(listControls().length + 1);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
  });

  it("builds layouts the kit validates without errors", () => {
    for (const each of TEMPLATES)
      expect([each.id, validateLayout(each.build()).errors]).toEqual([each.id, []]);
  });

  it("puts every control type on the catalog layout, a tab per category, grids fitted to them", () => {
    const layout = template("catalog").build();
    expect(layout.tabs.map((t) => t.title)).toEqual(["Input", "Display", "Container", "Layout"]);
    const types = new Set(layout.tabs.flatMap((t) => (t.children ?? []).map((c) => c.type)));
    for (const { type } of listControls()) expect(types).toContain(type);
    expect(layout.tabs[0].grid?.rows).toBeLessThan(layout.tabs[0].children!.length * 4);
  });

  it("names an unknown template", () => {
    expect(() => template("nope")).toThrow('template: no template "nope"');
  });
});
