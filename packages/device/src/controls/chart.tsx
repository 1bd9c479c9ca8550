import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { AlignedData, Options } from "uplot";
import { cssColor, hexRgb } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { isContinuous, normalizeChart, valueRange } from "./chart-data.js";
import type { ChartData } from "./chart-data.js";
import { seriesColor, withAlpha } from "./palette.js";
import { useSize } from "./use-size.js";
import type { ControlContext, ControlProps } from "./types.js";

const AXIS = "rgba(255,255,255,0.55)";
const GRID = "rgba(255,255,255,0.08)";

/** uPlot paints a canvas, which cannot read CSS variables: derive axis and grid from the theme's text colour. */
function canvasInk(el: HTMLElement): { axis: string; grid: string } {
  const fg = hexRgb(getComputedStyle(el).getPropertyValue("--cc-fg"));
  return fg ? { axis: `${fg}8C`, grid: `${fg}17` } : { axis: AXIS, grid: GRID };
}

interface Datum {
  series: string;
  category: string | null;
  index: number;
  x: unknown;
  y: number;
}

function emitDatum(ctx: ControlContext, datum: Datum) {
  ctx.fire("chartConfig.datumAction", { value: datum, ...datum }).catch(() => undefined);
}

function niceTicks(min: number, max: number, count = 4): number[] {
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step)
    ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** What either renderer draws from: the normalized data, the control and its cell's size in pixels. */
interface ChartViewProps {
  data: ChartData;
  def: ControlProps["def"];
  ctx: ControlContext;
  tint: string;
  width: number;
  height: number;
}

/** Bars (grouped or stacked) with any line series overlaid, in pixel-exact SVG. */
function BarChart({ data, def, ctx, tint, width, height }: ChartViewProps) {
  const cfg = config(def, "chartConfig");
  const stacked = bool(cfg.stacked, false);
  const format = str(def.formatValue) || undefined;
  const showGrid = bool(cfg.showGrid, true);
  const showValues = bool(cfg.showValues, false);
  const left = bool(cfg.showYAxis, true) ? 40 : 8;
  const bottom = bool(cfg.showXAxis, true) ? 22 : 6;
  const plotW = Math.max(10, width - left - 8);
  const plotH = Math.max(10, height - bottom - 8);
  const bars = data.series.filter((s) => s.type !== "line" && s.type !== "area" && s.type !== "scatter");
  let range = valueRange(data, toNumber(cfg.yMin), toNumber(cfg.yMax));
  if (stacked) {
    const totals = data.categories.map((_, i) =>
      bars.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0),
    );
    range = { min: Math.min(range.min, 0), max: Math.max(range.max, ...totals) };
  }
  const y = (v: number) => 8 + plotH - ((v - range.min) / (range.max - range.min)) * plotH;
  const n = Math.max(1, data.categories.length);
  const group = plotW / n;
  const barWidth = stacked ? group * 0.62 : (group * 0.72) / Math.max(1, bars.length);
  const radius = Math.max(0, num(cfg.barCornerRadius, 3));
  const labelEvery = Math.max(1, Math.ceil((n * 48) / plotW));
  const colourOf = (name: string) => {
    const index = data.series.findIndex((s) => s.name === name);
    return seriesColor(index, data.series[index]?.color, cfg.colors, tint);
  };
  const baseline = y(Math.max(range.min, Math.min(range.max, 0)));
  return (
    <svg class="cc-chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {niceTicks(range.min, range.max).map((tick) => (
        <g key={tick}>
          {showGrid ? (
            <line class="cc-chart-grid" x1={left} x2={left + plotW} y1={y(tick)} y2={y(tick)} />
          ) : null}
          {left > 8 ? (
            <text class="cc-chart-axis" x={left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle">
              {formatValue(tick, format)}
            </text>
          ) : null}
        </g>
      ))}
      {data.categories.map((category, i) =>
        bottom > 6 && i % labelEvery === 0 ? (
          <text
            key={`x${i}`}
            class="cc-chart-axis"
            x={left + group * (i + 0.5)}
            y={height - 6}
            text-anchor="middle"
          >
            {category}
          </text>
        ) : null,
      )}
      {data.categories.map((category, i) => {
        let stackTop = 0;
        return bars.map((series, s) => {
          const v = series.values[i];
          if (v === null || v === undefined) return null;
          let top: number;
          let bottomY: number;
          let x: number;
          if (stacked) {
            bottomY = y(stackTop);
            stackTop += Math.max(0, v);
            top = y(stackTop);
            x = left + group * i + (group - barWidth) / 2;
          } else {
            top = Math.min(y(v), baseline);
            bottomY = Math.max(y(v), baseline);
            x = left + group * i + (group - barWidth * bars.length) / 2 + barWidth * s;
          }
          const datum = { series: series.name, category, index: i, x: category, y: v };
          return (
            <g key={`${s}-${i}`}>
              <rect
                class="cc-chart-bar"
                data-series={series.name}
                data-index={i}
                x={x + 1}
                y={top}
                width={Math.max(1, barWidth - 2)}
                height={Math.max(1, bottomY - top)}
                rx={Math.min(radius, barWidth / 2)}
                fill={colourOf(series.name)}
                onClick={() => emitDatum(ctx, datum)}
              >
                <title>{`${series.name ? `${series.name} · ` : ""}${category}: ${formatValue(v, format)}`}</title>
              </rect>
              {showValues ? (
                <text class="cc-chart-value" x={x + barWidth / 2} y={top - 4} text-anchor="middle">
                  {formatValue(v, format)}
                </text>
              ) : null}
            </g>
          );
        });
      })}
      {data.series
        .filter((s) => s.type === "line" || s.type === "area")
        .map((series) => {
          const points = series.values
            .map((v, i) => (v === null ? null : `${left + group * (i + 0.5)},${y(v)}`))
            .filter((p): p is string => p !== null);
          return (
            <polyline
              key={series.name}
              class="cc-chart-line"
              points={points.join(" ")}
              stroke={colourOf(series.name)}
              stroke-width={num(cfg.lineWidth, 2)}
            />
          );
        })}
    </svg>
  );
}

