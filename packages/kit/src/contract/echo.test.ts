import { describe, expect, it } from "vitest";
import { asRenderedSummary, compareEcho } from "./echo.js";

const layout = {
  name: "L",
  tabs: [
    {
      title: "Main",
      children: [
        { type: "gauge", id: "g", position: [0, 0], span: [2, 2] },
        {
          type: "group",
          id: "grp",
          position: [2, 0],
          grid: { columns: 1, rows: 1 },
          children: [{ type: "label", id: "in", position: [0, 0] }],
        },
        { type: "toggle", id: "t", position: [0, 2] },
      ],
    },
  ],
};

describe("compareEcho", () => {
  it("matches an echo that rendered every control where the document puts it", () => {
    const rendered = {
      name: "L",
      tabs: [
        {
          title: "Main",
          controls: [
            { id: "g", type: "gauge", position: [0, 0], span: [2, 2] },
            { id: "in", type: "label", position: [0, 0], span: [1, 1] },
            { id: "t", type: "toggle", position: [0, 2], span: [1, 1] },
          ],
        },
      ],
    };
    expect(compareEcho(layout, rendered)).toMatchObject({
      matches: true,
      documentCount: 3,
      renderedCount: 3,
    });
  });

  it("lists dropped, unexpected and differing controls", () => {
    const rendered = {
      name: "L",
      tabs: [
        {
          title: "Main",
          controls: [
            { id: "g", type: "gauge", position: [0, 0], span: [1, 1] },
            { id: "extra", type: "label", position: [3, 3], span: [1, 1] },
          ],
        },
      ],
    };
    const result = compareEcho(layout, rendered);
    expect(result.matches).toBe(false);
    expect(result.dropped.map((d) => d.id)).toEqual(["in", "t"]);
    expect(result.unexpected).toEqual([{ id: "extra", type: "label", tab: "Main" }]);
    expect(result.differing).toEqual([{ id: "g", field: "span", document: [2, 2], rendered: [1, 1] }]);
  });

  it("reads summaries only from objects with tabs", () => {
    expect(asRenderedSummary(null)).toBeNull();
    expect(asRenderedSummary({ name: "x" })).toBeNull();
  });
});
