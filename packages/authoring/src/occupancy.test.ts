import { describe, expect, it } from "vitest";
import { createDocument } from "./document.js";
import home from "./fixtures/home.layout.json" with { type: "json" };

describe("occupancy", () => {
  it("maps every cell of a tab to the child covering it", () => {
    const map = createDocument(home).occupancy();
    expect(map).toMatchObject({
      owner: "/tabs/0",
      columns: 4,
      rows: 6,
      mode: "grid",
      free: 7,
      conflicts: [],
    });
    expect(map.cells).toEqual([
      ["cpu", "cpu", "lamp", null],
      ["cpu", "cpu", null, null],
      ["net", "net", "net", "net"],
      ["net", "net", "net", "net"],
      ["rooms", "rooms", null, null],
      ["rooms", "rooms", null, null],
    ]);
    expect(map.items[2]).toEqual({
      id: "net",
      type: "group",
      pointer: "/tabs/0/children/2",
      position: [2, 0],
      span: [2, 4],
      symbol: "C",
    });
  });

  it("draws the map as text with a legend", () => {
    expect(createDocument(home).occupancyText("Main/net")).toBe(
      [
        'group "net" (/tabs/0/children/2): 4 columns x 2 rows, 2 children, 3 free cells',
        "   0 1 2 3",
        "0  A . B B",
        "1  . . B B",
        "A rx (label) at [0, 0] span [1, 1]",
        "B wifi (group) at [0, 2] span [2, 2]",
      ].join("\n"),
    );
  });

  it("reports overlaps and children outside the grid", () => {
    const broken = structuredClone(home);
    broken.tabs[0].children[1].position = [0, 1];
    broken.tabs[0].children[3].position = [5, 0];
    const doc = createDocument(broken);
    expect(doc.occupancy().conflicts).toEqual([
      { id: "lamp", message: 'overlaps "cpu" at cell [0, 1]' },
      { id: "rooms", message: "at [5, 0] with span [2, 2] leaves the 4x6 grid" },
    ]);
    expect(doc.occupancyText()).toContain('! lamp overlaps "cpu" at cell [0, 1]');
  });

  it("shows a flow grid as one line per band", () => {
    const doc = createDocument();
    doc.apply({ op: "updateTab", tab: 0, set: { grid: { columns: 2, rows: 1, mode: "flow" } } });
    doc.apply({ op: "addControl", control: { type: "label", id: "a" }, span: [1, 1] });
    doc.apply({ op: "addControl", control: { type: "label", id: "b" }, span: [1, 2] });
    const map = doc.occupancy();
    expect(map.cells).toEqual([
      ["a", null],
      ["b", "b"],
    ]);
    expect(map.items.map((i) => i.position)).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});

describe("newId", () => {
  it("never returns an id used anywhere in the layout", () => {
    const doc = createDocument(home);
    expect(doc.newId("label")).toBe("label-1");
    doc.apply({ op: "addControl", parent: { popup: "lamp" }, control: { type: "label", id: "label-1" } });
    expect(doc.newId("label")).toBe("label-2");
    expect(doc.newId("kitchen-3")).toBe("kitchen-1");
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++)
      ids.add(
        doc.apply({ op: "addControl", parent: { tab: 1 }, control: { type: "label" }, span: [1, 1] })
          .id as string,
      );
    expect(ids.size).toBe(5);
  });
});
