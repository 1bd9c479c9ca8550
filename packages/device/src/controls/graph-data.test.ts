import { describe, expect, it } from "vitest";
import { layoutGraph, normalizeGraph } from "./graph-data.js";

describe("normalizeGraph", () => {
  it("keeps valid nodes and edges between known nodes", () => {
    const graph = normalizeGraph({
      nodes: [{ id: "a", label: "Alpha", size: 2 }, { id: "b" }, { id: "a" }, { label: "no id" }],
      edges: [
        { from: "a", to: "b" },
        { from: "a", to: "zz" },
        { from: "b", to: "b" },
      ],
    });
    expect(graph.nodes.map((n) => [n.id, n.label, n.size])).toEqual([
      ["a", "Alpha", 2],
      ["b", "b", 1],
    ]);
    expect(graph.edges).toHaveLength(1);
  });

  it("reads JSON text and rejects non-objects", () => {
    expect(normalizeGraph('{"nodes":[{"id":1}]}').nodes[0].id).toBe("1");
    expect(normalizeGraph([1, 2])).toEqual({ nodes: [], edges: [] });
  });
});

describe("layoutGraph", () => {
  const graph = normalizeGraph({
    nodes: [{ id: "hub" }, { id: "a" }, { id: "b" }, { id: "c" }],
    edges: [
      { from: "hub", to: "a" },
      { from: "hub", to: "b" },
      { from: "hub", to: "c" },
    ],
  });

  it("places every node at a distinct finite position", () => {
    const positions = layoutGraph(graph);
    expect(positions.size).toBe(4);
    const keys = new Set([...positions.values()].map((p) => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(keys.size).toBe(4);
    for (const p of positions.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it("is deterministic and keeps known nodes near their previous spot", () => {
    const first = layoutGraph(graph);
    expect(layoutGraph(graph)).toEqual(first);
    const grown = normalizeGraph({
      nodes: [...graph.nodes, { id: "d" }],
      edges: [...graph.edges, { from: "a", to: "d" }],
    });
    const next = layoutGraph(grown, {}, first);
    const moved = Math.hypot(
      next.get("hub")!.x - first.get("hub")!.x,
      next.get("hub")!.y - first.get("hub")!.y,
    );
    expect(moved).toBeLessThan(60);
  });
});
