import { range, rootProps, str } from "./fields.js";
import { formatValue, toNumber } from "./format.js";
import { arcPath, fraction } from "./geometry.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/** Progress of a number through min..max as a ring or a bar; the readout is the percentage. */
export function ProgressRing({ def, ctx }: ControlProps) {
  const { min, max } = range(def);
  const value = toNumber(ctx.value.value ?? def.defaultValue);
  const f = value === undefined ? 0 : fraction(value, min, max);
  const format = str(def.formatValue);
  const readout = value === undefined ? "—" : format ? formatValue(value, format) : `${Math.round(f * 100)}%`;
  const showValue = def.hideValue !== true;
  if (def.progressStyle === "bar") {
    return (
      <div {...rootProps(def, ctx, undefined, "cc-progress--bar")}>
        <div
          class="cc-bar-track"
          role="progressbar"
          aria-valuemin={min}
          aria-valuemax={max}
          aria-valuenow={value}
        >
          <div class="cc-bar-fill" style={{ width: `${f * 100}%` }} />
        </div>
        {showValue ? <span class="cc-readout cc-progress-readout">{readout}</span> : null}
      </div>
    );
  }
  // The readout is HTML over the SVG so its size follows the ring (cqmin) with a legible floor.
  return (
    <div {...rootProps(def, ctx, undefined, "cc-progress--ring")}>
      <div class="cc-ring">
        <svg
          class="cc-ring-svg"
          viewBox="-50 -50 100 100"
          role="progressbar"
          aria-valuemin={min}
          aria-valuemax={max}
          aria-valuenow={value}
        >
          <circle class="cc-ring-track" r="44" />
          {f > 0 ? <path class="cc-ring-fill" d={arcPath(0, 0, 44, 0, f * 360)} /> : null}
        </svg>
        <div class="cc-ring-centre">
          {def.icon ? <Icon name={def.icon} class="cc-ring-icon" /> : null}
          {showValue ? <span class="cc-readout cc-progress-readout">{readout}</span> : null}
        </div>
      </div>
    </div>
  );
}
