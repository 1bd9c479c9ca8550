import { useRef, useState } from "preact/hooks";
import { num, range, rootProps, snap, str } from "./fields.js";
import { formatValue } from "./format.js";
import { Icon } from "./icons.js";
import { RadialSlider } from "./slider-radial.js";
import type { ControlProps } from "./types.js";

/**
 * A number in min..max. The default style emits once at drag end and shows the dragged value
 * while the pointer is down, so pushes that arrive mid-drag don't yank the thumb; `scrubber`
 * emits continuously.
 */
export function Slider({ def, ctx }: ControlProps) {
  const { min, max, step } = range(def);
  const [dragged, setDragged] = useState<number | null>(null);
  const dragging = useRef<number | null>(null);
  const scrubber = def.style === "scrubber";
  const stored = ctx.value.value;
  const current = dragged ?? snap(num(stored ?? def.defaultValue, min), min, max, step);
  const readout = formatValue(current, str(def.formatValue, "decimal"), { step });
  const read = (event: Event) =>
    snap(Number((event.currentTarget as HTMLInputElement).value), min, max, step);
  // The release commits what the user dragged to, whatever was pushed meanwhile.
  const finish = () => {
    const value = dragging.current;
    if (value === null) return;
    dragging.current = null;
    setDragged(null);
    if (!scrubber) ctx.commit(value);
  };
  const percent = ((current - min) / (max - min)) * 100;
  if (def.style === "radial")
    return (
      <div {...rootProps(def, ctx, undefined, "cc-slider--radial")}>
        <RadialSlider
          value={current}
          min={min}
          max={max}
          step={step}
          label={str(def.label, def.id)}
          readout={def.hideValue === true ? "" : readout}
          def={def}
          onDrag={(value) => {
            dragging.current = value;
            setDragged(value);
          }}
          onRelease={finish}
        />
      </div>
    );
  return (
    <div {...rootProps(def, ctx, undefined, scrubber ? "cc-slider--scrubber" : "")}>
      <div class="cc-slider-row">
        {def.minIcon ? <Icon name={def.minIcon} class="cc-slider-end" /> : null}
        <input
          type="range"
          class="cc-range"
          min={min}
          max={max}
          step={step}
          value={current}
          aria-label={str(def.label, def.id)}
          style={{ "--fill": `${percent}%` }}
          onInput={(event) => {
            const value = read(event);
            dragging.current = value;
            setDragged(value);
            if (scrubber) ctx.commit(value);
          }}
          onChange={finish}
          onPointerUp={finish}
          onBlur={finish}
        />
        {def.maxIcon ? <Icon name={def.maxIcon} class="cc-slider-end" /> : null}
        {readout !== "" && def.hideValue !== true ? (
          <span class="cc-readout cc-slider-readout">{readout}</span>
        ) : null}
      </div>
    </div>
  );
}
