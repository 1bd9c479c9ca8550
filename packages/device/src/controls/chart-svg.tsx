/**
 * The category chart in SVG: bars (grouped or stacked, vertical or horizontal), histograms,
 * waterfalls with connectors, and line/area/scatter series over the same categories (smoothed,
 * stacked, bubbles). Taps pick the datum under the pointer; `scrub` drags a crosshair instead.
 */
import { useState } from "preact/hooks";
import type { JSX } from "preact";
import { cssColor } from "./color.js";
import { bool, config, num, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import {
  smoothPath,
  straightPath,
  valueRange,
  waterfallSteps,
  type ChartData,
  type ChartSeries,
} from "./chart-data.js";
import { seriesColor, withAlpha } from "./palette.js";
import type { ControlDef } from "./types.js";

export interface Selection {
  series: number;
  index: number;
}

export interface ChartViewProps {
  data: ChartData;
  def: ControlDef;
  tint: string;
  width: number;
  height: number;
  selected: Selection | null;
  /** A datum was tapped (or released after a scrub). */
  onPick(selection: Selection): void;
  /** The datum under a scrub, or null when it ends; drives the readout. */
  onScrub(selection: Selection | null): void;
}

const BAR_TYPES = new Set(["bar", "histogram", "waterfall"]);

export function niceTicks(min: number, max: number, count = 4): number[] {
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step)
    ticks.push(Number(t.toFixed(10)));
  return ticks;
}

interface Mark {
  series: number;
  index: number;
  from: number;
  to: number;
  colour: string;
}

/** The bars to draw: grouped into slots, or stacked (positives up, negatives down). */
function barMarks(
  data: ChartData,
  stacked: boolean,
  colourOf: (s: number) => string,
  cfg: Record<string, unknown>,
) {
  const marks: (Mark & { slot: number })[] = [];
  const connectors: { index: number; level: number }[] = [];
  const bars = data.series.map((s, i) => [s, i] as const).filter(([s]) => BAR_TYPES.has(s.type));
  const stacks = new Map<number, { up: number; down: number }>();
  bars.forEach(([series, seriesIndex], slot) => {
    if (series.type === "waterfall") {
      const up = cssColor(cfg.positiveColor, "#34C759");
      const down = cssColor(cfg.negativeColor, "#FF3B30");
      const total =
        cfg.totalColor === undefined
          ? colourOf(seriesIndex)
          : cssColor(cfg.totalColor, colourOf(seriesIndex));
      const steps = waterfallSteps(series.values, series.totals);
      steps.forEach((step, k) => {
        const colour = step.kind === "total" ? total : step.amount >= 0 ? up : down;
        marks.push({ series: seriesIndex, index: step.index, from: step.from, to: step.to, colour, slot });
        if (k < steps.length - 1) connectors.push({ index: step.index, level: step.level });
      });
      return;
    }
    series.values.forEach((v, index) => {
      if (v === null) return;
      let from = 0;
      if (stacked && series.type !== "histogram") {
        const stack = stacks.get(index) ?? { up: 0, down: 0 };
        from = v >= 0 ? stack.up : stack.down;
        if (v >= 0) stack.up += v;
        else stack.down += v;
        stacks.set(index, stack);
      }
      marks.push({ series: seriesIndex, index, from, to: from + v, colour: colourOf(seriesIndex), slot });
    });
  });
  const slots = stacked ? 1 : Math.max(1, bars.length);
  return {
    marks: marks.map((m) => ({ ...m, slot: stacked ? 0 : m.slot })),
    connectors,
    slots,
    count: bars.length,
  };
}

/** Line/area vertices per category, stacked areas on the ones before them. */
function lineVertices(data: ChartData, stacked: boolean) {
  const lower = new Map<number, number[]>();
  const running: number[] = data.categories.map(() => 0);
  const upper = new Map<number, (number | null)[]>();
  data.series.forEach((series, s) => {
    if (series.type !== "line" && series.type !== "area" && series.type !== "scatter") return;
    if (stacked && series.type === "area") {
      lower.set(s, [...running]);
      upper.set(
        s,
        data.categories.map((_, i) => {
          const v = series.values[i];
          if (v === null || v === undefined) return null;
          running[i] += v;
          return running[i];
        }),
      );
    } else upper.set(s, series.values);
  });
  return { lower, upper };
}

