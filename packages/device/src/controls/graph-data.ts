/**
 * `graph` documents (`{nodes, edges}`) and their live force simulation (d3-force, ticked by the
 * caller one frame at a time). Updates are incremental: known nodes keep their place and speed,
 * new ones enter near a neighbour, and the simulation reports when it has come to rest so the
 * caller stops its frame loop.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import type { SimulationLinkDatum, SimulationNodeDatum } from "d3-force";
import { toNumber } from "./format.js";
import { isRecord, parseDocument } from "./document.js";

export interface GraphNode {
  id: string;
  label: string;
  color?: string;
  /** Size multiplier (1 = `nodeSize`). */
  size: number;
  group?: string;
  icon?: string;
  onTap?: Record<string, unknown>;
}

export interface GraphEdge {
  from: string;
  to: string;
  color?: string;
  width?: number;
  label?: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const text = (v: unknown) => (typeof v === "string" ? v : undefined);

export function normalizeGraph(document: unknown): Graph {
  const doc = parseDocument(document);
  if (!isRecord(doc)) return { nodes: [], edges: [] };
  const seen = new Set<string>();
  const nodes: GraphNode[] = [];
  for (const raw of Array.isArray(doc.nodes) ? doc.nodes : []) {
    if (!isRecord(raw) || (typeof raw.id !== "string" && typeof raw.id !== "number")) continue;
    const id = String(raw.id);
    if (seen.has(id)) continue;
    seen.add(id);
    nodes.push({
      id,
      label: text(raw.label) ?? id,
      color: text(raw.color),
      size: Math.max(0.2, Math.min(6, toNumber(raw.size) ?? 1)),
      group: text(raw.group),
      icon: text(raw.icon),
      onTap: isRecord(raw.onTap) ? raw.onTap : undefined,
    });
  }
  const edges: GraphEdge[] = [];
  for (const raw of Array.isArray(doc.edges) ? doc.edges : []) {
    if (!isRecord(raw)) continue;
    const from = String(raw.from);
    const to = String(raw.to);
    if (!seen.has(from) || !seen.has(to) || from === to) continue;
    edges.push({ from, to, color: text(raw.color), width: toNumber(raw.width), label: text(raw.label) });
  }
  return { nodes, edges };
}

/** The doc's physics fields (graphConfig). */
export interface PhysicsOptions {
  /** How strongly nodes push apart (default 100). */
  repulsionForce?: number;
  /** How strongly connected nodes pull together (default 0.01). */
  attractionForce?: number;
  /** How strongly nodes are pulled toward the centre (default 0.02). */
  centerForce?: number;
  /** Velocity kept per tick, 0..1: lower means more friction (default 0.9). */
  damping?: number;
  /** How long the simulation keeps its energy, 0..1: lower settles sooner (default 0.6). */
  velocityDecay?: number;
  /** Base node radius (collision). */
  nodeRadius?: number;
}

/** d3-force parameters for the doc's fields. */
export interface ForceParams {
  charge: number;
  linkStrength: number;
  linkDistance: number;
  centre: number;
  /** d3's velocityDecay: the fraction of speed lost per tick (friction). */
  friction: number;
  /** d3's alphaDecay: how fast the simulation cools. */
  cooling: number;
  collide: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const finite = (n: number | undefined, fallback: number) =>
  n !== undefined && Number.isFinite(n) ? n : fallback;

/**
 * Maps the doc's fields onto d3-force: `attractionForce` is the link spring (0.01 → d3's 0.5),
 * `damping` the speed kept per tick (friction = 1 − damping), `velocityDecay` how long the
 * simulation stays warm (0.6 → d3's default 300 ticks; lower settles sooner).
 */
export function forceParams(options: PhysicsOptions = {}): ForceParams {
  const radius = Math.max(2, finite(options.nodeRadius, 8));
  const ticks = (300 * clamp(finite(options.velocityDecay, 0.6), 0.05, 1)) / 0.6;
  return {
    charge: -Math.abs(finite(options.repulsionForce, 100)),
    linkStrength: clamp(finite(options.attractionForce, 0.01) * 50, 0.01, 1),
    linkDistance: 40 + radius * 2.5,
    centre: clamp(finite(options.centerForce, 0.02) * 4, 0.005, 1),
    friction: clamp(1 - finite(options.damping, 0.9), 0.05, 0.95),
    cooling: 1 - Math.pow(0.001, 1 / ticks),
    collide: radius + 6,
  };
}

export interface SimNode extends SimulationNodeDatum {
  id: string;
}

/** Ticks an initial layout may run synchronously: small graphs open at rest, big ones animate in. */
const WARM_BUDGET = 30_000;
/** Reheat on a topology change (d3 starts at 1). */
const REHEAT = 0.5;
/** While a node is dragged the simulation stays this warm. */
const DRAG_HEAT = 0.3;

/**
 * The live simulation behind a `graph` control. Call `update` with each document, `step` once per
 * frame while `running`, and `pin`/`release` around a node drag.
 */
export class GraphPhysics {
  private readonly simulation = forceSimulation<SimNode>([]).stop();
  private readonly link = forceLink<SimNode, SimulationLinkDatum<SimNode>>([]).id((d) => d.id);
  private readonly byId = new Map<string, SimNode>();
  private topology = "";

