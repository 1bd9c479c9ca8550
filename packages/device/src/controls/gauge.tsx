import { num, range, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { arcBounds, arcPath, fraction, gaugeArc, gaugeZones, zoneColor } from "./geometry.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

const RADIUS = 80;

/** An arc gauge: `segments` colour the track, the value arc takes its zone's colour. */
export function Gauge({ def, ctx }: ControlProps) {
  const { min, max } = range(def, { min: 0, max: 100, step: 1 });
  const step = num(def.step, 1);
  const value = toNumber(ctx.value.value ?? def.defaultValue);
  const arc = gaugeArc(def);
  const thickness = Math.max(2, Math.min(40, num(def.arcThickness, 14)));
  const zones = gaugeZones(def.segments, min, max);
  const f = value === undefined ? 0 : fraction(value, min, max);
  const box = arcBounds(arc, RADIUS, thickness);
  const readoutSpace = arc.sweep < 200 ? 6 : 0;
  const width = box.maxX - box.minX;
  const height = box.maxY - box.minY + readoutSpace;
  const at = (t: number) => arc.start + t * arc.sweep;
  const fill = zoneColor(zones, f) ?? "var(--cc-tint)";
  const readout = value === undefined ? "—" : formatValue(value, str(def.formatValue) || undefined, { step });
  const readoutY = arc.sweep < 200 ? -22 : 8;
  return (
    <div {...rootProps(def, ctx)}>
      <svg
        class="cc-gauge-svg"
        viewBox={`${box.minX} ${box.minY} ${width} ${height}`}
        role="img"
        aria-label={`${str(def.label, def.id)} ${readout}`}
      >
        <path class="cc-gauge-track" d={arcPath(0, 0, RADIUS, at(0), at(1))} stroke-width={thickness} />
        {zones.map((zone, i) => (
          <path
            key={i}
            class="cc-gauge-zone"
            d={arcPath(0, 0, RADIUS, at(zone.from), at(zone.to))}
            stroke={zone.color}
            stroke-width={thickness}
          />
        ))}
        {f > 0 ? (
          <path
            class="cc-gauge-value"
            d={arcPath(0, 0, RADIUS, at(0), at(f))}
            stroke={fill}
            stroke-width={thickness}
          />
        ) : null}
        {def.hideValue === true ? null : (
          <text class="cc-gauge-readout" x="0" y={readoutY} text-anchor="middle" dominant-baseline="middle">
            {readout}
          </text>
        )}
        {arc.sweep < 360 && def.hideValue !== true ? (
          <text class="cc-gauge-bounds" x="0" y={readoutY + (arc.sweep < 200 ? 30 : 26)} text-anchor="middle">
            {`${formatValue(min)} – ${formatValue(max)}`}
          </text>
        ) : null}
      </svg>
      {def.icon ? <Icon name={def.icon} class="cc-gauge-icon" /> : null}
    </div>
  );
}
