import { chord, ribbon } from "d3-chord";
import { arc } from "d3-shape";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeChord } from "./viz-data.js";
import { PlotArea, ScrubReadout, tintOf, useScrub } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Flows between labelled groups from a square matrix (d3-chord); an arc tap emits {label, total}. */
export function Chord({ def, ctx }: ControlProps) {
  const cfg = config(def, "chordConfig");
  const data = normalizeChord(ctx.value.value ?? def.defaultValue);
  const scrub = useScrub(bool(cfg.scrub, false));
  const tint = tintOf(def);
  if (!data || data.matrix.every((row) => row.every((v) => v === 0)))
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No data</div>
      </div>
    );
  const format = str(def.formatValue) || undefined;
  const showLabels = bool(cfg.showLabels, true);
  const opacity = num(cfg.ribbonOpacity, 0.4);
  const colourOf = (i: number) => seriesColor(i, data.colors?.[i], cfg.colors, tint);
  // `pad` is in degrees between neighbouring arcs.
  const layout = chord().padAngle((Math.max(0, num(cfg.pad, 2.5)) * Math.PI) / 180)(data.matrix);
  return (
    <div {...rootProps(def, ctx)}>
      <ScrubReadout text={scrub.text} />
      <PlotArea
        draw={({ width, height }) => {
          const outer = Math.max(12, Math.min(width, height) / 2 - (showLabels ? 26 : 4));
          const inner = outer - Math.max(6, outer * 0.08);
          const arcPath = arc<{ startAngle: number; endAngle: number }>()
            .innerRadius(inner)
            .outerRadius(outer);
          const ribbonPath = ribbon<unknown, string>().radius(inner - 1);
          return (
            <svg class="cc-chord-svg" width={width} height={height}>
              <g transform={`translate(${width / 2} ${height / 2})`}>
                {layout.map((c, i) => (
                  <path
                    key={`r${i}`}
                    class="cc-chord-ribbon"
                    d={(ribbonPath(c as never) as unknown as string) ?? ""}
                    fill={colourOf(c.source.index)}
                    fill-opacity={opacity}
                  >
                    <title>{`${data.labels[c.source.index]} → ${data.labels[c.target.index]}: ${formatValue(c.source.value, format)}`}</title>
                  </path>
                ))}
                {layout.groups.map((g) => {
                  const label = data.labels[g.index];
                  const text = `${label}: ${formatValue(g.value, format)}`;
                  const mid = (g.startAngle + g.endAngle) / 2;
                  const lx = Math.sin(mid) * (outer + 8);
                  const ly = -Math.cos(mid) * (outer + 8);
                  return (
                    <g
                      key={`g${g.index}`}
                      class="cc-chord-arc"
                      data-label={label}
                      onClick={() =>
                        void ctx.fire("chordConfig.arcAction", { value: { label, total: g.value } })
                      }
                      {...scrub.on(text)}
                    >
                      <path d={arcPath(g) ?? ""} fill={colourOf(g.index)} />
                      <title>{text}</title>
                      {showLabels && g.endAngle - g.startAngle > 0.12 ? (
                        <text
                          class="cc-chord-label"
                          x={lx}
                          y={ly}
                          text-anchor={Math.abs(lx) < 4 ? "middle" : lx > 0 ? "start" : "end"}
                          dominant-baseline="middle"
                        >
                          {label}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
              </g>
            </svg>
          );
        }}
      />
    </div>
  );
}
