import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import type { AlignedData, Options } from "uplot";
import { cssColor, hexRgb } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { datumOf, isContinuous, normalizeChart, valueRange, type ChartData } from "./chart-data.js";
import { SvgChart, type ChartViewProps, type Selection } from "./chart-svg.js";
import { seriesColor, withAlpha } from "./palette.js";
import { useSize } from "./use-size.js";
import type { ControlProps } from "./types.js";

const AXIS = "rgba(255,255,255,0.55)";
const GRID = "rgba(255,255,255,0.08)";

/** uPlot paints a canvas, which cannot read CSS variables: derive axis and grid from the theme's text colour. */
function canvasInk(el: HTMLElement): { axis: string; grid: string } {
  const fg = hexRgb(getComputedStyle(el).getPropertyValue("--cc-fg"));
  return fg ? { axis: `${fg}8C`, grid: `${fg}17` } : { axis: AXIS, grid: GRID };
}

/** uPlot's columns: a shared x (point x values, or the category index) and one y column per series. */
interface Columns {
  withPoints: boolean;
  isTime: boolean;
  xs: number[];
  ys: (number | null)[][];
}

function columnsOf(data: ChartData): Columns {
  const withPoints = data.series.some((s) => s.points.length > 0);
  if (!withPoints) {
    const xs = data.categories.map((_, i) => i);
    return { withPoints, isTime: false, xs, ys: data.series.map((s) => xs.map((i) => s.values[i] ?? null)) };
  }
  const millis = data.series.some((s) => s.points.some(([x]) => x > 1e12));
  const scale = (x: number) => (millis ? x / 1000 : x);
  const xs = [...new Set(data.series.flatMap((s) => s.points.map(([x]) => scale(x))))].sort((a, b) => a - b);
  const ys = data.series.map((s) => {
    const byX = new Map(s.points.map(([x, y]) => [scale(x), y]));
    return xs.map((x) => byX.get(x) ?? null);
  });
  return { withPoints, isTime: xs.length > 0 && xs[0] > 1e9, xs, ys };
}

/**
 * What forces a new uPlot instance: the series (names, types, colours), the config and the x-axis
 * kind. Everything else (new values, new categories) goes through `setData`, sizes through `setSize`.
 */
function structureKey(data: ChartData, columns: Columns, cfg: unknown, tint: string, format: string): string {
  const series = data.series.map((s) => [s.name, s.type, s.color ?? "", s.sizes.length > 0]);
  return JSON.stringify([series, columns.withPoints, columns.isTime, cfg, tint, format]);
}

