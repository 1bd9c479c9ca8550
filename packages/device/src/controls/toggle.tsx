import { rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/**
 * A boolean switch (or a lit button / icon toggle); each flip commits and emits true/false.
 * Self-labelled: the label sits inside the one button, so the whole cell is the hit target.
 */
export function Toggle({ def, ctx }: ControlProps) {
  const raw = ctx.value.value;
  const on = typeof raw === "boolean" ? raw : def.defaultValue === true;
  const style = def.style === "button" || def.style === "icon-toggle" ? def.style : "switch";
  const label = def.hideLabel === true ? "" : str(def.label);
  const icon = style === "switch" ? def.icon : on ? (def.onIcon ?? def.icon) : (def.offIcon ?? def.icon);
  return (
    <div {...rootProps(def, ctx)}>
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={str(def.label, def.id)}
        class={
          style === "switch" ? "cc-switch-row" : `cc-toggle-face cc-toggle--${style}${on ? " is-on" : ""}`
        }
        onClick={() => ctx.commit(!on)}
      >
        {style === "switch" ? (
          <>
            {icon ? <Icon name={icon} class="cc-toggle-icon" /> : null}
            {label ? <span class="cc-toggle-label">{label}</span> : null}
            <span class={`cc-switch${on ? " is-on" : ""}`}>
              <span class="cc-switch-knob" />
            </span>
          </>
        ) : (
          <>
            {icon ? <Icon name={icon} /> : null}
            {label ? <span>{label}</span> : style === "button" ? <span>{on ? "On" : "Off"}</span> : null}
          </>
        )}
      </button>
    </div>
  );
}
