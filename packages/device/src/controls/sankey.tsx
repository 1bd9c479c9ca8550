import { sankey, sankeyLinkHorizontal, type SankeyGraph } from "d3-sankey";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeSankey, type SankeyInput } from "./viz-data.js";
import { PlotArea, ScrubReadout, tintOf, useScrub } from "./viz.js";
import type { ControlProps } from "./types.js";

interface NodeExtra {
  name: string;
  color?: string;
  index?: number;
}
type Graph = SankeyGraph<NodeExtra, Record<string, never>>;

/** d3-sankey lays out copies (it mutates its input); a cyclic flow cannot be laid out and yields an error. */
function layoutSankey(
  input: SankeyInput,
  width: number,
  height: number,
  nodeWidth: number,
  nodePadding: number,
) {
  try {
    const generator = sankey<NodeExtra, Record<string, never>>()
      .nodeWidth(nodeWidth)
      .nodePadding(nodePadding)
      .extent([
        [1, 4],
        [width - 1, height - 4],
      ]);
    return generator({
      nodes: input.nodes.map((n) => ({ ...n })),
      links: input.links.map((l) => ({ ...l })),
    } as Graph);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Weighted flows between named nodes (d3-sankey layout); a node tap emits {name, in, out}. */
export function Sankey({ def, ctx }: ControlProps) {
  const cfg = config(def, "sankeyConfig");
  const input = normalizeSankey(ctx.value.value ?? def.defaultValue);
  const scrub = useScrub(bool(cfg.scrub, false));
  const tint = tintOf(def);
  if (!input)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No data</div>
      </div>
    );
  const format = str(def.formatValue) || undefined;
  const showLabels = bool(cfg.showLabels, true);
  const showValues = bool(cfg.showValues, false);
  const opacity = num(cfg.linkOpacity, 0.32);
  const colourOf = (i: number) => seriesColor(i, input.nodes[i].color, cfg.colors, tint);
  return (
    <div {...rootProps(def, ctx)}>
      <ScrubReadout text={scrub.text} />
      <PlotArea
        draw={({ width, height }) => {
          const graph = layoutSankey(
            input,
            width,
            height,
            Math.max(1, num(cfg.nodeWidth, 10)),
            Math.max(0, num(cfg.nodeSpacing, 10)),
          );
          if (typeof graph === "string") return <div class="cc-placeholder">{graph}</div>;
          const link = sankeyLinkHorizontal();
          return (
            <svg class="cc-sankey-svg" width={width} height={height}>
              <g class="cc-sankey-links" fill="none">
                {graph.links.map((l, i) => {
                  const source = l.source as NodeExtra;
                  const target = l.target as NodeExtra;
                  const text = `${source.name} → ${target.name}: ${formatValue(l.value, format)}`;
                  return (
                    <path
                      key={i}
                      class="cc-sankey-link"
                      d={link(l) ?? ""}
                      stroke={colourOf(source.index ?? 0)}
                      stroke-opacity={opacity}
                      stroke-width={Math.max(1, l.width ?? 1)}
                      {...scrub.on(text)}
                    >
                      <title>{text}</title>
                    </path>
                  );
                })}
              </g>
              {graph.nodes.map((n, i) => {
                const x0 = n.x0 ?? 0;
                const x1 = n.x1 ?? 0;
                const y0 = n.y0 ?? 0;
                const y1 = n.y1 ?? 0;
                const inflow = (n.targetLinks ?? []).reduce((s, l) => s + l.value, 0);
                const outflow = (n.sourceLinks ?? []).reduce((s, l) => s + l.value, 0);
                const right = x0 > width / 2;
                const text = `${n.name}: ${formatValue(n.value ?? 0, format)}`;
                return (
                  <g
                    key={i}
                    class="cc-sankey-node"
                    data-node={n.name}
                    onClick={() =>
                      void ctx.fire("sankeyConfig.nodeAction", {
                        value: { name: n.name, in: inflow, out: outflow },
                      })
                    }
                    {...scrub.on(text)}
                  >
                    <rect
                      x={x0}
                      y={y0}
                      width={x1 - x0}
                      height={Math.max(1, y1 - y0)}
                      fill={colourOf(i)}
                      rx={2}
                    />
                    <title>{text}</title>
                    {showLabels || showValues ? (
                      <text
                        class="cc-sankey-label"
                        x={right ? x0 - 6 : x1 + 6}
                        y={(y0 + y1) / 2}
                        text-anchor={right ? "end" : "start"}
                        dominant-baseline="middle"
                      >
                        {[showLabels ? n.name : "", showValues ? formatValue(n.value ?? 0, format) : ""]
                          .filter(Boolean)
                          .join(" ")}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </svg>
          );
        }}
      />
    </div>
  );
}
