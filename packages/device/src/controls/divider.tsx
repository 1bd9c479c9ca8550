import { str } from "./fields.js";
import { rootProps } from "./fields.js";
import type { ControlProps } from "./types.js";

/** A rule with an optional centred label (drawn here, not by the card). */
export function Divider({ def, ctx }: ControlProps) {
  const label = str(def.label);
  return (
    <div
      {...rootProps(def, ctx, undefined, def.style === "dashed" ? "cc-divider--dashed" : "")}
      role="separator"
      aria-label={label || undefined}
    >
      <span class="cc-rule" />
      {label ? <span class="cc-divider-label">{label}</span> : null}
      {label ? <span class="cc-rule" /> : null}
    </div>
  );
}

/** Reserves grid cells and draws nothing. */
export function Spacer({ def, ctx }: ControlProps) {
  return <div {...rootProps(def, ctx)} aria-hidden="true" />;
}
