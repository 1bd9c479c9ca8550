import { dateMode, inputToIso, isoToInput, parseInstant } from "./date.js";
import { rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

const INPUT_TYPES = { date: "date", time: "time", dateAndTime: "datetime-local" } as const;

/** An ISO 8601 instant edited with the browser's date/time input; emits the ISO string. */
export function DatePicker({ def, ctx }: ControlProps) {
  const mode = dateMode(def.datePickerMode);
  const value = ctx.value.value ?? def.defaultValue;
  const bounds = (edge: unknown) => isoToInput(edge, mode) || undefined;
  return (
    <div {...rootProps(def, ctx)}>
      <Icon name={mode === "time" ? "clock" : "calendar"} class="cc-date-icon" />
      <input
        class="cc-date-field"
        type={INPUT_TYPES[mode]}
        aria-label={str(def.label, def.id)}
        value={isoToInput(value, mode)}
        min={bounds(def.dateMin)}
        max={bounds(def.dateMax)}
        onChange={(event) => {
          const iso = inputToIso(event.currentTarget.value, mode, parseInstant(value));
          if (iso) ctx.commit(iso);
        }}
      />
    </div>
  );
}
