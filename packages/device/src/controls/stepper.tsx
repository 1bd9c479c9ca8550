import { num, range, rootProps, snap, str } from "./fields.js";
import { formatValue } from "./format.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/**
 * − value + within min..max; every press commits the new number. Self-labelled, so the buttons
 * get the card's full height: the label sits beside them, or over the value in a narrow cell.
 */
export function Stepper({ def, ctx }: ControlProps) {
  const { min, max, step } = range(def);
  const current = snap(num(ctx.value.value ?? def.defaultValue, min), min, max, step);
  const move = (direction: 1 | -1) => ctx.commit(snap(current + direction * step, min, max, step));
  const name = str(def.label, def.id);
  const label = def.hideLabel === true ? "" : str(def.label);
  return (
    <div {...rootProps(def, ctx)}>
      <div class={`cc-stepper-body${label ? " cc-stepper--labelled" : ""}`}>
        {label ? <span class="cc-stepper-label">{label}</span> : null}
        <button
          type="button"
          class="cc-step cc-step--down"
          aria-label={`Decrease ${name}`}
          disabled={current <= min}
          onClick={() => move(-1)}
        >
          <Icon name="minus" />
        </button>
        <span class="cc-readout cc-stepper-value">
          {def.icon ? <Icon name={def.icon} /> : null}
          {formatValue(current, str(def.formatValue, "decimal"), { step })}
        </span>
        <button
          type="button"
          class="cc-step cc-step--up"
          aria-label={`Increase ${name}`}
          disabled={current >= max}
          onClick={() => move(1)}
        >
          <Icon name="plus" />
        </button>
      </div>
    </div>
  );
}
