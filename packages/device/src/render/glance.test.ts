import { describe, expect, it } from "vitest";
import type { LayoutDoc } from "../engine/layout.js";
import { planGlance } from "./glance.js";

const layout = (glance: unknown): LayoutDoc => ({
  name: "Garage",
  tabs: [
    {
      title: "Main",
      children: [
        { type: "gauge", id: "temp", position: [3, 1], span: [2, 2] },
        {
          type: "group",
          position: [0, 0],
          children: [
            { type: "toggle", id: "door", position: [0, 0] },
            { type: "label", id: "mode", position: [0, 1] },
          ],
        },
      ],
    },
  ],
  glance,
});

describe("planGlance", () => {
  it("places the hero full width, then slots and standalone controls two to a row", () => {
    const plan = planGlance(
      layout({
        title: "Garage at a glance",
        tint: "#00aa88",
        hero: "temp",
        slots: ["door", "nope", "temp", "mode"],
        controls: [{ type: "statusLight", id: "g-online", position: [9, 9] }],
      }),
    );
    expect(plan).toMatchObject({ title: "Garage at a glance", tint: "#00aa88", icon: null, rows: 4 });
    expect(plan!.children.map((c) => [c.id, c.position, c.span])).toEqual([
      ["temp", [0, 0], [2, 2]],
      ["door", [2, 0], [1, 1]],
      ["mode", [2, 1], [1, 1]],
      ["g-online", [3, 0], [1, 1]],
    ]);
  });

  it("is absent without a glance block, when disabled, or when it names nothing", () => {
    expect(planGlance(layout(undefined))).toBeNull();
    expect(planGlance(layout({ enabled: false, hero: "temp" }))).toBeNull();
    expect(planGlance(layout({ slots: ["nope"] }))).toBeNull();
    expect(planGlance(null)).toBeNull();
    expect(planGlance(layout({ slots: ["door"] }))?.title).toBe("Garage");
  });
});
