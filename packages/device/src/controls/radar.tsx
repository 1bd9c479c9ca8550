import { useRef, useState } from "preact/hooks";
import { curveCardinalClosed, curveLinearClosed, lineRadial } from "d3-shape";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { seriesColor } from "./palette.js";
import { normalizeRadar, type RadarData } from "./viz-data.js";
import { PlotArea, tintOf } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Spider chart over three or more axes; with `editable` the first series' points drag along their axes. */
export function Radar({ def, ctx }: ControlProps) {
  const cfg = config(def, "radarConfig");
  const synced = normalizeRadar(ctx.value.value ?? def.defaultValue);
  const [drag, setDrag] = useState<RadarData | null>(null);
  const data = drag ?? synced;
  const tint = tintOf(def);
  if (!data || data.series.length === 0)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">{data ? "No series" : "Needs 3 or more axes"}</div>
      </div>
    );
  const format = str(def.formatValue) || undefined;
  const max =
    num(cfg.maxValue, 0) > 0
      ? num(cfg.maxValue, 0)
      : (data.max ?? Math.max(1e-9, ...data.series.flatMap((s) => s.values)));
  const step = num(cfg.step, 0);
  const editable = bool(cfg.editable, false);
  const colourOf = (i: number) => seriesColor(i, data.series[i].color, cfg.colors, tint);
  const release = (final: RadarData) => {
    setDrag(null);
    ctx.commit(
      { axes: final.axes, ...(final.max !== undefined ? { max: final.max } : {}), series: final.series },
      { fire: false },
    );
    void ctx.fire("action", { value: { axes: final.axes, values: final.series[0].values } });
  };
  return (
    <div {...rootProps(def, ctx)}>
      <PlotArea
        draw={({ width, height }) => (
          <RadarPlot
            data={data}
            width={width}
            height={height}
            max={max}
            rings={Math.max(1, Math.min(12, Math.round(num(cfg.rings, 4))))}
            curved={bool(cfg.curved, false)}
            fillOpacity={num(cfg.fillOpacity, 0.25)}
            showPoints={bool(cfg.showPoints, true)}
            showValues={bool(cfg.showValues, false)}
            showAxisLabels={bool(cfg.showAxisLabels, true)}
            colourOf={colourOf}
            format={format}
            onDrag={
              editable
                ? (axis, value) => {
                    const snapped = step > 0 ? Math.round(value / step) * step : value;
                    const clamped = Math.min(max, Math.max(0, Number(snapped.toFixed(10))));
                    const base = drag ?? data;
                    const first = {
                      ...base.series[0],
                      values: base.series[0].values.map((v, i) => (i === axis ? clamped : v)),
                    };
                    const next = { ...base, series: [first, ...base.series.slice(1)] };
                    setDrag(next);
                    return next;
                  }
                : undefined
            }
            onRelease={release}
          />
        )}
      />
      {bool(cfg.showLegend, false) ? (
        <ul class="cc-legend cc-legend--row">
          {data.series.map((s, i) => (
            <li key={i} class="cc-legend-item">
              <span class="cc-legend-dot" style={{ background: colourOf(i) }} />
              <span class="cc-legend-label">{s.name ?? `Series ${i + 1}`}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface PlotProps {
  data: RadarData;
  width: number;
  height: number;
  max: number;
  rings: number;
  curved: boolean;
  fillOpacity: number;
  showPoints: boolean;
  showValues: boolean;
  showAxisLabels: boolean;
  colourOf: (i: number) => string;
  format?: string;
  onDrag?: (axis: number, value: number) => RadarData;
  onRelease: (final: RadarData) => void;
}

function RadarPlot(props: PlotProps) {
  const { data, width, height, max, rings, showAxisLabels, colourOf, format } = props;
  const n = data.axes.length;
  const margin = showAxisLabels ? 34 : 10;
  const radius = Math.max(10, Math.min(width, height) / 2 - margin);
  const cx = width / 2;
  const cy = height / 2;
  const angle = (i: number) => (2 * Math.PI * i) / n;
  const at = (i: number, r: number) => ({ x: cx + r * Math.sin(angle(i)), y: cy - r * Math.cos(angle(i)) });
  const r = (v: number) => (Math.max(0, v) / max) * radius;
  const shape = lineRadial<number>()
    .angle((_, i) => angle(i))
    .radius((v) => r(v))
    .curve(props.curved ? curveCardinalClosed : curveLinearClosed);
  const dragging = useRef<{ axis: number; latest: RadarData } | null>(null);
  const move = (event: PointerEvent) => {
    const current = dragging.current;
    if (!current || !props.onDrag) return;
    const box = (event.currentTarget as SVGElement).getBoundingClientRect();
    const dx = event.clientX - box.left - cx;
    const dy = event.clientY - box.top - cy;
    const along = dx * Math.sin(angle(current.axis)) - dy * Math.cos(angle(current.axis));
    current.latest = props.onDrag(current.axis, (along / radius) * max);
  };
  const up = () => {
    const current = dragging.current;
    dragging.current = null;
    if (current) props.onRelease(current.latest);
  };
  return (
    <svg
      class="cc-radar-svg"
      width={width}
      height={height}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
    >
      {Array.from({ length: rings }, (_, k) => {
        const ringR = (radius * (k + 1)) / rings;
        const points = data.axes
          .map((_, i) => at(i, ringR))
          .map((p) => `${p.x},${p.y}`)
          .join(" ");
        return <polygon key={k} class="cc-radar-ring" points={points} />;
      })}
      {data.axes.map((axis, i) => {
        const end = at(i, radius);
        const label = at(i, radius + 14);
        const anchor = Math.abs(label.x - cx) < 4 ? "middle" : label.x > cx ? "start" : "end";
        return (
          <g key={`a${i}`}>
            <line class="cc-radar-spoke" x1={cx} y1={cy} x2={end.x} y2={end.y} />
            {showAxisLabels ? (
              <text
                class="cc-chart-axis"
                x={label.x}
                y={label.y}
                text-anchor={anchor}
                dominant-baseline="middle"
              >
                {axis}
              </text>
            ) : null}
          </g>
        );
      })}
      {data.series.map((series, s) => (
        <g key={`s${s}`} class="cc-radar-series" data-series={s}>
          <path
            class="cc-radar-area"
            d={shape(series.values) ?? ""}
            transform={`translate(${cx} ${cy})`}
            fill={colourOf(s)}
            fill-opacity={props.fillOpacity}
            stroke={colourOf(s)}
          />
          {series.values.map((v, i) => {
            const p = at(i, r(v));
            const draggable = s === 0 && props.onDrag !== undefined;
            return (
              <g key={i}>
                {props.showPoints || draggable ? (
                  <circle
                    class={`cc-radar-point${draggable ? " is-draggable" : ""}`}
                    data-axis={i}
                    cx={p.x}
                    cy={p.y}
                    r={draggable ? 6 : 3.5}
                    fill={colourOf(s)}
                    onPointerDown={
                      draggable
                        ? (event) => {
                            event.preventDefault();
                            (event.currentTarget as SVGElement).ownerSVGElement?.setPointerCapture?.(
                              event.pointerId,
                            );
                            dragging.current = { axis: i, latest: data };
                          }
                        : undefined
                    }
                  >
                    <title>{`${data.axes[i]}: ${formatValue(v, format)}`}</title>
                  </circle>
                ) : null}
                {props.showValues ? (
                  <text class="cc-radar-value" x={p.x} y={p.y - 9} text-anchor="middle">
                    {formatValue(v, format)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
