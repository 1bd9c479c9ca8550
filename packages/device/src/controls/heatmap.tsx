import { useEffect, useRef } from "preact/hooks";
import { scaleLinear } from "d3-scale";
import { cssColor, hexRgb } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { normalizeHeatmap, type HeatmapData } from "./viz-data.js";
import { PlotArea, tintOf } from "./viz.js";
import type { ControlProps } from "./types.js";

/** After the last painted cell, `sendMode: "matrix"` waits this long before sending the whole grid. */
const MATRIX_SETTLE_MS = 400;

interface Cell {
  row: number;
  col: number;
}

/** A colour grid of values per row and column; `editable` cells change on tap and paint on drag. */
export function Heatmap({ def, ctx }: ControlProps) {
  const cfg = config(def, "heatmapConfig");
  const data = normalizeHeatmap(ctx.value.value ?? def.defaultValue);
  const tint = tintOf(def);
  const format = str(def.formatValue) || undefined;
  const colors = Array.isArray(cfg.colors) ? cfg.colors.map((c) => cssColor(c, tint)) : [];
  const discrete = bool(cfg.discrete, false) && colors.length > 0;
  const editable = bool(cfg.editable, false);
  const matrixMode = cfg.sendMode === "matrix";
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const paint = useRef<{ value: number; data: HeatmapData } | null>(null);
  useEffect(() => () => clearTimeout(settle.current), []);
  if (!data)
    return (
      <div {...rootProps(def, ctx)}>
        <div class="cc-placeholder">No data</div>
      </div>
    );

  const flat = data.values.flat();
  const vMin = num(cfg.vMin, Math.min(...flat));
  const vMaxRaw = num(cfg.vMax, Math.max(...flat));
  const vMax = vMaxRaw > vMin ? vMaxRaw : vMin + 1;
  const fill = colourScale(colors, tint, vMin, vMax, discrete);

  const edit = (current: HeatmapData, cell: Cell, value: number) => {
    if (current.values[cell.row][cell.col] === value) return current;
    const values = current.values.map((row, r) =>
      r === cell.row ? row.map((v, c) => (c === cell.col ? value : v)) : row,
    );
    const next = { rows: current.rows, cols: current.cols, values };
    ctx.commit(next, { fire: false });
    if (matrixMode) {
      clearTimeout(settle.current);
      settle.current = setTimeout(
        () => void ctx.fire("heatmapConfig.cellAction", { value: next }),
        MATRIX_SETTLE_MS,
      );
    } else {
      void ctx.fire("heatmapConfig.cellAction", { value: { row: cell.row, col: cell.col, value } });
    }
    return next;
  };
  const nextValue = (value: number) => {
    if (discrete) return (Math.round(value) + 1) % colors.length;
    return value === 0 ? vMax : 0;
  };
  return (
    <div {...rootProps(def, ctx, undefined, editable ? "cc-heatmap--editable" : "")}>
      <PlotArea
        draw={(size) => (
          <HeatmapGrid
            data={data}
            def={def}
            width={size.width}
            height={size.height}
            fill={fill}
            format={format}
            onDown={
              editable
                ? (cell) => {
                    const value = nextValue(data.values[cell.row][cell.col]);
                    paint.current = { value, data: edit(data, cell, value) };
                  }
                : undefined
            }
            onOver={
              editable && bool(cfg.drag, true)
                ? (cell) => {
                    if (paint.current)
                      paint.current.data = edit(paint.current.data, cell, paint.current.value);
                  }
                : undefined
            }
            onUp={() => (paint.current = null)}
          />
        )}
      />
      {bool(cfg.showScale, false) ? (
        <div class="cc-heatmap-scale">
          <span>{formatValue(vMin, format)}</span>
          <span
            class="cc-heatmap-ramp"
            style={{ background: `linear-gradient(to right, ${rampStops(fill, vMin, vMax).join(", ")})` }}
          />
          <span>{formatValue(vMax, format)}</span>
        </div>
      ) : null}
    </div>
  );
}

function colourScale(colors: string[], tint: string, vMin: number, vMax: number, discrete: boolean) {
  if (discrete) return (v: number) => colors[Math.min(colors.length - 1, Math.max(0, Math.round(v)))];
  const ramp = colors.length >= 2 ? colors : [`${hexRgb(tint) ?? "#667EEA"}1F`, tint];
  const stops = ramp.map((_, i) => vMin + ((vMax - vMin) * i) / (ramp.length - 1));
  const scale = scaleLinear<string>().domain(stops).range(ramp).clamp(true);
  return (v: number) => scale(v);
}

