import { hexRgb } from "./color.js";
import { rootProps, str } from "./fields.js";
import type { ControlProps } from "./types.js";

/**
 * A `#RRGGBB` colour from the native colour well; emits upper-case hex when the picker closes.
 * The invisible native input covers the swatch and the hex text, so the whole row opens it.
 */
export function ColorPicker({ def, ctx }: ControlProps) {
  const hex = hexRgb(ctx.value.value ?? def.defaultValue);
  return (
    <div {...rootProps(def, ctx)}>
      <label class="cc-color-well">
        <span class="cc-swatch" style={{ background: hex ?? "transparent" }} />
        <span class="cc-readout cc-color-hex">{hex ?? "—"}</span>
        <input
          type="color"
          aria-label={str(def.label, def.id)}
          value={(hex ?? "#667EEA").toLowerCase()}
          onChange={(event) => {
            const picked = hexRgb(event.currentTarget.value);
            if (picked) ctx.commit(picked);
          }}
        />
      </label>
    </div>
  );
}
