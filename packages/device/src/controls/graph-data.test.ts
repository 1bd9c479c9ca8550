import { describe, expect, it } from "vitest";
import { forceParams, GraphPhysics, normalizeGraph } from "./graph-data.js";

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

describe("forceParams", () => {
  it("maps the doc's defaults onto d3-force and reads lower damping as more friction", () => {
    const defaults = forceParams();
    expect(defaults.charge).toBe(-100);
    expect(defaults.linkStrength).toBeCloseTo(0.5);
    expect(defaults.friction).toBeCloseTo(0.1);
    // velocityDecay 0.6 keeps d3's default cooling (alpha 1 → 0.001 in 300 ticks).
    expect(defaults.cooling).toBeCloseTo(1 - Math.pow(0.001, 1 / 300));
    expect(forceParams({ damping: 0.5 }).friction).toBeCloseTo(0.5);
    expect(forceParams({ attractionForce: 0.015 }).linkStrength).toBeCloseTo(0.75);
    expect(forceParams({ velocityDecay: 0.3 }).cooling).toBeGreaterThan(defaults.cooling);
    expect(forceParams({ attractionForce: 9, damping: 3, velocityDecay: Number.NaN }).linkStrength).toBe(1);
  });
});

describe("GraphPhysics", () => {
  const star = normalizeGraph({
    nodes: [{ id: "hub" }, { id: "a" }, { id: "b" }, { id: "c" }],
    edges: [
      { from: "hub", to: "a" },
      { from: "hub", to: "b" },
      { from: "hub", to: "c" },
    ],
  });
  const at = (physics: GraphPhysics, id: string) => physics.position(id)!;
  const settle = (physics: GraphPhysics) => {
    let ticks = 0;
    while (physics.step()) ticks++;
    return ticks;
  };

  it("opens a small graph at rest, every node at its own finite spot", () => {
    const physics = new GraphPhysics();
    expect(physics.update(star)).toBe(true);
    expect(physics.running).toBe(false);
    expect(physics.step()).toBe(false);
    const spots = new Set(
      ["hub", "a", "b", "c"].map((id) => `${Math.round(at(physics, id).x)},${Math.round(at(physics, id).y)}`),
    );
    expect(spots.size).toBe(4);
    expect(physics.position("nope")).toBeUndefined();
  });

  it("pulls linked nodes closer under a stronger attraction", () => {
    const spreadOf = (attractionForce: number) => {
      const physics = new GraphPhysics({ attractionForce, repulsionForce: 200 });
      physics.update(star);
      return Math.hypot(at(physics, "a").x - at(physics, "hub").x, at(physics, "a").y - at(physics, "hub").y);
    };
    expect(spreadOf(0.02)).toBeLessThan(spreadOf(0.002));
  });

  it("cools sooner with a lower velocityDecay, and travels less with more friction (lower damping)", () => {
    const grown = normalizeGraph({
      nodes: [...star.nodes, { id: "d" }],
      edges: [...star.edges, { from: "a", to: "d" }],
    });
    const reheated = (options: ConstructorParameters<typeof GraphPhysics>[0]) => {
      const physics = new GraphPhysics(options, () => 0.5);
      physics.update(star);
      physics.update(grown);
      return physics;
    };
    expect(settle(reheated({ velocityDecay: 0.3 }))).toBeLessThan(settle(reheated({ velocityDecay: 0.6 })));
    const travel = (damping: number) => {
      const physics = reheated({ damping });
      let path = 0;
      for (let i = 0; i < 30; i++) {
        const from = at(physics, "d");
        physics.step();
        path += Math.hypot(at(physics, "d").x - from.x, at(physics, "d").y - from.y);
      }
      return path;
    };
    expect(travel(0.3)).toBeLessThan(travel(0.9));
  });

  it("updates incrementally: known nodes stay put, a new node enters by its neighbour, and only topology reheats", () => {
    let seed = 0.3;
    const physics = new GraphPhysics({}, () => (seed = (seed * 9301 + 0.49297) % 1));
    physics.update(star);
    const hub = at(physics, "hub");
    const a = at(physics, "a");
    const grown = normalizeGraph({
      nodes: [...star.nodes, { id: "d" }],
      edges: [...star.edges, { from: "a", to: "d" }],
    });
    expect(physics.update(grown)).toBe(true);
    expect(physics.running).toBe(true);
    const entered = at(physics, "d");
    expect(Math.hypot(entered.x - a.x, entered.y - a.y)).toBeLessThanOrEqual(50);
    expect(at(physics, "hub")).toEqual(hub);
    settle(physics);
    expect(physics.running).toBe(false);
    expect(Math.hypot(at(physics, "hub").x - hub.x, at(physics, "hub").y - hub.y)).toBeLessThan(60);
    const relabelled = normalizeGraph({
      nodes: grown.nodes.map((n) => ({ ...n, label: "x" })),
      edges: grown.edges,
    });
    expect(physics.update(relabelled)).toBe(false);
    expect(physics.running).toBe(false);
  });

  it("holds a pinned node where it is dragged, keeps running while held and cools after release", () => {
    const physics = new GraphPhysics();
    physics.update(star);
    physics.pin("a", 300, -40);
    for (let i = 0; i < 400; i++) expect(physics.step()).toBe(true);
    expect(at(physics, "a")).toEqual({ x: 300, y: -40 });
    // The hub is dragged along towards the held node.
    expect(at(physics, "hub").x).toBeGreaterThan(20);
    physics.release("a");
    settle(physics);
    expect(physics.running).toBe(false);
    expect(at(physics, "a").x).toBeLessThan(300);
  });
});
