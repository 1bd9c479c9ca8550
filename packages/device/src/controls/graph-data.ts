/**
 * `graph` documents (`{nodes, edges}`) and their force layout. The layout runs to rest
 * synchronously (d3-force, deterministic start), seeding known nodes from their previous
 * positions so incremental updates don't reshuffle the picture.
 */
import {
  forceCenter,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
} from "d3-force";
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

export interface LayoutOptions {
  repulsionForce?: number;
  centerForce?: number;
  velocityDecay?: number;
  /** Node radius used for collision. */
  nodeRadius?: number;
}

interface SimNode extends SimulationNodeDatum {
  id: string;
}

/** Positions by node id, centred on the origin. */
export function layoutGraph(
  graph: Graph,
  options: LayoutOptions = {},
  previous?: ReadonlyMap<string, { x: number; y: number }>,
): Map<string, { x: number; y: number }> {
  const simNodes: SimNode[] = graph.nodes.map((n) => {
    const known = previous?.get(n.id);
    return known ? { id: n.id, x: known.x, y: known.y } : { id: n.id };
  });
  const links: SimulationLinkDatum<SimNode>[] = graph.edges.map((e) => ({ source: e.from, target: e.to }));
  const centre = Math.max(0.01, Math.min(1, (options.centerForce ?? 0.02) * 4));
  const simulation = forceSimulation(simNodes)
    .velocityDecay(Math.max(0.05, Math.min(0.95, options.velocityDecay ?? 0.6)))
    .force("charge", forceManyBody<SimNode>().strength(-Math.abs(options.repulsionForce ?? 100)))
    .force(
      "link",
      forceLink<SimNode, SimulationLinkDatum<SimNode>>(links)
        .id((d) => d.id)
        .distance(60),
    )
    .force("x", forceX<SimNode>(0).strength(centre))
    .force("y", forceY<SimNode>(0).strength(centre))
    .force("collide", forceCollide<SimNode>((options.nodeRadius ?? 8) + 6))
    .force("center", forceCenter(0, 0))
    .stop();
  const settled = previous && previous.size > 0 ? 120 : 300;
  simulation.tick(settled);
  return new Map(simNodes.map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
}
