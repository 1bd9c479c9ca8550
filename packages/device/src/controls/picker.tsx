import { rootProps, str, strings } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/** One of `options` from a menu (native select) or an inline/wheel list; emits the option text. */
export function Picker({ def, ctx }: ControlProps) {
  const options = strings(def.options);
  const raw = ctx.value.value ?? def.defaultValue;
  const selected = raw === undefined || raw === null ? "" : String(raw);
  const style = def.pickerStyle === "wheel" || def.pickerStyle === "inline" ? def.pickerStyle : "menu";
  if (style === "menu") {
    return (
      <div {...rootProps(def, ctx, undefined, "cc-picker--menu")}>
        <select
          class="cc-select"
          aria-label={str(def.label, def.id)}
          value={selected}
          onChange={(event) => ctx.commit(event.currentTarget.value)}
        >
          {options.includes(selected) ? null : (
            <option value={selected} disabled>
              {selected === "" ? "Select…" : selected}
            </option>
          )}
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <Icon name="chevron.down" class="cc-select-chevron" />
      </div>
    );
  }
  return (
    <div
      {...rootProps(def, ctx, undefined, `cc-picker--${style}`)}
      role="listbox"
      aria-label={str(def.label, def.id)}
    >
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role="option"
          aria-selected={option === selected}
          class={`cc-pick${option === selected ? " is-selected" : ""}`}
          onClick={() => ctx.commit(option)}
        >
          <span>{option}</span>
          {option === selected ? <Icon name="checkmark" /> : null}
        </button>
      ))}
    </div>
  );
}
