import { useMemo, useState } from "preact/hooks";
import { hierarchy, treemap, treemapSquarify } from "d3-hierarchy";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeTreemap, type TreeItem } from "./viz-data.js";
import { PlotArea, ScrubReadout, tintOf, useScrub } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Nested rectangles sized by value (d3-hierarchy squarify); parents drill down, leaves emit {label, value, path}. */
export function Treemap({ def, ctx }: ControlProps) {
  const cfg = config(def, "treemapConfig");
  const raw = ctx.value.value ?? def.defaultValue;
  const items = useMemo(() => normalizeTreemap(raw), [raw]);
  // The drill path belongs to one dataset: a new push starts again from the top.
  const [drill, setDrill] = useState<{ source: unknown; path: string[] }>({ source: raw, path: [] });
  const path = drill.source === raw ? drill.path : [];
  const scrub = useScrub(bool(cfg.scrub, false));
  const tint = tintOf(def);
  let level: TreeItem[] = items;
  for (const label of path) level = level.find((item) => item.label === label)?.children ?? level;
  const format = str(def.formatValue) || undefined;
  const gap = Math.max(0, num(cfg.cellGap, 2));
  const corner = Math.max(0, num(cfg.cellCornerRadius, 5));
  const drillDown = bool(cfg.drillDown, true);
  const showLabels = bool(cfg.showLabels, true);
  const showValues = bool(cfg.showValues, false);
  const tap = (item: TreeItem) => {
    if (item.children && drillDown) setDrill({ source: raw, path: [...path, item.label] });
    else
      void ctx.fire("treemapConfig.itemAction", {
        value: { label: item.label, value: item.value, path: [...path, item.label] },
      });
  };
  if (level.length === 0)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No data</div>
      </div>
    );
  return (
    <div {...rootProps(def, ctx)}>
      {path.length > 0 ? (
        <nav class="cc-treemap-crumbs">
          <button type="button" class="cc-treemap-crumb" onClick={() => setDrill({ source: raw, path: [] })}>
            All
          </button>
          {path.map((label, i) => (
            <button
              key={i}
              type="button"
              class="cc-treemap-crumb"
              onClick={() => setDrill({ source: raw, path: path.slice(0, i + 1) })}
            >
              {label}
            </button>
          ))}
        </nav>
      ) : null}
      <ScrubReadout text={scrub.text} />
      <PlotArea
        draw={({ width, height }) => {
          // One level at a time: the root's children are the cells, sized by their own (summed) values.
          const top: TreeItem = { label: "", value: 0, children: level };
          const root = hierarchy<TreeItem>(top, (d) => (d === top ? d.children : undefined))
            .sum((d) => (d === top ? 0 : d.value))
            .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
          const laid = treemap<TreeItem>()
            .tile(treemapSquarify)
            .size([width, height])
            .paddingInner(gap)
            .round(true)(root);
          return (
            <svg class="cc-treemap-svg" width={width} height={height}>
              {laid.leaves().map((node, i) => {
                const item = node.data;
                const w = node.x1 - node.x0;
                const h = node.y1 - node.y0;
                const text = `${item.label}: ${formatValue(item.value, format)}`;
                const index = level.indexOf(item);
                return (
                  <g
                    key={`${item.label}-${i}`}
                    class={`cc-treemap-cell${item.children && drillDown ? " is-parent" : ""}`}
                    data-label={item.label}
                    onClick={() => tap(item)}
                    {...scrub.on(text)}
                  >
                    <rect
                      x={node.x0}
                      y={node.y0}
                      width={w}
                      height={h}
                      rx={Math.min(corner, w / 2, h / 2)}
                      fill={seriesColor(index, item.color, cfg.colors, tint)}
                    />
                    <title>{text}</title>
                    {(showLabels || showValues) && w > 36 && h > 18 ? (
                      <text class="cc-treemap-label" x={node.x0 + 6} y={node.y0 + 14}>
                        {showLabels ? item.label : ""}
                        {showValues ? (
                          <tspan x={node.x0 + 6} dy={showLabels ? 14 : 0}>
                            {formatValue(item.value, format)}
                          </tspan>
                        ) : null}
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
