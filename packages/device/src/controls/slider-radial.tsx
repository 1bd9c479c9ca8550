import { useRef, useState } from "preact/hooks";
import { arcBounds, arcPath, fraction, polar } from "./geometry.js";
import { num, snap } from "./fields.js";
import { toNumber } from "./format.js";

export interface RadialProps {
  value: number;
  min: number;
  max: number;
  step: number;
  label: string;
  readout: string;
  /** `arcAngle` (default 270), `arcRotation`, `arcThickness` (default 6). */
  def: Record<string, unknown>;
  /** The user is dragging (value) or let go (commit). */
  onDrag(value: number): void;
  onRelease(): void;
}

const RADIUS = 40;

/** The value along the arc for a pointer angle (degrees clockwise from 12 o'clock), or null in the gap. */
export function valueAtAngle(
  angle: number,
  arc: { start: number; sweep: number },
  range: { min: number; max: number; step: number },
): number {
  let along = (((angle - arc.start) % 360) + 360) % 360;
  // In the gap below an open arc, snap to the nearer end.
  if (along > arc.sweep) along = along - arc.sweep < (360 - arc.sweep) / 2 ? arc.sweep : 0;
  return snap(range.min + (along / arc.sweep) * (range.max - range.min), range.min, range.max, range.step);
}

/** `style: "radial"`: an arc the user drags around (arrow keys step), the readout in the middle. */
export function RadialSlider({ value, min, max, step, label, readout, def, onDrag, onRelease }: RadialProps) {
  const sweep = Math.min(360, Math.max(30, toNumber(def.arcAngle) ?? 270));
  const arc = { sweep, start: (sweep >= 360 ? 0 : -sweep / 2) + (toNumber(def.arcRotation) ?? 0) };
  const thickness = Math.max(1, num(def.arcThickness, 6));
  const box = arcBounds(arc, RADIUS, thickness + 10);
  const f = fraction(value, min, max);
  const thumb = polar(0, 0, RADIUS, arc.start + f * arc.sweep);
  const svg = useRef<SVGSVGElement>(null);
  const [active, setActive] = useState(false);
  const angleOf = (event: PointerEvent) => {
    const rect = svg.current!.getBoundingClientRect();
    const scale = (box.maxX - box.minX) / rect.width;
    const x = (event.clientX - rect.left) * scale + box.minX;
    const y = (event.clientY - rect.top) * scale + box.minY;
    return (Math.atan2(y, x) * 180) / Math.PI + 90;
  };
  const drag = (event: PointerEvent) => onDrag(valueAtAngle(angleOf(event), arc, { min, max, step }));
  return (
    <svg
      ref={svg}
      class={`cc-radial${active ? " is-active" : ""}`}
      viewBox={`${box.minX} ${box.minY} ${box.maxX - box.minX} ${box.maxY - box.minY}`}
      role="slider"
      tabindex={0}
      aria-label={label}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={readout}
      onPointerDown={(event) => {
        (event.currentTarget as SVGSVGElement).setPointerCapture(event.pointerId);
        setActive(true);
        drag(event);
      }}
      onPointerMove={(event) => {
        if (active) drag(event);
      }}
      onPointerUp={() => {
        setActive(false);
        onRelease();
      }}
      onPointerCancel={() => {
        setActive(false);
        onRelease();
      }}
      onKeyDown={(event) => {
        const delta = { ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step }[event.key];
        if (delta === undefined) return;
        event.preventDefault();
        onDrag(snap(value + delta, min, max, step));
        onRelease();
      }}
    >
      <path
        class="cc-radial-track"
        d={arcPath(0, 0, RADIUS, arc.start, arc.start + arc.sweep)}
        stroke-width={thickness}
      />
      {f > 0 ? (
        <path
          class="cc-radial-fill"
          d={arcPath(0, 0, RADIUS, arc.start, arc.start + f * arc.sweep)}
          stroke-width={thickness}
        />
      ) : null}
      <circle class="cc-radial-thumb" cx={thumb.x} cy={thumb.y} r={thickness / 2 + 4} />
      <text class="cc-radial-readout" x={0} y={0} text-anchor="middle" dominant-baseline="central">
        {readout}
      </text>
    </svg>
  );
}