export function SvgChart({ data, def, tint, width, height, selected, onPick, onScrub }: ChartViewProps) {
  const cfg = config(def, "chartConfig");
  const horizontal = bool(cfg.horizontal, false);
  const stacked = bool(cfg.stacked, false);
  const smooth = bool(cfg.smooth, false);
  const scrub = bool(cfg.scrub, false);
  const format = str(def.formatValue) || undefined;
  const showGrid = bool(cfg.showGrid, true);
  const showValues = bool(cfg.showValues, false);
  const showValueAxis = bool(cfg.showYAxis, true);
  const showCategoryAxis = bool(cfg.showXAxis, true);
  const lineWidth = num(cfg.lineWidth, 2);
  const pointSize = num(cfg.pointSize, 6);
  const [scrubbing, setScrubbing] = useState<Selection | null>(null);

  const top = showValues ? 16 : 8;
  const left = horizontal ? (showCategoryAxis ? 64 : 8) : showValueAxis ? 40 : 8;
  const bottom = horizontal ? (showValueAxis ? 20 : 6) : showCategoryAxis ? 22 : 6;
  const right = horizontal && showValues ? 36 : 8;
  const plotW = Math.max(10, width - left - right);
  const plotH = Math.max(10, height - top - bottom);
  const range = valueRange(data, toNumber(cfg.yMin), toNumber(cfg.yMax), stacked);
  const n = Math.max(1, data.categories.length);
  const catLength = horizontal ? plotH : plotW;
  const band = catLength / n;
  const valuePx = (v: number) => {
    const f = (Math.max(range.min, Math.min(range.max, v)) - range.min) / (range.max - range.min);
    return horizontal ? left + f * plotW : top + plotH - f * plotH;
  };
  const catPx = (i: number) => (horizontal ? top : left) + band * i;
  const at = (catPos: number, v: number): [number, number] =>
    horizontal ? [valuePx(v), catPos] : [catPos, valuePx(v)];
  const box = (c0: number, size: number, v1: number, v2: number) => {
    const a = valuePx(v1);
    const b = valuePx(v2);
    return horizontal
      ? { x: Math.min(a, b), y: c0, width: Math.max(1, Math.abs(b - a)), height: size }
      : { x: c0, y: Math.min(a, b), width: size, height: Math.max(1, Math.abs(b - a)) };
  };
  const colourOf = (s: number) => seriesColor(s, data.series[s]?.color, cfg.colors, tint);
  const bars = barMarks(data, stacked, colourOf, cfg);
  const histogramOnly = bars.count > 0 && data.series.every((s) => s.type === "histogram");
  const groupShare = histogramOnly ? 1 : 0.72;
  const barSize = (band * groupShare) / bars.slots;
  const radius = histogramOnly ? 0 : Math.max(0, num(cfg.barCornerRadius, 3));
  const baseline = Math.max(range.min, Math.min(range.max, 0));
  const vertices = lineVertices(data, stacked);
  const labelEvery = Math.max(1, Math.ceil((n * (horizontal ? 16 : 48)) / catLength));
  const shown = scrubbing ?? selected;

  /** The category index and value under a pointer event. */
  const locate = (event: PointerEvent | MouseEvent): { index: number; value: number } => {
    const rect = (event.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const along = horizontal ? py - top : px - left;
    const index = Math.max(0, Math.min(n - 1, Math.floor(along / band)));
    const f = horizontal ? (px - left) / plotW : (top + plotH - py) / plotH;
    return { index, value: range.min + f * (range.max - range.min) };
  };
  /** The series nearest the pointer on the value axis among those with a datum at `index`. */
  const nearest = (index: number, value: number): Selection | null => {
    let best: Selection | null = null;
    let distance = Infinity;
    data.series.forEach((series, s) => {
      const level = valueAt(series, s, index, value);
      if (level === undefined) return;
      const d = Math.abs(level - value);
      if (d < distance) [best, distance] = [{ series: s, index }, d];
    });
    return best;
  };
  /** Where a series' datum at `index` sits on the value axis (the pointer's value inside a bar). */
  function valueAt(series: ChartSeries, s: number, index: number, value: number): number | undefined {
    const mark = bars.marks.find((m) => m.series === s && m.index === index);
    if (mark)
      return value >= Math.min(mark.from, mark.to) && value <= Math.max(mark.from, mark.to) ? value : mark.to;
    const v = vertices.upper.get(s)?.[index] ?? series.values[index];
    return v === null || v === undefined ? undefined : v;
  }

  const onClick = (event: MouseEvent) => {
    if (scrub) return;
    const target = (event.target as Element).closest("[data-si][data-index]");
    if (target) {
      onPick({
        series: Number(target.getAttribute("data-si")),
        index: Number(target.getAttribute("data-index")),
      });
      return;
    }
    const spot = locate(event);
    const pick = nearest(spot.index, spot.value);
    if (pick) onPick(pick);
  };
  const scrubTo = (event: PointerEvent) => {
    const spot = locate(event);
    const pick = nearest(spot.index, spot.value);
    if (pick && (pick.index !== scrubbing?.index || pick.series !== scrubbing.series)) {
      if (typeof navigator.vibrate === "function" && pick.index !== scrubbing?.index) navigator.vibrate(4);
      setScrubbing(pick);
      onScrub(pick);
    }
    return pick;
  };
  const scrubHandlers: Partial<JSX.SVGAttributes<SVGSVGElement>> = scrub
    ? {
        onPointerDown: (event) => {
          (event.currentTarget as SVGSVGElement).setPointerCapture(event.pointerId);
          scrubTo(event);
        },
        onPointerMove: (event) => {
          if (event.buttons !== 0) scrubTo(event);
        },
        onPointerUp: (event) => {
          const pick = scrubTo(event) ?? scrubbing;
          setScrubbing(null);
          onScrub(null);
          if (pick) onPick(pick);
        },
      }
    : {};

  const slotStart = (index: number, slot: number) =>
    catPx(index) + (band - barSize * bars.slots) / 2 + barSize * slot;
  const valueLabel = (v: number, pos: [number, number], key: string, anchorEnd = false) => (
    <text
      key={key}
      class="cc-chart-value"
      x={horizontal ? pos[0] + (anchorEnd ? -4 : 4) : pos[0]}
      y={horizontal ? pos[1] : pos[1] - 4}
      text-anchor={horizontal ? (anchorEnd ? "end" : "start") : "middle"}
      dominant-baseline={horizontal ? "middle" : "auto"}
    >
      {formatValue(v, format)}
    </text>
  );

  return (
    <svg
      class={`cc-chart-svg${horizontal ? " cc-chart--horizontal" : ""}${scrub ? " cc-chart--scrub" : ""}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      onClick={onClick}
      {...scrubHandlers}
    >
      {shown ? (
        <rect class="cc-chart-highlight" {...box(catPx(shown.index), band, range.min, range.max)} />
      ) : null}
      {niceTicks(range.min, range.max).map((tick) => {
        const p = valuePx(tick);
        return (
          <g key={tick}>
            {showGrid ? (
              horizontal ? (
                <line class="cc-chart-grid" x1={p} x2={p} y1={top} y2={top + plotH} />
              ) : (
                <line class="cc-chart-grid" x1={left} x2={left + plotW} y1={p} y2={p} />
              )
            ) : null}
            {showValueAxis ? (
              horizontal ? (
                <text class="cc-chart-axis" x={p} y={height - 6} text-anchor="middle">
                  {formatValue(tick, format)}
                </text>
              ) : (
                <text class="cc-chart-axis" x={left - 6} y={p} text-anchor="end" dominant-baseline="middle">
                  {formatValue(tick, format)}
                </text>
              )
            ) : null}
          </g>
        );
      })}
      {showCategoryAxis
        ? data.categories.map((category, i) =>
            i % labelEvery === 0 ? (
              horizontal ? (
                <text
                  key={`c${i}`}
                  class="cc-chart-axis cc-chart-category"
                  x={left - 6}
                  y={catPx(i) + band / 2}
                  text-anchor="end"
                  dominant-baseline="middle"
                >
                  {category}
                </text>
              ) : (
                <text
                  key={`c${i}`}
                  class="cc-chart-axis cc-chart-category"
                  x={catPx(i) + band / 2}
                  y={height - 6}
                  text-anchor="middle"
                >
                  {category}
                </text>
              )
            ) : null,
          )
        : null}
      {bars.connectors.map(({ index, level }) => {
        const mark = bars.marks.find((m) => m.index === index);
        const next = bars.marks.find((m) => m.index > index && m.series === mark?.series);
        if (!mark || !next) return null;
        const from = at(slotStart(index, mark.slot) + barSize - 1, level);
        const to = at(slotStart(next.index, next.slot) + 1, level);
        return (
          <line
            key={`w${index}`}
            class="cc-chart-connector"
            x1={from[0]}
            y1={from[1]}
            x2={to[0]}
            y2={to[1]}
          />
        );
      })}
      {bars.marks.map((mark) => {
        const geometry = box(
          slotStart(mark.index, mark.slot) + (histogramOnly ? 0 : 1),
          Math.max(1, barSize - (histogramOnly ? 1 : 2)),
          mark.from,
          mark.to,
        );
        const series = data.series[mark.series];
        const v = mark.to - mark.from;
        const end = at(slotStart(mark.index, mark.slot) + barSize / 2, mark.to);
        const selectedMark = shown?.index === mark.index;
        return (
          <g key={`b${mark.series}-${mark.index}`}>
            <rect
              class={`cc-chart-bar${selectedMark ? " cc-chart-selected" : ""}`}
              data-series={series.name}
              data-si={mark.series}
              data-index={mark.index}
              data-kind={series.type}
              {...geometry}
              rx={Math.min(radius, barSize / 2)}
              fill={mark.colour}
            >
              <title>{`${series.name ? `${series.name} · ` : ""}${data.categories[mark.index] ?? ""}: ${formatValue(series.type === "waterfall" ? v : mark.to, format)}`}</title>
            </rect>
            {showValues
              ? valueLabel(
                  series.type === "waterfall" ? v : (series.values[mark.index] ?? v),
                  end,
                  `v${mark.series}-${mark.index}`,
                  horizontal && mark.to < mark.from,
                )
              : null}
          </g>
        );
      })}
      {[...vertices.upper.entries()].map(([s, values]) => {
        const series = data.series[s];
        const colour = colourOf(s);
        const points = values
          .map((v, i) => (v === null || v === undefined ? null : { i, pos: at(catPx(i) + band / 2, v) }))
          .filter((p): p is { i: number; pos: [number, number] } => p !== null);
        const coords = points.map((p) => p.pos);
        const draw = smooth ? smoothPath : straightPath;
        const lower = vertices.lower.get(s);
        let area: string | null = null;
        if (series.type === "area" && coords.length > 0) {
          const floor = points.map((p) => at(catPx(p.i) + band / 2, lower ? lower[p.i] : baseline)).reverse();
          const back = smooth ? smoothPath(floor).replace(/^M/, "L") : straightPath(floor).replace(/^M/, "L");
          area = `${draw(coords)} ${back} Z`;
        }
        const dot = series.type === "scatter" ? pointSize : coords.length < 24 ? Math.min(pointSize, 4) : 0;
        return (
          <g key={`l${s}`} data-series-line={series.name}>
            {area ? <path class="cc-chart-area" d={area} fill={withAlpha(colour, "40")} /> : null}
            {series.type !== "scatter" ? (
              <path class="cc-chart-line" d={draw(coords)} stroke={colour} stroke-width={lineWidth} />
            ) : null}
            {points.map(({ i, pos }) =>
              dot > 0 ? (
                <circle
                  key={i}
                  class={`cc-chart-point${shown?.series === s && shown.index === i ? " cc-chart-selected" : ""}`}
                  data-series={series.name}
                  data-si={s}
                  data-index={i}
                  cx={pos[0]}
                  cy={pos[1]}
                  r={(dot / 2) * (series.type === "scatter" ? (series.sizes[i] ?? 1) : 1)}
                  fill={colour}
                />
              ) : null,
            )}
            {showValues
              ? points.map(({ i, pos }) => valueLabel(series.values[i] ?? 0, pos, `pv${s}-${i}`))
              : null}
          </g>
        );
      })}
      {scrubbing ? (
        horizontal ? (
          <line
            class="cc-chart-crosshair"
            x1={left}
            x2={left + plotW}
            y1={catPx(scrubbing.index) + band / 2}
            y2={catPx(scrubbing.index) + band / 2}
          />
        ) : (
          <line
            class="cc-chart-crosshair"
            x1={catPx(scrubbing.index) + band / 2}
            x2={catPx(scrubbing.index) + band / 2}
            y1={top}
            y2={top + plotH}
          />
        )
      ) : null}
    </svg>
  );
}