  constructor(
    options: PhysicsOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.simulation.force("link", this.link);
    this.configure(options);
  }

  /** Applies the physics fields (the next steps use them; the simulation is not reheated). */
  configure(options: PhysicsOptions): void {
    const p = forceParams(options);
    this.simulation
      .velocityDecay(p.friction)
      .alphaDecay(p.cooling)
      .force("charge", forceManyBody<SimNode>().strength(p.charge))
      .force("x", forceX<SimNode>(0).strength(p.centre))
      .force("y", forceY<SimNode>(0).strength(p.centre))
      .force("collide", forceCollide<SimNode>(p.collide));
    this.link.strength(p.linkStrength).distance(p.linkDistance);
  }

  /**
   * Takes a new document. Returns true when the topology changed (and the simulation was
   * reheated). Nodes arriving on an empty graph are warmed up synchronously within a tick budget.
   */
  update(graph: Graph): boolean {
    const key = JSON.stringify([graph.nodes.map((n) => n.id), graph.edges.map((e) => [e.from, e.to])]);
    if (key === this.topology) return false;
    // With no node on screen yet, the new ones open at rest instead of flying in.
    const first = this.byId.size === 0;
    this.topology = key;
    const neighbours = new Map<string, string[]>();
    for (const e of graph.edges) {
      neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
      neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
    }
    const nodes = graph.nodes.map((n) => {
      const known = this.byId.get(n.id);
      if (known) return known;
      const node: SimNode = { id: n.id };
      if (!first) {
        // New nodes enter from a random spot near a known neighbour (or near the centre).
        const anchor = (neighbours.get(n.id) ?? []).map((id) => this.byId.get(id)).find(Boolean);
        const angle = this.random() * Math.PI * 2;
        const distance = 20 + this.random() * 30;
        node.x = (anchor?.x ?? 0) + Math.cos(angle) * distance;
        node.y = (anchor?.y ?? 0) + Math.sin(angle) * distance;
      }
      return node;
    });
    this.byId.clear();
    for (const node of nodes) this.byId.set(node.id, node);
    this.simulation.nodes(nodes);
    this.link.links(graph.edges.map((e) => ({ source: e.from, target: e.to })));
    this.simulation.alpha(Math.max(this.simulation.alpha(), first ? 1 : REHEAT));
    if (first) {
      const ticks = Math.floor(WARM_BUDGET / Math.max(1, nodes.length));
      for (let i = 0; i < ticks && this.running; i++) this.simulation.tick();
    }
    return true;
  }

  /** True until the simulation has cooled below d3's alphaMin (and no drag holds it warm). */
  get running(): boolean {
    return this.simulation.alpha() >= this.simulation.alphaMin();
  }

  /** One tick; returns whether the simulation is still running afterwards. */
  step(): boolean {
    if (!this.running) return false;
    this.simulation.tick();
    return this.running;
  }

  /** The node's position (origin-centred), or undefined for an unknown id. */
  position(id: string): { x: number; y: number } | undefined {
    const node = this.byId.get(id);
    return node ? { x: node.fx ?? node.x ?? 0, y: node.fy ?? node.y ?? 0 } : undefined;
  }

  /** Holds a node at a point (a drag) and keeps the simulation warm around it. */
  pin(id: string, x: number, y: number): void {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = x;
    node.fy = y;
    this.simulation.alphaTarget(DRAG_HEAT);
    if (this.simulation.alpha() < DRAG_HEAT) this.simulation.alpha(DRAG_HEAT);
  }

  /** Lets a dragged node rejoin the simulation, which then cools down to rest. */
  release(id: string): void {
    const node = this.byId.get(id);
    if (node) {
      node.fx = undefined;
      node.fy = undefined;
    }
    this.simulation.alphaTarget(0);
  }

  /** The box around every node's centre, or undefined when there are none. */
  bounds(): { minX: number; minY: number; maxX: number; maxY: number } | undefined {
    if (this.byId.size === 0) return undefined;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const { x = 0, y = 0 } of this.byId.values()) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    return { minX, minY, maxX, maxY };
  }
}
