import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { ContentSheet, useContentSheet } from "./content-sheet.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { isRecord } from "./document.js";
import { GraphPhysics, normalizeGraph } from "./graph-data.js";
import type { GraphNode, PhysicsOptions } from "./graph-data.js";
import {
  edgeLabelAt,
  edgePath,
  pinchView,
  toContent,
  zoomAbout,
  zoomLimits,
  type View,
} from "./graph-view.js";
import type { Point } from "./geometry.js";
import { Icon } from "./icons.js";
import { lookupMap } from "./maps.js";
import type { ControlProps } from "./types.js";
import { useSize } from "./use-size.js";

type Gesture =
  | { kind: "node"; id: string; start: Point; moved: boolean }
  | { kind: "pan"; start: Point; from: View; moved: boolean }
  | { kind: "pinch"; from: View; start: { mid: Point; spread: number } };

/** A press that moves less than this (px) is a tap. */
const TAP_SLOP = 4;

/**
 * A live force-directed graph (d3-force, one tick per frame until it comes to rest). Nodes can be
 * dragged (pinned while held), the canvas panned and zoomed (wheel or pinch, within `zoomRange`).
 * A node tap sends its `onTap` content request and shows the markdown reply in a sheet, fires its
 * `onTap` action, or else fires `graphConfig.nodeAction` with the node id. Dragging emits nothing.
 */
