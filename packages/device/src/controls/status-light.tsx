import { cssColor } from "./color.js";
import { rootProps } from "./fields.js";
import { keyText, lookupMap } from "./maps.js";
import type { ControlProps } from "./types.js";

/** A coloured light for a state key: `statusColors[key]`, else the tint (green). */
export function StatusLight({ def, ctx }: ControlProps) {
  const value = ctx.value.value ?? def.defaultValue;
  const key = keyText(value);
  const mapped = value === undefined ? undefined : lookupMap<string>(def.statusColors, value);
  const colour = cssColor(mapped ?? def.tint, "#34C759");
  const size = def.size === "small" || def.size === "large" ? def.size : "default";
  const style = def.style === "badge" ? "badge" : "dot";
  const root = rootProps(
    def,
    ctx,
    undefined,
    `cc-status--${style} cc-status--${size}${def.pulse === true ? " cc-status--pulse" : ""}`,
  );
  root.style = { ...root.style, "--light": colour } as typeof root.style;
  return (
    <div {...root} data-state={key}>
      <span class="cc-light" aria-hidden="true" />
      <span class={style === "badge" ? "cc-status-badge-text" : "cc-status-key"}>
        {key === "" ? "—" : key}
      </span>
    </div>
  );
}
