import { useEffect, useRef, useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { polar, sectorPath, sliceAngles } from "./geometry.js";
import { donutRatio, normalizePie, pieCenterText } from "./pie-data.js";
import { seriesColor } from "./palette.js";
import type { ControlProps } from "./types.js";

const R = 90;

/** Weighted pick for the wheel: `random` in 0..1 lands on a slice in proportion to its value. */
export function pickWeighted(weights: number[], random: number): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return -1;
  let threshold = random * total;
  for (let i = 0; i < weights.length; i++) {
    threshold -= weights[i];
    if (threshold < 0 && weights[i] > 0) return i;
  }
  return weights.findLastIndex((w) => w > 0);
}

/** Pie/donut/wheel/menu of labelled slices; a tap (or a wheel landing) emits the slice label. */
export function PieChart({ def, ctx }: ControlProps) {
  const cfg = config(def, "pieConfig");
  const style = ["donut", "wheel", "menu"].includes(def.pieStyle as string)
    ? (def.pieStyle as string)
    : "pie";
  const slices = normalizePie(ctx.value.value ?? def.defaultValue);
  const [selected, setSelected] = useState<string | null>(null);
  const [spin, setSpin] = useState({ turn: 0, landing: -1 });
  const spinTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(spinTimer.current), []);
  const tint = cssColor(def.tint, "#667EEA");
  const format = str(def.formatValue) || undefined;
  const ratio = donutRatio(style, cfg.donutRatio);
  const inner = R * ratio;
  const angles = sliceAngles(
    slices.map((s) => s.value),
    num(cfg.startAngle, 0),
  );
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const showLabels = bool(cfg.showLabels, style !== "menu");
  const showValues = bool(cfg.showValues, false);
  const asPercent = bool(cfg.percent, false);
  const explode = bool(cfg.explodeSelected, style !== "wheel");
  const wheel = style === "wheel";
  const spinSeconds = Math.max(0.2, num(cfg.spinDuration, 4));
  const emit = (label: string) => ctx.fire("pieConfig.sliceAction", { value: label }).catch(() => undefined);
  const tap = (label: string) => {
    setSelected(label);
    void emit(label);
  };
  const spinWheel = () => {
    const landing = pickWeighted(
      slices.map((s) => s.value),
      Math.random(),
    );
    if (landing < 0) return;
    const mid = (angles[landing].start + angles[landing].end) / 2;
    const turn = spin.turn - (spin.turn % 360) + 360 * 5 + (360 - (mid % 360));
    setSpin({ turn, landing });
    clearTimeout(spinTimer.current);
    spinTimer.current = setTimeout(() => tap(slices[landing].label), spinSeconds * 1000);
  };
  const centre = str(cfg.centerText);
  const valueText = (value: number) =>
    asPercent ? `${total > 0 ? Math.round((value / total) * 100) : 0}%` : formatValue(value, format);
  return (
    <div {...rootProps(def, ctx, undefined, `cc-pie--${style}`)}>
      {slices.length === 0 || total <= 0 ? (
        <div class="cc-placeholder">No data</div>
      ) : (
        <div class="cc-pie-body">
          <svg class="cc-pie-svg" viewBox="-100 -100 200 200" role="img" aria-label={str(def.label, def.id)}>
            <g
              class="cc-pie-rotor"
              style={
                wheel
                  ? {
                      transform: `rotate(${spin.turn}deg)`,
                      transition: `transform ${spinSeconds}s cubic-bezier(0.12, 0.7, 0.1, 1)`,
                    }
                  : undefined
              }
            >
              {slices.map((slice, i) => {
                const { start, end } = angles[i];
                if (end <= start) return null;
                const mid = (start + end) / 2;
                const isSelected = selected === slice.label && explode;
                const offset = isSelected ? polar(0, 0, 6, mid) : { x: 0, y: 0 };
                const labelAt = polar(0, 0, inner > 0 ? (R + inner) / 2 : R * 0.62, mid);
                const colour = seriesColor(i, slice.color, cfg.colors, tint);
                return (
                  <g key={`${slice.label}-${i}`} transform={`translate(${offset.x} ${offset.y})`}>
                    <path
                      class={`cc-pie-slice${selected === slice.label ? " is-selected" : ""}`}
                      d={sectorPath(0, 0, R, inner, start, end)}
                      fill={colour}
                      data-label={slice.label}
                      onClick={wheel ? undefined : () => tap(slice.label)}
                    >
                      <title>{`${slice.label}: ${valueText(slice.value)}`}</title>
                    </path>
                    {(showLabels || showValues) && end - start > 16 ? (
                      <text
                        class="cc-pie-label"
                        x={labelAt.x}
                        y={labelAt.y}
                        text-anchor="middle"
                        dominant-baseline="middle"
                      >
                        {showLabels ? slice.label : ""}
                        {showValues ? (
                          <tspan x={labelAt.x} dy={showLabels ? 12 : 0}>
                            {valueText(slice.value)}
                          </tspan>
                        ) : null}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
            {wheel ? (
              <g class="cc-wheel-controls">
                <path class="cc-wheel-pointer" d="M-8 -100L8 -100L0 -84Z" />
                <circle class="cc-wheel-hub" r={Math.max(14, inner)} onClick={spinWheel} />
                <text
                  class="cc-pie-centre"
                  text-anchor="middle"
                  dominant-baseline="middle"
                  pointer-events="none"
                >
                  {spin.landing >= 0 ? slices[spin.landing]?.label : "Spin"}
                </text>
              </g>
            ) : inner > 0 && (centre || def.hideValue !== true) ? (
              <text class="cc-pie-centre" text-anchor="middle" dominant-baseline="middle">
                {centre ? pieCenterText(centre, formatValue(total, format)) : formatValue(total, format)}
              </text>
            ) : null}
          </svg>
          {bool(cfg.showLegend, false) ? (
            <ul class="cc-legend">
              {slices.map((slice, i) => (
                <li key={`${slice.label}-${i}`} class="cc-legend-item" onClick={() => tap(slice.label)}>
                  <span
                    class="cc-legend-dot"
                    style={{ background: seriesColor(i, slice.color, cfg.colors, tint) }}
                  />
                  <span class="cc-legend-label">{slice.label}</span>
                  <span class="cc-legend-value">{valueText(slice.value)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </div>
  );
}
