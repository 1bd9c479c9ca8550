import { describe, expect, it } from "vitest";
import { readSpan, walkLayout, walkTab, type WalkInfo } from "./walk.js";

const button = (id: string, extra = {}) => ({ type: "button", id, position: [0, 0], ...extra });

const layout = {
  name: "Walk",
  version: 1,
  tabs: [
    {
      title: "A",
      children: [
        button("b1", {
          longPressGroup: { id: "pop", grid: { columns: 1, rows: 1 }, children: [button("in-pop")] },
        }),
        {
          type: "group",
          id: "g",
          position: [1, 0],
          grid: { columns: 2, rows: 2, mode: "flow" },
          children: [
            {
              type: "accordion",
              id: "acc",
              position: [0, 0],
              panels: [
                { type: "group", id: "panel", grid: { columns: 1, rows: 3 }, children: [button("in-panel")] },
              ],
            },
          ],
        },
      ],
    },
    {
      title: "B",
      grid: { columns: 3, rows: 3 },
      children: [
        {
          type: "canvas",
          id: "cv",
          position: [0, 0],
          canvasConfig: { items: [{ id: "i", control: button("on-canvas") }] },
        },
      ],
    },
  ],
};

describe("walkLayout", () => {
  it("visits every control and group through every nesting point, with path, grid and nesting", () => {
    const seen: [string, Partial<WalkInfo>][] = [];
    walkLayout(layout, (node, info) =>
      seen.push([
        String(node.id),
        { kind: info.kind, path: info.path, nesting: info.nesting, grid: info.grid, tabIndex: info.tabIndex },
      ]),
    );
    const defaultGrid = { columns: 4, rows: 8, mode: "grid", declared: false };
    expect(seen).toEqual([
      [
        "b1",
        { kind: "control", path: "$.tabs[0].children[0]", nesting: "tab", grid: defaultGrid, tabIndex: 0 },
      ],
      [
        "pop",
        {
          kind: "group",
          path: "$.tabs[0].children[0].longPressGroup",
          nesting: "popup",
          grid: null,
          tabIndex: 0,
        },
      ],
      [
        "in-pop",
        {
          kind: "control",
          path: "$.tabs[0].children[0].longPressGroup.children[0]",
          nesting: "group",
          grid: { columns: 1, rows: 1, mode: "grid", declared: true },
          tabIndex: 0,
        },
      ],
      ["g", { kind: "group", path: "$.tabs[0].children[1]", nesting: "tab", grid: defaultGrid, tabIndex: 0 }],
      [
        "acc",
        {
          kind: "control",
          path: "$.tabs[0].children[1].children[0]",
          nesting: "group",
          grid: { columns: 2, rows: 2, mode: "flow", declared: true },
          tabIndex: 0,
        },
      ],
      [
        "panel",
        {
          kind: "group",
          path: "$.tabs[0].children[1].children[0].panels[0]",
          nesting: "panel",
          grid: null,
          tabIndex: 0,
        },
      ],
      [
        "in-panel",
        {
          kind: "control",
          path: "$.tabs[0].children[1].children[0].panels[0].children[0]",
          nesting: "group",
          grid: { columns: 1, rows: 3, mode: "grid", declared: true },
          tabIndex: 0,
        },
      ],
      [
        "cv",
        {
          kind: "control",
          path: "$.tabs[1].children[0]",
          nesting: "tab",
          grid: { columns: 3, rows: 3, mode: "grid", declared: true },
          tabIndex: 1,
        },
      ],
      [
        "on-canvas",
        {
          kind: "control",
          path: "$.tabs[1].children[0].canvasConfig.items[0].control",
          nesting: "canvas",
          grid: null,
          tabIndex: 1,
        },
      ],
    ]);
  });

  it("passes the enclosing node as parent", () => {
    const parents: Record<string, unknown> = {};
    walkLayout(layout, (node, info) => (parents[String(node.id)] = info.parent?.id ?? null));
    expect(parents).toMatchObject({
      b1: null,
      pop: "b1",
      "in-pop": "pop",
      acc: "g",
      panel: "acc",
      "in-panel": "panel",
      "on-canvas": "cv",
    });
  });

  it("reports malformed containers and skips non-objects", () => {
    const problems: string[] = [];
    const visited: string[] = [];
    walkLayout(
      {
        tabs: [
          {
            children: [
              1,
              { type: "carousel", id: "c", panels: "x" },
              { type: "group", id: "g", children: {} },
            ],
          },
          "not a tab",
        ],
      },
      (node) => visited.push(String(node.id)),
      { onMalformed: (path) => problems.push(path) },
    );
    expect(visited).toEqual(["c", "g"]);
    expect(problems).toEqual([
      "$.tabs[0].children[0]",
      "$.tabs[0].children[1].panels",
      "$.tabs[0].children[2].children",
    ]);
  });

  it("ignores input that is not a layout", () => {
    const visited: unknown[] = [];
    walkLayout(null, (n) => visited.push(n));
    walkLayout({ tabs: "x" }, (n) => visited.push(n));
    expect(visited).toEqual([]);
  });
});

describe("walkTab and childrenOf", () => {
  const tab = {
    title: "t",
    children: [
      { type: "group", id: "live", dynamic: "feed", children: [{ type: "label", id: "declared" }] },
      {
        type: "carousel",
        id: "c",
        panels: [{ id: "p", children: [{ type: "label", id: "in-panel" }] }],
      },
    ],
  };

  it("walks one tab with paths under its index", () => {
    const seen: string[] = [];
    walkTab(tab, 3, (node, info) => seen.push(`${String(node.id)} ${info.path} ${info.nesting}`));
    expect(seen).toEqual([
      "live $.tabs[3].children[0] tab",
      "declared $.tabs[3].children[0].children[0] group",
      "c $.tabs[3].children[1] tab",
      "p $.tabs[3].children[1].panels[0] panel",
      "in-panel $.tabs[3].children[1].panels[0].children[0] group",
    ]);
  });

  it("descends into the children childrenOf gives for each group, panel and popup", () => {
    const live = [{ type: "gauge", id: "pushed" }];
    const seen: string[] = [];
    walkTab(tab, 0, (node) => seen.push(String(node.id)), {
      childrenOf: (group) => (group.id === "live" ? live : group.children),
    });
    expect(seen).toEqual(["live", "pushed", "c", "p", "in-panel"]);
  });
});

describe("readSpan", () => {
  it("reads [rows, columns], flooring parts and clamping them to at least 1", () => {
    expect(readSpan([2, 3])).toEqual([2, 3]);
    expect(readSpan([2.9, 0])).toEqual([2, 1]);
    expect(readSpan([-4, 0.5])).toEqual([1, 1]);
  });

  it("reads a missing or malformed span as [1, 1]", () => {
    for (const span of [undefined, null, "2x2", [2], [1, 2, 3], {}]) expect(readSpan(span)).toEqual([1, 1]);
    expect(readSpan(["2", Number.NaN])).toEqual([1, 1]);
  });
});
