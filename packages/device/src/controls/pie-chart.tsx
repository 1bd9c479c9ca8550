import { useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { polar, sectorPath, sliceAngles, type SliceAngles } from "./geometry.js";
import { Icon } from "./icons.js";
import { blendAngles, donutRatio, normalizePie, pieCenterText, type PieSlice } from "./pie-data.js";
import {
  flickSpin,
  pickWeighted,
  sliceBoundaries,
  sliceUnderPointer,
  spinRotation,
  tapSpin,
  ticksBetween,
  type Spin,
} from "./pie-spin.js";
import { seriesColor } from "./palette.js";
import type { ControlProps } from "./types.js";

const R = 90;
/** Slices under ~4% of the circle drop their inline label and icon. */
const MIN_LABEL_SWEEP = 14.4;
/** A press that moves less than this (px) is a tap. */
const TAP_SLOP = 5;

const vibrate = (pattern: number | number[]) => {
  if (typeof navigator.vibrate === "function") navigator.vibrate(pattern);
};

/**
 * Pie, donut, spin-to-select wheel or radial menu of labelled slices. A slice tap (pie, donut,
 * menu) or a wheel landing fires `pieConfig.sliceAction` (else `action`) with the slice label;
 * the control's value stays the dataset.
 */
export function PieChart({ def, ctx }: ControlProps) {
  const cfg = config(def, "pieConfig");
  const style = ["donut", "wheel", "menu"].includes(def.pieStyle as string)
    ? (def.pieStyle as string)
    : "pie";
  const wheel = style === "wheel";
  const menu = style === "menu";
  const slices = normalizePie(ctx.value.value ?? def.defaultValue);
  const [selected, setSelected] = useState<string | null>(null);
  const tint = cssColor(def.tint, "#667EEA");
  const format = str(def.formatValue) || undefined;
  const inner = R * donutRatio(style, cfg.donutRatio);
  // Menu slices are equal buttons: the value does not size them.
  const angles = useSweep(
    sliceAngles(
      slices.map((s) => (menu ? 1 : s.value)),
      num(cfg.startAngle, 0),
    ),
  );
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const showLabels = bool(cfg.showLabels, !menu);
  const showValues = bool(cfg.showValues, false);
  const asPercent = bool(cfg.percent, false);
  const explode = bool(cfg.explodeSelected, !wheel);
  const hideValue = def.hideValue === true;
  const emit = (label: string) => {
    ctx.fire("pieConfig.sliceAction", { value: label }).catch(() => undefined);
  };
  const tap = (label: string) => {
    setSelected(label);
    emit(label);
  };
  const spinner = useWheelSpin({
    angles,
    slices,
    seconds: Math.max(0.2, num(cfg.spinDuration, 4)),
    ticks: bool(cfg.spinTicks, true),
    land: tap,
  });
  const valueText = (value: number) =>
    asPercent ? `${total > 0 ? Math.round((value / total) * 100) : 0}%` : formatValue(value, format);
  const centre = str(cfg.centerText);
  const hubIcon = str(def.icon);
  const empty = slices.length === 0 || (!menu && total <= 0);
  return (
    <div {...rootProps(def, ctx, undefined, `cc-pie--${style}`)}>
      {empty ? (
        <div class="cc-placeholder">No data</div>
      ) : (
        <div class="cc-pie-body">
          <svg
            class="cc-pie-svg"
            viewBox="-100 -100 200 200"
            role={wheel ? "button" : "img"}
            aria-label={str(def.label, def.id)}
            tabindex={wheel ? 0 : undefined}
            {...(wheel ? spinner.handlers : {})}
          >
            <g
              ref={spinner.rotor}
              class="cc-pie-rotor"
              transform={wheel ? `rotate(${spinner.rotation.current})` : undefined}
            >
              {slices.map((slice, i) => (
                <Slice
                  key={`${slice.label}-${i}`}
                  slice={slice}
                  angle={angles[i]}
                  inner={inner}
                  colour={seriesColor(i, slice.color, cfg.colors, tint)}
                  selected={selected === slice.label}
                  explode={explode && selected === slice.label}
                  iconSize={menu ? Math.min(30, (R - inner) * 0.42) : 14}
                  label={showLabels ? slice.label : ""}
                  value={showValues && !menu ? valueText(slice.value) : ""}
                  title={menu ? slice.label : `${slice.label}: ${valueText(slice.value)}`}
                  onTap={wheel ? undefined : () => tap(slice.label)}
                  button={menu}
                />
              ))}
            </g>
            {wheel || menu ? (
              <g
                class={wheel ? "cc-wheel-controls" : "cc-menu-hub"}
                pointer-events={menu ? "none" : undefined}
              >
                {wheel ? (
                  <path ref={spinner.pointer} class="cc-wheel-pointer" d="M-8 -100L8 -100L0 -84Z" />
                ) : null}
                <circle class="cc-wheel-hub" r={Math.max(14, inner)} />
                <HubContent
                  result={hideValue ? null : selected}
                  icon={hubIcon}
                  size={Math.max(14, inner)}
                  fallback={wheel ? "Spin" : ""}
                />
              </g>
            ) : inner > 0 && (centre || !hideValue) ? (
              <text class="cc-pie-centre" text-anchor="middle" dominant-baseline="middle">
                {centre ? pieCenterText(centre, formatValue(total, format)) : formatValue(total, format)}
              </text>
            ) : null}
          </svg>
          {bool(cfg.showLegend, false) ? (
            <ul class="cc-legend cc-legend--row">
              {slices.map((slice, i) => (
                <li
                  key={`${slice.label}-${i}`}
                  class="cc-legend-item"
                  onClick={wheel ? undefined : () => tap(slice.label)}
                >
                  <span
                    class="cc-legend-dot"
                    style={{ background: seriesColor(i, slice.color, cfg.colors, tint) }}
                  />
                  <span class="cc-legend-label">{slice.label}</span>
                  {menu ? null : <span class="cc-legend-value">{valueText(slice.value)}</span>}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </div>
  );
}

/** How long a pushed dataset takes to sweep into place. */
const SWEEP_MS = 300;

/** The slice angles as shown: a new dataset with the same slice count sweeps over `SWEEP_MS`. */
function useSweep(target: SliceAngles[]): SliceAngles[] {
  const [shown, setShown] = useState(target);
  const current = useRef(target);
  const frame = useRef(0);
  const key = target.map((a) => `${a.start},${a.end}`).join(";");
  useEffect(() => {
    cancelAnimationFrame(frame.current);
    const from = current.current;
    if (from.map((a) => `${a.start},${a.end}`).join(";") === key) return;
    if (from.length !== target.length) {
      current.current = target;
      setShown(target);
      return;
    }
    let t0 = -1;
    const step = (now: number) => {
      if (t0 < 0) t0 = now;
      const t = (now - t0) / SWEEP_MS;
      current.current = blendAngles(from, target, t);
      setShown(current.current);
      if (t < 1) frame.current = requestAnimationFrame(step);
    };
    frame.current = requestAnimationFrame(step);
  }, [key]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return shown.length === target.length ? shown : target;
}

interface SliceProps {
  slice: PieSlice;
  angle: SliceAngles;
  inner: number;
  colour: string;
  selected: boolean;
  explode: boolean;
  iconSize: number;
  label: string;
  value: string;
  title: string;
  onTap?: () => void;
  /** Menu slices are buttons (focusable, Enter/Space press them). */
  button: boolean;
}

function Slice(props: SliceProps) {
  const { start, end } = props.angle;
  if (end <= start) return null;
  const mid = (start + end) / 2;
  const offset = props.explode ? polar(0, 0, 6, mid) : { x: 0, y: 0 };
  const at = polar(0, 0, props.inner > 0 ? (R + props.inner) / 2 : R * 0.62, mid);
  const roomy = end - start >= MIN_LABEL_SWEEP;
  const icon = roomy && props.slice.icon ? props.slice.icon : "";
  const lines = roomy ? [props.label, props.value].filter((line) => line !== "") : [];
  const iconSize = lines.length > 0 ? Math.min(props.iconSize, 16) : props.iconSize;
  // The icon sits above the text lines; the whole stack centres on the slice's middle.
  const stack = (icon ? iconSize + 2 : 0) + lines.length * 11;
  const top = at.y - stack / 2;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    props.onTap?.();
  };
  return (
    <g
      class={`cc-pie-sector${props.button ? " cc-pie-button" : ""}`}
      transform={`translate(${offset.x} ${offset.y})`}
      role={props.button ? "button" : undefined}
      aria-label={props.button ? props.slice.label : undefined}
      tabindex={props.button ? 0 : undefined}
      onKeyDown={props.button ? onKeyDown : undefined}
    >
      <path
        class={`cc-pie-slice${props.selected ? " is-selected" : ""}`}
        d={sectorPath(0, 0, R, props.inner, start, end)}
        fill={props.colour}
        data-label={props.slice.label}
        onClick={props.onTap}
      >
        <title>{props.title}</title>
      </path>
      {icon ? (
        <g class="cc-pie-icon" transform={`translate(${at.x - iconSize / 2} ${top})`}>
          <Icon name={icon} size={iconSize} />
        </g>
      ) : null}
      {lines.map((line, n) => (
        <text
          key={n}
          class="cc-pie-label"
          x={at.x}
          y={top + (icon ? iconSize + 2 : 0) + n * 11 + 5.5}
          text-anchor="middle"
          dominant-baseline="middle"
        >
          {line}
        </text>
      ))}
    </g>
  );
}

/** The wheel/menu hub: the landed (or last picked) slice, else the control's icon, else `fallback`. */
function HubContent(props: { result: string | null; icon: string; size: number; fallback: string }) {
  if (props.result === null && props.icon) {
    const side = Math.min(28, props.size * 1.1);
    return (
      <g class="cc-pie-hub-icon" transform={`translate(${-side / 2} ${-side / 2})`} pointer-events="none">
        <Icon name={props.icon} size={side} />
      </g>
    );
  }
  const text = props.result ?? props.fallback;
  return text ? (
    <text
      class="cc-pie-centre cc-pie-hub-text"
      text-anchor="middle"
      dominant-baseline="middle"
      pointer-events="none"
    >
      {text}
    </text>
  ) : null;
}

interface WheelOptions {
  angles: SliceAngles[];
  slices: PieSlice[];
  seconds: number;
  ticks: boolean;
  land(label: string): void;
}

interface Press {
  id: number;
  x: number;
  y: number;
  moved: boolean;
  /** Last pointer angle around the hub (degrees clockwise from 12 o'clock). */
  angle: number;
  samples: { t: number; r: number }[];
}

/**
 * The wheel's spin: a tap spins at full strength onto a weighted pick; a flick spins with the
 * flick's own speed. The rotor turns frame by frame outside Preact's render; each slice boundary
 * the pointer passes ticks (a short vibration and a flick of the pointer) and the landing calls
 * `land` with the slice under the pointer.
 */
function useWheelSpin(options: WheelOptions) {
  const latest = useRef(options);
  latest.current = options;
  const rotation = useRef(0);
  const rotor = useRef<SVGGElement>(null);
  const pointer = useRef<SVGPathElement>(null);
  const frame = useRef(0);
  const spinning = useRef(false);
  const press = useRef<Press | null>(null);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const turnTo = (next: number) => {
    const { angles, ticks } = latest.current;
    const passed = ticksBetween(sliceBoundaries(angles), rotation.current, next);
    rotation.current = next;
    rotor.current?.setAttribute("transform", `rotate(${next})`);
    if (passed > 0 && ticks) {
      vibrate(4);
      pointer.current?.animate([{ transform: "rotate(-18deg)" }, { transform: "rotate(0deg)" }], {
        duration: 90,
      });
    }
  };
  const run = (spin: Spin) => {
    spinning.current = true;
    let t0 = -1;
    const step = (now: number) => {
      if (t0 < 0) t0 = now;
      turnTo(spinRotation(spin, now - t0));
      if (now - t0 < spin.duration) {
        frame.current = requestAnimationFrame(step);
        return;
      }
      spinning.current = false;
      const { angles, slices, land } = latest.current;
      const landed = sliceUnderPointer(angles, rotation.current);
      if (landed < 0 || !slices[landed]) return;
      vibrate([12, 60, 24]);
      land(slices[landed].label);
    };
    frame.current = requestAnimationFrame(step);
  };
  const spinAtRandom = () => {
    if (spinning.current) return;
    const { angles, slices, seconds } = latest.current;
    const landing = pickWeighted(
      slices.map((s) => s.value),
      Math.random(),
    );
    if (landing >= 0) run(tapSpin(angles, rotation.current, landing, Math.random(), seconds));
  };
  const angleAt = (event: PointerEvent) => {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    const dx = event.clientX - (box.left + box.width / 2);
    const dy = event.clientY - (box.top + box.height / 2);
    return (Math.atan2(dx, -dy) * 180) / Math.PI;
  };
  const handlers: JSX.SVGAttributes<SVGSVGElement> = {
    onPointerDown(event) {
      if (spinning.current || press.current) return;
      (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
      press.current = {
        id: event.pointerId,
        x: event.clientX,
        y: event.clientY,
        moved: false,
        angle: angleAt(event),
        samples: [{ t: event.timeStamp, r: rotation.current }],
      };
    },
    onPointerMove(event) {
      const p = press.current;
      if (!p || p.id !== event.pointerId) return;
      if (!p.moved && Math.hypot(event.clientX - p.x, event.clientY - p.y) < TAP_SLOP) return;
      p.moved = true;
      const angle = angleAt(event);
      const delta = ((((angle - p.angle + 180) % 360) + 360) % 360) - 180;
      p.angle = angle;
      turnTo(rotation.current + delta);
      p.samples.push({ t: event.timeStamp, r: rotation.current });
      while (p.samples.length > 2 && event.timeStamp - p.samples[0].t > 100) p.samples.shift();
    },
    onPointerUp(event) {
      const p = press.current;
      if (!p || p.id !== event.pointerId) return;
      press.current = null;
      if (!p.moved) {
        spinAtRandom();
        return;
      }
      const first = p.samples[0];
      const last = p.samples[p.samples.length - 1];
      const seconds = (event.timeStamp - first.t) / 1000;
      const spin =
        seconds > 0
          ? flickSpin(rotation.current, (last.r - first.r) / seconds, latest.current.seconds)
          : undefined;
      if (spin) run(spin);
    },
    onPointerCancel() {
      press.current = null;
    },
    onKeyDown(event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      spinAtRandom();
    },
  };
  return { rotation, rotor, pointer, handlers };
}