/** Line/area/scatter series with uPlot: built once per structure, then fed with `setData`. */
function ContinuousChart({ data, def, tint, width, height, onPick, onScrub }: ChartViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const cfg = config(def, "chartConfig");
  const format = str(def.formatValue) || undefined;
  const columns = columnsOf(data);
  // The latest data for uPlot's callbacks (axis labels, range, taps), which outlive a render.
  const latest = useRef({ data, columns });
  latest.current = { data, columns };
  const sized = width >= 20 && height >= 20;
  const key = structureKey(data, columns, cfg, tint, format ?? "");

  useEffect(() => {
    const el = host.current;
    if (!el || !sized) return;
    const lineWidth = num(cfg.lineWidth, 2);
    const pointSize = num(cfg.pointSize, 6);
    const showValues = bool(cfg.showValues, false);
    const scrub = bool(cfg.scrub, false);
    const smooth = bool(cfg.smooth, false) ? uPlot.paths.spline?.() : undefined;
    const ink = canvasInk(el);
    const colours = data.series.map((s, i) => seriesColor(i, s.color, cfg.colors, tint));
    /** Bubbles (`sizes`) and `showValues` labels, drawn over uPlot's own paths. */
    const drawExtras = (u: uPlot) => {
      const { data: now, columns: cols } = latest.current;
      const ratio = devicePixelRatio || 1;
      u.ctx.save();
      now.series.forEach((series, s) => {
        const bubbles = series.type === "scatter" && series.sizes.length > 0;
        if (!bubbles && !showValues) return;
        cols.ys[s]?.forEach((v, i) => {
          if (v === null) return;
          const x = u.valToPos(cols.xs[i], "x", true);
          const y = u.valToPos(v, "y", true);
          if (bubbles) {
            u.ctx.fillStyle = withAlpha(colours[s], "B0");
            u.ctx.beginPath();
            u.ctx.arc(x, y, (pointSize / 2) * (series.sizes[i] ?? 1) * ratio, 0, Math.PI * 2);
            u.ctx.fill();
          }
          if (showValues) {
            u.ctx.fillStyle = ink.axis;
            u.ctx.font = `${10 * ratio}px system-ui, sans-serif`;
            u.ctx.textAlign = "center";
            u.ctx.fillText(formatValue(v, format), x, y - 6 * ratio);
          }
        });
      });
      u.ctx.restore();
    };
    const options: Options = {
      width,
      height,
      legend: { show: false },
      cursor: {
        x: scrub,
        y: false,
        points: { size: 7 },
        drag: { x: false, y: false },
      },
      scales: {
        x: { time: columns.isTime },
        y: {
          range: () => {
            const range = valueRange(latest.current.data, toNumber(cfg.yMin), toNumber(cfg.yMax));
            return [range.min, range.max];
          },
        },
      },
      axes: [
        {
          show: bool(cfg.showXAxis, true),
          stroke: ink.axis,
          grid: { show: false },
          ticks: { show: false },
          size: 24,
          font: "11px system-ui, sans-serif",
          values: columns.withPoints
            ? undefined
            : (_u, splits) =>
                splits.map((i) => (Number.isInteger(i) ? (latest.current.data.categories[i] ?? "") : "")),
        },
        {
          show: bool(cfg.showYAxis, true),
          stroke: ink.axis,
          grid: { show: bool(cfg.showGrid, true), stroke: ink.grid, width: 1 },
          ticks: { show: false },
          size: 40,
          font: "11px system-ui, sans-serif",
          values: (_u, splits) => splits.map((v) => formatValue(v, format)),
        },
      ],
      hooks: {
        draw: [drawExtras],
        setCursor: [
          (u) => {
            if (!scrub) return;
            const pick = pickAt(u);
            onScrub(pick);
          },
        ],
      },
      series: [
        {},
        ...data.series.map((s, i) => {
          const bubbles = s.type === "scatter" && s.sizes.length > 0;
          return {
            label: s.name,
            stroke: colours[i],
            width: lineWidth,
            fill: s.type === "area" ? withAlpha(colours[i], "40") : undefined,
            paths: s.type === "scatter" ? () => null : smooth,
            points: {
              show: !bubbles && (s.type === "scatter" || columns.xs.length < 24),
              size: s.type === "scatter" ? pointSize : 4,
              fill: colours[i],
            },
            spanGaps: false,
          };
        }),
      ],
    };
    /** The datum nearest the cursor: its x index, the series closest on the y axis. */
    const pickAt = (u: uPlot): Selection | null => {
      const index = u.cursor.idx;
      const top = u.cursor.top ?? 0;
      if (index === null || index === undefined || top < 0) return null;
      let best: Selection | null = null;
      let distance = Infinity;
      latest.current.columns.ys.forEach((column, s) => {
        const v = column[index];
        if (v === null || v === undefined) return;
        const d = Math.abs(u.valToPos(v, "y") - top);
        if (d < distance) [best, distance] = [{ series: s, index }, d];
      });
      return best;
    };
    const { xs, ys } = latest.current.columns;
    const plot = new uPlot(options, [xs, ...ys] as AlignedData, el);
    plotRef.current = plot;
    const release = () => {
      const pick = pickAt(plot);
      if (scrub) onScrub(null);
      if (pick) onPick(pick);
    };
    plot.over.addEventListener(scrub ? "pointerup" : "click", release);
    return () => {
      plot.over.removeEventListener(scrub ? "pointerup" : "click", release);
      plot.destroy();
      plotRef.current = null;
    };
    // Values and size reach the plot below without rebuilding it.
  }, [key, sized]);

  useEffect(() => {
    const plot = plotRef.current;
    if (plot && (plot.width !== width || plot.height !== height)) plot.setSize({ width, height });
  }, [width, height, key]);

  useEffect(() => {
    const plot = plotRef.current;
    if (!plot) return;
    plot.setData([columns.xs, ...columns.ys] as AlignedData);
    if (host.current) host.current.dataset.points = String(columns.xs.length);
  });

  return <div ref={host} class="cc-uplot" data-points={columns.xs.length} />;
}

function readout(data: ChartData, pick: Selection, format: string | undefined): string {
  const datum = datumOf(data, pick.series, pick.index);
  if (!datum) return "";
  const name = data.series[pick.series]?.name;
  const at = datum.category ?? datum.x;
  return `${name ? `${name} · ` : ""}${String(at)}: ${formatValue(datum.y, format)}`;
}

/** Bar/line/area/scatter/histogram/waterfall charts from a dataset document; taps emit the datum. */
export function Chart({ def, ctx }: ControlProps) {
  const frame = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(frame);
  const cfg = config(def, "chartConfig");
  const data = normalizeChart(ctx.value.value ?? def.defaultValue, { bins: toNumber(cfg.bins) });
  const tint = cssColor(def.tint, "#667EEA");
  const format = str(def.formatValue) || undefined;
  const showLegend = bool(cfg.showLegend, false) && data.series.length > 0;
  const [selected, setSelected] = useState<Selection | null>(null);
  const [scrubbed, setScrubbed] = useState<Selection | null>(null);
  const pick = (selection: Selection) => {
    const datum = datumOf(data, selection.series, selection.index);
    if (!datum) return;
    setSelected(selection);
    ctx.fire("chartConfig.datumAction", { value: datum, ...datum }).catch(() => undefined);
  };
  const shown = scrubbed ?? selected;
  const view: ChartViewProps = {
    data,
    def,
    tint,
    width,
    height,
    selected,
    onPick: pick,
    onScrub: setScrubbed,
  };
  return (
    <div {...rootProps(def, ctx)}>
      <div class="cc-chart-readout" aria-live="polite">
        {shown ? readout(data, shown, format) : ""}
      </div>
      <div ref={frame} class="cc-chart-frame">
        {data.series.length === 0 ? (
          <div class="cc-placeholder">No data</div>
        ) : width > 0 && height > 0 ? (
          isContinuous(data, bool(cfg.stacked, false)) && !bool(cfg.horizontal, false) ? (
            <ContinuousChart {...view} />
          ) : (
            <SvgChart {...view} />
          )
        ) : null}
      </div>
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
    </div>
  );
}
