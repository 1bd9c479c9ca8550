import { rootProps, strings } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/** One of `options`; tapping a segment commits its text. */
export function SegmentedControl({ def, ctx }: ControlProps) {
  const options = strings(def.options);
  const icons = strings(def.optionIcons);
  const raw = ctx.value.value ?? def.defaultValue;
  const selected = raw === undefined || raw === null ? undefined : String(raw);
  const style = def.style === "pills" ? "pills" : "default";
  return (
    <div {...rootProps(def, ctx, undefined, `cc-segmented--${style}`)} role="radiogroup">
      {options.length === 0 ? <span class="cc-placeholder">No options</span> : null}
      {options.map((option, i) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={option === selected}
          class={`cc-segment${option === selected ? " is-selected" : ""}`}
          onClick={() => ctx.commit(option)}
        >
          {icons[i] ? <Icon name={icons[i]} /> : null}
          <span>{option}</span>
        </button>
      ))}
    </div>
  );
}
