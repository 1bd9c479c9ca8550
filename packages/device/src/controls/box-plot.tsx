import { area, curveBasis } from "d3-shape";
import { scaleBand, scaleLinear } from "d3-scale";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeBoxPlot, type BoxStats } from "./viz-data.js";
import { PlotArea, ScrubReadout, tintOf, useScrub } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Points of a violin's density curve: a Gaussian kernel density estimate over the samples. */
export function violinDensity(
  samples: readonly number[],
  lo: number,
  hi: number,
  points = 24,
): [number, number][] {
  const n = samples.length;
  const mean = samples.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1));
  // Silverman's rule of thumb; a flat sample set still gets a visible width.
  const bandwidth = Math.max(1.06 * sd * n ** -0.2, (hi - lo) / 50 || 1);
  const out: [number, number][] = [];
  for (let k = 0; k <= points; k++) {
    const y = lo + ((hi - lo) * k) / points;
    let density = 0;
    for (const s of samples) density += Math.exp(-0.5 * ((y - s) / bandwidth) ** 2);
    out.push([y, density]);
  }
  const peak = Math.max(...out.map((p) => p[1])) || 1;
  return out.map(([y, d]) => [y, d / peak]);
}

/** Box-and-whisker (or violin) view per category; a tap emits that category's stats. */
export function BoxPlot({ def, ctx }: ControlProps) {
  const cfg = config(def, "boxPlotConfig");
  const whiskers = cfg.whiskers === "minmax" ? "minmax" : "tukey";
  const stats = normalizeBoxPlot(ctx.value.value ?? def.defaultValue, whiskers);
  const tint = tintOf(def);
  const scrub = useScrub(bool(cfg.scrub, false));
  if (stats.length === 0)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No data</div>
      </div>
    );
  const format = str(def.formatValue) || undefined;
  const violin = def.boxStyle === "violin";
  const showOutliers = bool(cfg.showOutliers, true);
  const showMean = bool(cfg.showMean, false);
  const lows = stats.map((s) => Math.min(s.min, ...(showOutliers ? s.outliers : [])));
  const highs = stats.map((s) => Math.max(s.max, ...(showOutliers ? s.outliers : [])));
  const emit = (s: BoxStats) => {
    const { samples: _samples, ...payload } = s;
    void ctx.fire("boxPlotConfig.boxAction", { value: payload });
  };
  const describe = (s: BoxStats) =>
    `${s.category}: median ${formatValue(s.median, format)} (${formatValue(s.q1, format)}–${formatValue(s.q3, format)})`;
  return (
    <div {...rootProps(def, ctx, undefined, `cc-box--${violin ? "violin" : "box"}`)}>
      <ScrubReadout text={scrub.text} />
      <PlotArea
        draw={({ width, height }) => {
          const left = bool(cfg.showYAxis, true) ? 40 : 6;
          const bottom = bool(cfg.showXAxis, true) ? 20 : 6;
          const y = scaleLinear()
            .domain([toNumber(cfg.yMin) ?? Math.min(...lows), toNumber(cfg.yMax) ?? Math.max(...highs)])
            .range([height - bottom, 8])
            .nice();
          const x = scaleBand()
            .domain(stats.map((_, i) => String(i)))
            .range([left, width - 6])
            .paddingInner(0.1);
          const boxWidth = x.bandwidth() * Math.min(1, Math.max(0.05, num(cfg.boxWidth, 0.55)));
          return (
            <svg class="cc-box-svg" width={width} height={height}>
              {y.ticks(4).map((tick) => (
                <g key={tick}>
                  {bool(cfg.showGrid, true) ? (
                    <line class="cc-chart-grid" x1={left} x2={width - 6} y1={y(tick)} y2={y(tick)} />
                  ) : null}
                  {left > 6 ? (
                    <text
                      class="cc-chart-axis"
                      x={left - 6}
                      y={y(tick)}
                      text-anchor="end"
                      dominant-baseline="middle"
                    >
                      {formatValue(tick, format)}
                    </text>
                  ) : null}
                </g>
              ))}
              {stats.map((s, i) => {
                const centre = x(String(i))! + x.bandwidth() / 2;
                const colour = seriesColor(i, undefined, cfg.colors, tint);
                const half = boxWidth / 2;
                const density =
                  violin && s.samples && s.samples.length > 1 ? violinDensity(s.samples, s.min, s.max) : null;
                const shape = density
                  ? area<[number, number]>()
                      .y((p) => y(p[0]))
                      .x0((p) => centre - p[1] * half)
                      .x1((p) => centre + p[1] * half)
                      .curve(curveBasis)(density)
                  : null;
                return (
                  <g
                    key={i}
                    class="cc-box"
                    data-category={s.category}
                    onClick={() => emit(s)}
                    {...scrub.on(describe(s))}
                  >
                    <title>{describe(s)}</title>
                    <line
                      class="cc-box-whisker"
                      x1={centre}
                      x2={centre}
                      y1={y(s.min)}
                      y2={y(s.q1)}
                      stroke={colour}
                    />
                    <line
                      class="cc-box-whisker"
                      x1={centre}
                      x2={centre}
                      y1={y(s.q3)}
                      y2={y(s.max)}
                      stroke={colour}
                    />
                    <line
                      class="cc-box-whisker"
                      x1={centre - half / 2}
                      x2={centre + half / 2}
                      y1={y(s.min)}
                      y2={y(s.min)}
                      stroke={colour}
                    />
                    <line
                      class="cc-box-whisker"
                      x1={centre - half / 2}
                      x2={centre + half / 2}
                      y1={y(s.max)}
                      y2={y(s.max)}
                      stroke={colour}
                    />
                    {shape ? (
                      <path class="cc-box-violin" d={shape} fill={colour} stroke={colour} />
                    ) : (
                      <rect
                        class="cc-box-body"
                        x={centre - half}
                        width={boxWidth}
                        y={y(s.q3)}
                        height={Math.max(1, y(s.q1) - y(s.q3))}
                        rx={3}
                        fill={colour}
                        stroke={colour}
                      />
                    )}
                    <line
                      class="cc-box-median"
                      x1={centre - half}
                      x2={centre + half}
                      y1={y(s.median)}
                      y2={y(s.median)}
                    />
                    {showMean && s.mean !== undefined ? (
                      <circle class="cc-box-mean" cx={centre} cy={y(s.mean)} r={3} />
                    ) : null}
                    {showOutliers
                      ? s.outliers.map((o, k) => (
                          <circle
                            key={k}
                            class="cc-box-outlier"
                            cx={centre}
                            cy={y(o)}
                            r={2.5}
                            stroke={colour}
                          />
                        ))
                      : null}
                    {bottom > 6 ? (
                      <text class="cc-chart-axis" x={centre} y={height - 5} text-anchor="middle">
                        {s.category}
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
