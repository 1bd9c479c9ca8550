import { str } from "./fields.js";
import { rootProps } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/** A boolean switch (or a lit button / icon toggle); each flip commits and emits true/false. */
export function Toggle({ def, ctx }: ControlProps) {
  const raw = ctx.value.value;
  const on = typeof raw === "boolean" ? raw : def.defaultValue === true;
  const style = def.style === "button" || def.style === "icon-toggle" ? def.style : "switch";
  const flip = () => ctx.commit(!on);
  const name = str(def.label, def.id);
  if (style === "switch") {
    return (
      <div {...rootProps(def, ctx)}>
        {def.icon ? <Icon name={def.icon} class="cc-toggle-icon" /> : null}
        <button type="button" role="switch" aria-checked={on} aria-label={name} class={`cc-switch${on ? " is-on" : ""}`} onClick={flip}>
          <span class="cc-switch-knob" />
        </button>
      </div>
    );
  }
  const icon = on ? def.onIcon ?? def.icon : def.offIcon ?? def.icon;
  return (
    <div {...rootProps(def, ctx)}>
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={name}
        class={`cc-toggle-face cc-toggle--${style}${on ? " is-on" : ""}`}
        onClick={flip}
      >
        {icon ? <Icon name={icon} /> : null}
        {style === "button" ? <span>{on ? "On" : "Off"}</span> : null}
      </button>
    </div>
  );
}
