import { useMemo, useRef, useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { isRecord } from "./document.js";
import { layoutGraph, normalizeGraph } from "./graph-data.js";
import type { GraphNode } from "./graph-data.js";
import { Icon } from "./icons.js";
import { lookupMap } from "./maps.js";
import { readContentReply, renderMarkdown } from "./markdown.js";
import type { ControlProps } from "./types.js";

type Sheet =
  | { state: "loading"; title: string }
  | { state: "ready"; title: string; html: string }
  | { state: "error"; title: string; message: string };

/**
 * Nodes and edges with a force layout, pan (drag) and zoom (wheel, within `zoomRange`). A node
 * tap sends its `onTap` content request and shows the markdown reply in a sheet, fires its
 * `onTap` action, or else fires `graphConfig.nodeAction` with the node id.
 */
export function Graph({ def, ctx }: ControlProps) {
  const cfg = config(def, "graphConfig");
  const doc = ctx.value.value ?? def.defaultValue;
  const graph = useMemo(() => normalizeGraph(doc), [JSON.stringify(doc)]);
  const nodeSize = Math.max(2, num(cfg.nodeSize, 8));
  const previous = useRef<Map<string, { x: number; y: number }> | undefined>(undefined);
  const positions = useMemo(() => {
    const next = layoutGraph(
      graph,
      {
        repulsionForce: num(cfg.repulsionForce, 100),
        centerForce: num(cfg.centerForce, 0.02),
        velocityDecay: num(cfg.velocityDecay, 0.6),
        nodeRadius: nodeSize,
      },
      previous.current,
    );
    previous.current = next;
    return next;
    // Only the topology moves nodes: new labels, colours or sizes keep the layout.
  }, [topologyKey(graph), nodeSize]);
  const [view, setView] = useState({ zoom: 1, dx: 0, dy: 0 });
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const requestSeq = useRef(0);
  const zoomRange = Array.isArray(cfg.zoomRange) ? cfg.zoomRange.map(Number) : [0.3, 3];
  const interactive = bool(cfg.interactive, true);

  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  const pad = nodeSize * 2 + 16;
  const minX = Math.min(0, ...xs) - pad;
  const minY = Math.min(0, ...ys) - pad;
  const w = Math.max(120, Math.max(0, ...xs) + pad - minX);
  const h = Math.max(90, Math.max(0, ...ys) + pad - minY);
  const vw = w / view.zoom;
  const vh = h / view.zoom;
  const viewBox = `${minX + (w - vw) / 2 - view.dx} ${minY + (h - vh) / 2 - view.dy} ${vw} ${vh}`;

  const tint = cssColor(def.tint, "#667EEA");
  const colourOf = (node: GraphNode) =>
    cssColor(
      node.color ??
        (node.group ? lookupMap<string>(cfg.groupColors, node.group) : undefined) ??
        cfg.nodeColor,
      tint,
    );
  const glow = bool(cfg.glowEnabled, true);
  const filterId = `cc-glow-${def.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

  const openContent = (node: GraphNode, onTap: Record<string, unknown>) => {
    const event = str(onTap.event, str(cfg.contentEvent));
    const seq = ++requestSeq.current;
    if (!event) {
      setSheet({ state: "error", title: node.label, message: "This node names no content event." });
      return;
    }
    setSheet({ state: "loading", title: node.label });
    ctx.request(event, onTap.payload ?? { id: node.id }).then(
      (reply) => {
        if (seq !== requestSeq.current) return;
        const { title, content } = readContentReply(reply, node.label);
        setSheet({ state: "ready", title, html: renderMarkdown(content) });
      },
      (error: unknown) => {
        if (seq !== requestSeq.current) return;
        setSheet({
          state: "error",
          title: node.label,
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
  };

  const tapNode = (node: GraphNode) => {
    if (!interactive || drag.current?.moved) return;
    const onTap = node.onTap;
    if (isRecord(onTap) && onTap.type === "content") openContent(node, onTap);
    else if (isRecord(onTap) && onTap.type === "action" && ctx.fireAction) {
      const { type: _type, ...action } = onTap;
      ctx.fireAction(action, { value: node.id }).catch(() => undefined);
    } else ctx.fire("graphConfig.nodeAction", { value: node.id }).catch(() => undefined);
  };

  const onWheel = (event: WheelEvent) => {
    if (!interactive) return;
    event.preventDefault();
    const [low, high] = [zoomRange[0] || 0.3, zoomRange[1] || 3];
    setView((v) => ({
      ...v,
      zoom: Math.min(high, Math.max(low, v.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1))),
    }));
  };
  const svgRef = useRef<SVGSVGElement>(null);
  const onPointerDown = (event: PointerEvent) => {
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const d = drag.current;
    const svg = svgRef.current;
    if (!d || !svg || !interactive || !(event.buttons & 1)) return;
    const scale = vw / Math.max(1, svg.clientWidth);
    const mx = event.clientX - d.x;
    const my = event.clientY - d.y;
    if (!d.moved && Math.hypot(mx, my) < 4) return;
    d.moved = true;
    d.x = event.clientX;
    d.y = event.clientY;
    setView((v) => ({ ...v, dx: v.dx + mx * scale, dy: v.dy + my * scale }));
  };
  const onPointerUp = () => {
    setTimeout(() => (drag.current = null));
  };

  const showLabels = bool(cfg.showLabels, true);
  const labelSize = num(cfg.labelSize, 10);
  return (
    <div
      {...rootProps(def, ctx)}
      style={{ ...rootProps(def, ctx).style, "--graph-bg": cssColor(cfg.backgroundColor, "transparent") }}
    >
      {graph.nodes.length === 0 ? (
        <div class="cc-placeholder">No nodes</div>
      ) : (
        <svg
          ref={svgRef}
          class="cc-graph-svg"
          viewBox={viewBox}
          onWheel={onWheel}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={onPointerUp}
        >
          {glow ? (
            <defs>
              <filter id={filterId} x="-100%" y="-100%" width="300%" height="300%">
                <feGaussianBlur stdDeviation={num(cfg.glowRadius, 6) / 2} result="blur" />
                <feMerge>
                  <feMergeNode in="blur" />
                  <feMergeNode in="SourceGraphic" />
                </feMerge>
              </filter>
            </defs>
          ) : null}
          <g
            class="cc-graph-edges"
            stroke={cssColor(cfg.edgeColor, "currentColor")}
            stroke-opacity={num(cfg.edgeOpacity, 0.4)}
          >
            {graph.edges.map((edge, i) => {
              const a = positions.get(edge.from);
              const b = positions.get(edge.to);
              if (!a || !b) return null;
              return (
                <line
                  key={i}
                  x1={a.x}
                  y1={a.y}
                  x2={b.x}
                  y2={b.y}
                  stroke={edge.color ? cssColor(edge.color, "#FFFFFF") : undefined}
                  stroke-width={edge.width ?? num(cfg.edgeWidth, 1)}
                />
              );
            })}
          </g>
          {graph.nodes.map((node) => {
            const p = positions.get(node.id) ?? { x: 0, y: 0 };
            const r = nodeSize * node.size;
            const colour = colourOf(node);
            return (
              <g
                key={node.id}
                class="cc-graph-node"
                data-node={node.id}
                transform={`translate(${p.x} ${p.y})`}
                onClick={() => tapNode(node)}
              >
                <circle
                  r={r}
                  fill={colour}
                  filter={glow ? `url(#${filterId})` : undefined}
                  stroke={cssColor(cfg.nodeBorderColor, "#FFFFFF")}
                  stroke-width={num(cfg.nodeBorderWidth, 0)}
                />
                <circle r={r + 8} fill="transparent" />
                {showLabels ? (
                  <text
                    class="cc-graph-label"
                    y={r + num(cfg.labelOffset, 12)}
                    text-anchor="middle"
                    font-size={labelSize}
                    fill={cssColor(cfg.labelColor, "currentColor")}
                  >
                    {node.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      )}
      {sheet ? (
        <div class="cc-sheet" role="dialog" aria-label={sheet.title}>
          <div class="cc-sheet-head">
            <h3 class="cc-sheet-title">{sheet.title}</h3>
            <button type="button" class="cc-sheet-close" aria-label="Close" onClick={() => setSheet(null)}>
              <Icon name="xmark" />
            </button>
          </div>
          {sheet.state === "loading" ? <div class="cc-placeholder">Loading…</div> : null}
          {sheet.state === "error" ? <div class="cc-sheet-error">{sheet.message}</div> : null}
          {sheet.state === "ready" ? (
            <div class="cc-sheet-body cc-markdown" dangerouslySetInnerHTML={{ __html: sheet.html }} />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Node ids and edge endpoints: what the force layout depends on. */
function topologyKey(graph: { nodes: { id: string }[]; edges: { from: string; to: string }[] }): string {
  return JSON.stringify([graph.nodes.map((n) => n.id), graph.edges.map((e) => [e.from, e.to])]);
}