/** Line/area/scatter series with uPlot (x = point x values, or the category index). */
function ContinuousChart({ data, def, ctx, tint, width, height }: ChartViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const cfg = config(def, "chartConfig");
  const format = str(def.formatValue) || undefined;
  const key = JSON.stringify(data);
  useEffect(() => {
    const el = host.current;
    if (!el || width < 20 || height < 20) return;
    const withPoints = data.series.some((s) => s.points.length > 0);
    let xs: number[];
    const columns: (number | null)[][] = [];
    if (withPoints) {
      const millis = data.series.some((s) => s.points.some(([x]) => x > 1e12));
      const scale = (x: number) => (millis ? x / 1000 : x);
      xs = [...new Set(data.series.flatMap((s) => s.points.map(([x]) => scale(x))))].sort((a, b) => a - b);
      for (const s of data.series) {
        const byX = new Map(s.points.map(([x, yv]) => [scale(x), yv]));
        columns.push(xs.map((x) => byX.get(x) ?? null));
      }
    } else {
      xs = data.categories.map((_, i) => i);
      for (const s of data.series) columns.push(xs.map((i) => s.values[i] ?? null));
    }
    const isTime = withPoints && xs.length > 0 && xs[0] > 1e9;
    const lineWidth = num(cfg.lineWidth, 2);
    const range = valueRange(data, toNumber(cfg.yMin), toNumber(cfg.yMax));
    const showGrid = bool(cfg.showGrid, true);
    const ink = canvasInk(el);
    const options: Options = {
      width,
      height,
      legend: { show: false },
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      scales: { x: { time: isTime }, y: { range: () => [range.min, range.max] } },
      axes: [
        {
          show: bool(cfg.showXAxis, true),
          stroke: ink.axis,
          grid: { show: false },
          ticks: { show: false },
          size: 24,
          font: "11px system-ui, sans-serif",
          values: withPoints
            ? undefined
            : (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (data.categories[i] ?? "") : "")),
        },
        {
          show: bool(cfg.showYAxis, true),
          stroke: ink.axis,
          grid: { show: showGrid, stroke: ink.grid, width: 1 },
          ticks: { show: false },
          size: 40,
          font: "11px system-ui, sans-serif",
          values: (_u, splits) => splits.map((v) => formatValue(v, format)),
        },
      ],
      series: [
        {},
        ...data.series.map((s, i) => {
          const colour = seriesColor(i, s.color, cfg.colors, tint);
          return {
            label: s.name,
            stroke: colour,
            width: lineWidth,
            fill: s.type === "area" ? withAlpha(colour, "40") : undefined,
            paths: s.type === "scatter" ? () => null : undefined,
            points: {
              show: s.type === "scatter" || xs.length < 24,
              size: s.type === "scatter" ? num(cfg.pointSize, 6) : 4,
              fill: colour,
            },
            spanGaps: false,
          };
        }),
      ],
    };
    const plot = new uPlot(options, [xs, ...columns] as AlignedData, el);
    const onClick = () => {
      const index = plot.cursor.idx;
      const top = plot.cursor.top ?? 0;
      if (index === null || index === undefined) return;
      let best = -1;
      let bestDistance = Infinity;
      columns.forEach((column, s) => {
        const v = column[index];
        if (v === null) return;
        const distance = Math.abs(plot.valToPos(v, "y") - top);
        if (distance < bestDistance) [best, bestDistance] = [s, distance];
      });
      if (best < 0) return;
      const category = withPoints ? null : (data.categories[index] ?? null);
      emitDatum(ctx, {
        series: data.series[best].name,
        category,
        index,
        x: category ?? xs[index],
        y: columns[best][index] as number,
      });
    };
    plot.over.addEventListener("click", onClick);
    return () => {
      plot.over.removeEventListener("click", onClick);
      plot.destroy();
    };
  }, [key, width, height, tint]);
  return <div ref={host} class="cc-uplot" />;
}

/** Bar/line/area/scatter charts from a dataset document; taps emit the datum. */
export function Chart({ def, ctx }: ControlProps) {
  const frame = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(frame);
  const cfg = config(def, "chartConfig");
  const data = normalizeChart(ctx.value.value ?? def.defaultValue, { bins: toNumber(cfg.bins) });
  const tint = cssColor(def.tint, "#667EEA");
  const showLegend = bool(cfg.showLegend, false) && data.series.length > 0;
  return (
    <div {...rootProps(def, ctx)}>
      {showLegend ? (
        <div class="cc-legend cc-legend--row">
          {data.series.map((s, i) => (
            <span key={s.name} class="cc-legend-item">
              <span class="cc-legend-dot" style={{ background: seriesColor(i, s.color, cfg.colors, tint) }} />
              {s.name}
            </span>
          ))}
        </div>
      ) : null}
      <div ref={frame} class="cc-chart-frame">
        {data.series.length === 0 ? (
          <div class="cc-placeholder">No data</div>
        ) : width > 0 && height > 0 ? (
          isContinuous(data) ? (
            <ContinuousChart data={data} def={def} ctx={ctx} tint={tint} width={width} height={height} />
          ) : (
            <BarChart data={data} def={def} ctx={ctx} tint={tint} width={width} height={height} />
          )
        ) : null}
      </div>
    </div>
  );
}