export function Graph({ def, ctx }: ControlProps) {
  const cfg = config(def, "graphConfig");
  const doc = ctx.value.value ?? def.defaultValue;
  const graph = useMemo(() => normalizeGraph(doc), [doc]);
  const nodeSize = Math.max(2, num(cfg.nodeSize, 8));
  const physicsOptions: PhysicsOptions = {
    repulsionForce: num(cfg.repulsionForce, 100),
    attractionForce: num(cfg.attractionForce, 0.01),
    centerForce: num(cfg.centerForce, 0.02),
    damping: num(cfg.damping, 0.9),
    velocityDecay: num(cfg.velocityDecay, 0.6),
    nodeRadius: nodeSize,
  };
  const physicsRef = useRef<GraphPhysics | null>(null);
  physicsRef.current ??= new GraphPhysics(physicsOptions);
  const physics = physicsRef.current;
  const optionsKey = JSON.stringify(physicsOptions);
  useMemo(() => physics.configure(physicsOptions), [optionsKey]);
  useMemo(() => physics.update(graph), [graph]);

  const [, setFrame] = useState(0);
  const frame = useRef(0);
  /** Runs the simulation one tick per animation frame until it comes to rest. */
  const kick = () => {
    if (frame.current || !physics.running) return;
    const loop = () => {
      const moving = physics.step();
      setFrame((n) => n + 1);
      frame.current = moving ? requestAnimationFrame(loop) : 0;
    };
    frame.current = requestAnimationFrame(loop);
  };
  useEffect(kick, [graph, optionsKey]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const stage = useRef<HTMLDivElement>(null);
  const size = useSize(stage);
  const limits = zoomLimits(cfg.zoomRange);
  const [view, setView] = useState<View>({ k: 1, x: 0, y: 0 });
  const fitted = useRef(false);
  // Once there is something to show, zoom out (within zoomRange) until it fits the view.
  useLayoutEffect(() => {
    const box = physics.bounds();
    if (fitted.current || !box || size.width === 0 || size.height === 0) return;
    fitted.current = true;
    const pad = nodeSize * 2 + 24;
    const fit = Math.min(
      size.width / (box.maxX - box.minX + pad * 2),
      size.height / (box.maxY - box.minY + pad * 2),
    );
    const k = Math.min(limits[1], Math.max(limits[0], Math.min(1, fit)));
    setView({ k, x: (-(box.minX + box.maxX) / 2) * k, y: (-(box.minY + box.maxY) / 2) * k });
  }, [graph, size.width, size.height]);

  const sheet = useContentSheet();
  const [selected, setSelected] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<Gesture | null>(null);
  const interactive = bool(cfg.interactive, true);
  const draggable = bool(cfg.draggable, true);

  const tint = cssColor(def.tint, "#667EEA");
  const colourOf = (node: GraphNode) =>
    cssColor(
      node.color ??
        (node.group ? lookupMap<string>(cfg.groupColors, node.group) : undefined) ??
        cfg.nodeColor,
      tint,
    );
  const glow = bool(cfg.glowEnabled, true);
  const glowColor = cssColor(cfg.glowColor, "#667EEA");
  const glowRadius = Math.max(0, num(cfg.glowRadius, 6));
  const highlight = cfg.nodeHighlightColor === undefined ? undefined : cssColor(cfg.nodeHighlightColor, tint);
  const glowId = `cc-glow-${def.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

  const openContent = (node: GraphNode, onTap: Record<string, unknown>) => {
    const event = str(onTap.event, str(cfg.contentEvent));
    if (!event) sheet.fail(node.label, "This node names no content event.");
    else sheet.load(node.label, ctx.request(event, onTap.payload ?? { id: node.id }));
  };

  const tapNode = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) return;
    setSelected(node.id);
    const onTap = node.onTap;
    if (isRecord(onTap) && onTap.type === "content") openContent(node, onTap);
    else if (isRecord(onTap) && onTap.type === "action" && ctx.fireAction) {
      const { type: _type, ...action } = onTap;
      ctx.fireAction(action, { value: node.id }).catch(() => undefined);
    } else ctx.fire("graphConfig.nodeAction", { value: node.id }).catch(() => undefined);
  };

  /** A pointer's offset from the view's centre (the content's origin before pan and zoom). */
  const local = (event: PointerEvent | WheelEvent): Point => {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    return { x: event.clientX - box.left - box.width / 2, y: event.clientY - box.top - box.height / 2 };
  };
  const spread = () => {
    const [a, b] = [...pointers.current.values()];
    return { mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, spread: Math.hypot(a.x - b.x, a.y - b.y) };
  };
  const endNodeDrag = (id: string) => {
    physics.release(id);
    setDragging(null);
    kick();
  };
  const onPointerDown = (event: PointerEvent) => {
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, local(event));
    const current = gesture.current;
    if (pointers.current.size === 2) {
      if (current?.kind === "node" && current.moved) endNodeDrag(current.id);
      gesture.current = interactive ? { kind: "pinch", from: view, start: spread() } : null;
      return;
    }
    if (pointers.current.size > 2) return;
    const id = (event.target as Element).closest?.("[data-node]")?.getAttribute("data-node");
    const start = local(event);
    gesture.current = id
      ? { kind: "node", id, start, moved: false }
      : { kind: "pan", start, from: view, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!pointers.current.has(event.pointerId)) return;
    const at = local(event);
    pointers.current.set(event.pointerId, at);
    const g = gesture.current;
    if (!g) return;
    if (g.kind === "pinch") {
      if (pointers.current.size === 2) setView(pinchView(g.from, g.start, spread(), limits));
      return;
    }
    if (!g.moved && Math.hypot(at.x - g.start.x, at.y - g.start.y) < TAP_SLOP) return;
    if (g.kind === "node" && !draggable) {
      gesture.current = { kind: "pan", start: g.start, from: view, moved: true };
      return onPointerMove(event);
    }
    g.moved = true;
    if (g.kind === "node") {
      const point = toContent(view, at);
      physics.pin(g.id, point.x, point.y);
      setDragging(g.id);
      kick();
    } else if (interactive) {
      setView({ ...g.from, x: g.from.x + at.x - g.start.x, y: g.from.y + at.y - g.start.y });
    }
  };
  const onPointerEnd = (event: PointerEvent, cancelled: boolean) => {
    if (!pointers.current.delete(event.pointerId)) return;
    const g = gesture.current;
    if (g?.kind === "pinch") {
      if (pointers.current.size === 0) gesture.current = null;
      return;
    }
    gesture.current = null;
    if (!g) return;
    if (g.kind === "node" && g.moved) endNodeDrag(g.id);
    else if (g.kind === "node" && !cancelled) tapNode(g.id);
    else if (g.kind === "pan" && !g.moved && !cancelled) setSelected(null);
  };
  const onWheel = (event: WheelEvent) => {
    if (!interactive) return;
    event.preventDefault();
    const at = local(event);
    setView((v) => zoomAbout(v, Math.exp(-event.deltaY * 0.0015), at, limits));
  };

  const active = dragging ?? hovered ?? selected;
  const near = new Set<string>(active ? [active] : []);
  if (active)
    for (const e of graph.edges) {
      if (e.from === active) near.add(e.to);
      if (e.to === active) near.add(e.from);
    }
  const edgeColour = cssColor(cfg.edgeColor, "#FFFFFF");
  const edgeWidth = num(cfg.edgeWidth, 1);
  const curved = bool(cfg.edgeCurved, false);
  const showLabels = bool(cfg.showLabels, true);
  const labelSize = num(cfg.labelSize, 10);
  const labelColour = cssColor(cfg.labelColor, "#CCCCCC");
  const labelOffset = num(cfg.labelOffset, 12);
  const origin = { x: 0, y: 0 };
  const root = rootProps(def, ctx);
  return (
    <div {...root} style={{ ...root.style, "--graph-bg": cssColor(cfg.backgroundColor, "#0D0D1A") }}>
      <div ref={stage} class="cc-graph-stage">
        {graph.nodes.length === 0 ? (
          <div class="cc-placeholder">No nodes</div>
        ) : (
          <svg
            class={`cc-graph-svg${active ? " has-focus" : ""}`}
            viewBox={`${-size.width / 2} ${-size.height / 2} ${Math.max(1, size.width)} ${Math.max(1, size.height)}`}
            data-zoom={view.k.toFixed(3)}
            data-settled={String(!physics.running)}
            onWheel={onWheel}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(event) => onPointerEnd(event, false)}
            onPointerCancel={(event) => onPointerEnd(event, true)}
          >
            {glow ? (
              <defs>
                <radialGradient id={glowId}>
                  <stop offset="0.45" stop-color={glowColor} stop-opacity="0.55" />
                  <stop offset="1" stop-color={glowColor} stop-opacity="0" />
                </radialGradient>
              </defs>
            ) : null}
            <g class="cc-graph-content" transform={`translate(${view.x} ${view.y}) scale(${view.k})`}>
              <g class="cc-graph-edges" fill="none">
                {graph.edges.map((edge, i) => {
                  const a = physics.position(edge.from) ?? origin;
                  const b = physics.position(edge.to) ?? origin;
                  const lit = active !== null && (edge.from === active || edge.to === active);
                  return (
                    <path
                      key={i}
                      class={`cc-graph-edge${lit ? " is-near" : ""}`}
                      data-from={edge.from}
                      data-to={edge.to}
                      d={edgePath(a, b, curved)}
                      stroke={
                        lit
                          ? (highlight ?? glowColor)
                          : edge.color
                            ? cssColor(edge.color, edgeColour)
                            : edgeColour
                      }
                      stroke-width={edge.width ?? edgeWidth}
                      stroke-opacity={lit ? 1 : num(cfg.edgeOpacity, 0.4)}
                    />
                  );
                })}
              </g>
              <g class="cc-graph-edge-labels" font-size={labelSize * 0.9} fill={labelColour}>
                {graph.edges.map((edge, i) => {
                  if (!edge.label) return null;
                  const at = edgeLabelAt(
                    physics.position(edge.from) ?? origin,
                    physics.position(edge.to) ?? origin,
                    curved,
                  );
                  return (
                    <text
                      key={i}
                      class="cc-graph-edge-label"
                      data-from={edge.from}
                      data-to={edge.to}
                      transform={`translate(${at.x} ${at.y}) rotate(${at.angle})`}
                      text-anchor="middle"
                      dy="-3"
                    >
                      {edge.label}
                    </text>
                  );
                })}
              </g>
              {graph.nodes.map((node) => {
                const p = physics.position(node.id) ?? origin;
                const r = nodeSize * node.size;
                const isActive = node.id === active;
                const iconSide = r * 1.2;
                return (
                  <g
                    key={node.id}
                    class={`cc-graph-node${isActive ? " is-active" : ""}${near.has(node.id) ? " is-near" : ""}`}
                    data-node={node.id}
                    transform={`translate(${p.x} ${p.y})`}
                    role="button"
                    tabindex={0}
                    aria-label={node.label}
                    onPointerEnter={() => setHovered(node.id)}
                    onPointerLeave={() => setHovered((h) => (h === node.id ? null : h))}
                    onKeyDown={(event) => {
                      if (event.key !== "Enter" && event.key !== " ") return;
                      event.preventDefault();
                      tapNode(node.id);
                    }}
                  >
                    {glow ? (
                      <circle
                        class="cc-graph-glow"
                        r={r + glowRadius * (isActive ? 2 : 1)}
                        fill={`url(#${glowId})`}
                      />
                    ) : null}
                    <circle
                      class="cc-graph-dot"
                      r={r}
                      fill={isActive && highlight ? highlight : colourOf(node)}
                      stroke={cssColor(cfg.nodeBorderColor, "#FFFFFF")}
                      stroke-width={num(cfg.nodeBorderWidth, 0)}
                    />
                    {node.icon ? (
                      <g class="cc-graph-icon" transform={`translate(${-iconSide / 2} ${-iconSide / 2})`}>
                        <Icon name={node.icon} size={iconSide} />
                      </g>
                    ) : null}
                    <circle r={r + 8} fill="transparent" />
                    {showLabels ? (
                      <text
                        class="cc-graph-label"
                        y={r - nodeSize + labelOffset}
                        text-anchor="middle"
                        dominant-baseline="hanging"
                        font-size={labelSize}
                        fill={labelColour}
                      >
                        {node.label}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          </svg>
        )}
      </div>
      {sheet.sheet ? <ContentSheet sheet={sheet.sheet} onClose={sheet.close} /> : null}
    </div>
  );
}