function rampStops(fill: (v: number) => string, vMin: number, vMax: number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].map((t) => fill(vMin + (vMax - vMin) * t));
}

interface GridProps {
  data: HeatmapData;
  def: ControlProps["def"];
  width: number;
  height: number;
  fill: (v: number) => string;
  format?: string;
  onDown?: (cell: Cell) => void;
  onOver?: (cell: Cell) => void;
  onUp: () => void;
}

function HeatmapGrid({ data, def, width, height, fill, format, onDown, onOver, onUp }: GridProps) {
  const cfg = config(def, "heatmapConfig");
  const gap = Math.max(0, num(cfg.cellGap, 2));
  const corner = Math.max(0, num(cfg.cellCorner, 3));
  const circle = cfg.cellShape === "circle";
  const left = bool(cfg.showRowLabels, true)
    ? Math.min(80, 8 + 7 * Math.max(...data.rows.map((r) => r.length)))
    : 0;
  const top = bool(cfg.showColLabels, true) ? 16 : 0;
  const cellW = (width - left) / data.cols.length;
  const cellH = (height - top) / data.rows.length;
  const showValues = bool(cfg.showValues, false);
  const cellAt = (event: PointerEvent): Cell | undefined => {
    const box = (event.currentTarget as SVGElement).getBoundingClientRect();
    const col = Math.floor((event.clientX - box.left - left) / cellW);
    const row = Math.floor((event.clientY - box.top - top) / cellH);
    return row >= 0 && col >= 0 && row < data.rows.length && col < data.cols.length
      ? { row, col }
      : undefined;
  };
  const last = useRef("");
  return (
    <svg
      class="cc-heatmap-svg"
      width={width}
      height={height}
      onPointerDown={
        onDown
          ? (event) => {
              const cell = cellAt(event);
              if (!cell) return;
              (event.currentTarget as SVGElement).setPointerCapture?.(event.pointerId);
              last.current = `${cell.row},${cell.col}`;
              onDown(cell);
            }
          : undefined
      }
      onPointerMove={
        onOver
          ? (event) => {
              if (event.buttons === 0) return;
              const cell = cellAt(event);
              const key = cell ? `${cell.row},${cell.col}` : "";
              if (!cell || key === last.current) return;
              last.current = key;
              onOver(cell);
            }
          : undefined
      }
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      {top > 0
        ? data.cols.map((label, c) => (
            <text
              key={`c${c}`}
              class="cc-chart-axis"
              x={left + cellW * (c + 0.5)}
              y={11}
              text-anchor="middle"
            >
              {label}
            </text>
          ))
        : null}
      {left > 0
        ? data.rows.map((label, r) => (
            <text
              key={`r${r}`}
              class="cc-chart-axis"
              x={left - 6}
              y={top + cellH * (r + 0.5)}
              text-anchor="end"
              dominant-baseline="middle"
            >
              {label}
            </text>
          ))
        : null}
      {data.values.map((row, r) =>
        row.map((value, c) => {
          const x = left + cellW * c + gap / 2;
          const y = top + cellH * r + gap / 2;
          const w = Math.max(1, cellW - gap);
          const h = Math.max(1, cellH - gap);
          const title = `${data.rows[r]} · ${data.cols[c]}: ${formatValue(value, format)}`;
          return (
            <g key={`${r}-${c}`} data-row={r} data-col={c} data-value={value}>
              {circle ? (
                <circle
                  class="cc-heatmap-cell"
                  cx={x + w / 2}
                  cy={y + h / 2}
                  r={Math.min(w, h) / 2}
                  fill={fill(value)}
                >
                  <title>{title}</title>
                </circle>
              ) : (
                <rect class="cc-heatmap-cell" x={x} y={y} width={w} height={h} rx={corner} fill={fill(value)}>
                  <title>{title}</title>
                </rect>
              )}
              {showValues && w > 18 && h > 12 ? (
                <text
                  class="cc-heatmap-value"
                  x={x + w / 2}
                  y={y + h / 2}
                  text-anchor="middle"
                  dominant-baseline="middle"
                >
                  {formatValue(value, format)}
                </text>
              ) : null}
            </g>
          );
        }),
      )}
    </svg>
  );
}
