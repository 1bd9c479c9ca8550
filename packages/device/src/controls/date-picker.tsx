import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { dateMode, inputToIso, isoToInput, parseInstant, toIso, type DateMode } from "./date.js";
import {
  calendarMonth,
  clampDate,
  dayAllowed,
  partOf,
  wheelOptions,
  wheelParts,
  withPart,
  type DatePart,
} from "./date-parts.js";
import { rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";
import { useSize } from "./use-size.js";

const INPUT_TYPES = { date: "date", time: "time", dateAndTime: "datetime-local" } as const;
const PART_NAMES: Record<DatePart, string> = {
  month: "Month",
  day: "Day",
  year: "Year",
  hour: "Hour",
  minute: "Minute",
};
const WEEKDAYS = ["S", "M", "T", "W", "T", "F", "S"];

type PickerStyle = "compact" | "wheel" | "graphical";

interface PickerProps {
  mode: DateMode;
  /** The current instant (now when nothing is set yet). */
  date: Date;
  hasValue: boolean;
  min?: Date;
  max?: Date;
  label: string;
  /** Sends an instant (clamped to the bounds) as the ISO value. */
  pick(date: Date): void;
}

/**
 * An ISO 8601 instant, picked in the documented style: `compact` (the inline field that opens the
 * browser's picker), `wheel` (spinning columns per date/time part) or `graphical` (a month
 * calendar, with a time field in `dateAndTime`). Every pick emits the ISO string, kept inside
 * `dateMin`..`dateMax`.
 */
export function DatePicker({ def, ctx }: ControlProps) {
  const mode = dateMode(def.datePickerMode);
  const style: PickerStyle =
    def.datePickerStyle === "wheel" || def.datePickerStyle === "graphical" ? def.datePickerStyle : "compact";
  const value = ctx.value.value ?? def.defaultValue;
  const current = parseInstant(value);
  const min = parseInstant(def.dateMin);
  const max = parseInstant(def.dateMax);
  const props: PickerProps = {
    mode,
    date: current ?? clampDate(new Date(), min, max),
    hasValue: current !== undefined,
    min,
    max,
    label: str(def.label, def.id),
    pick: (date) => ctx.commit(toIso(clampDate(date, min, max))),
  };
  return (
    <div {...rootProps(def, ctx, undefined, `cc-date--${style}`)} data-style={style}>
      {style === "wheel" ? <Wheel {...props} /> : null}
      {style === "graphical" ? <Graphical {...props} /> : null}
      {style === "compact" ? <Compact {...props} /> : null}
    </div>
  );
}

function Compact({ mode, date, hasValue, min, max, label, pick }: PickerProps) {
  const bound = (edge?: Date) => (edge ? isoToInput(edge.toISOString(), mode) : undefined);
  return (
    <>
      <Icon name={mode === "time" ? "clock" : "calendar"} class="cc-date-icon" />
      <input
        class="cc-date-field"
        type={INPUT_TYPES[mode]}
        aria-label={label}
        value={hasValue ? isoToInput(date.toISOString(), mode) : ""}
        min={bound(min)}
        max={bound(max)}
        onChange={(event) => {
          const iso = inputToIso(event.currentTarget.value, mode, date);
          if (iso) pick(new Date(iso));
        }}
      />
    </>
  );
}

function Wheel({ mode, date, min, max, label, pick }: PickerProps) {
  return (
    <div class="cc-wheel" role="group" aria-label={label}>
      {wheelParts(mode).map((part) => (
        <WheelColumn
          key={part}
          part={part}
          options={wheelOptions(part, date, min, max)}
          selected={partOf(date, part)}
          choose={(n) => pick(withPart(date, part, n))}
        />
      ))}
    </div>
  );
}

/** One spinning column: scrolling snaps an option to the centre line and picks it; so do taps and arrow keys. */
function WheelColumn(props: {
  part: DatePart;
  options: { value: number; label: string }[];
  selected: number;
  choose(value: number): void;
}) {
  const { part, options, selected, choose } = props;
  const column = useRef<HTMLDivElement>(null);
  const centre = (smooth: boolean) => {
    const el = column.current;
    const option = el?.querySelector<HTMLElement>(`[data-value="${selected}"]`);
    if (!el || !option) return;
    const top = option.offsetTop - (el.clientHeight - option.offsetHeight) / 2;
    el.scrollTo({ top, behavior: smooth ? "smooth" : "instant" });
  };
  const { height } = useSize(column);
  const first = useRef(true);
  useLayoutEffect(() => {
    centre(!first.current);
    first.current = false;
  }, [selected, options.length]);
  useLayoutEffect(() => centre(false), [height]);
  const settle = () => {
    const el = column.current;
    if (!el) return;
    const line = el.scrollTop + el.clientHeight / 2;
    let nearest: HTMLElement | undefined;
    for (const option of el.querySelectorAll<HTMLElement>("[data-value]"))
      if (!nearest || Math.abs(mid(option) - line) < Math.abs(mid(nearest) - line)) nearest = option;
    const picked = Number(nearest?.dataset.value);
    if (nearest && picked !== selected) choose(picked);
  };
  const at = options.findIndex((o) => o.value === selected);
  return (
    <div
      ref={column}
      class="cc-wheel-column"
      role="listbox"
      tabIndex={0}
      aria-label={PART_NAMES[part]}
      data-part={part}
      onScrollEnd={settle}
      onKeyDown={(event) => {
        const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
        const next = options[at + step];
        if (step === 0 || !next) return;
        event.preventDefault();
        choose(next.value);
      }}
    >
      {options.map((option) => (
        <div
          key={option.value}
          role="option"
          class="cc-wheel-option"
          aria-selected={option.value === selected}
          data-value={option.value}
          onClick={() => option.value !== selected && choose(option.value)}
        >
          {option.label}
        </div>
      ))}
    </div>
  );
}

const mid = (el: HTMLElement) => el.offsetTop + el.offsetHeight / 2;

function Graphical(props: PickerProps) {
  const { mode, date, hasValue, min, max, label, pick } = props;
  const [shown, setShown] = useState({ year: date.getFullYear(), month: date.getMonth() });
  const anchor = `${date.getFullYear()}-${date.getMonth()}`;
  useEffect(() => setShown({ year: date.getFullYear(), month: date.getMonth() }), [anchor]);
  if (mode === "time") return <Compact {...props} />;
  const { lead, days } = calendarMonth(shown.year, shown.month);
  const turn = (delta: number) =>
    setShown(({ year, month }) => {
      const next = new Date(year, month + delta, 1);
      return { year: next.getFullYear(), month: next.getMonth() };
    });
  const title = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }).format(
    new Date(shown.year, shown.month, 1),
  );
  const isPicked = (day: number) =>
    hasValue &&
    date.getFullYear() === shown.year &&
    date.getMonth() === shown.month &&
    date.getDate() === day;
  return (
    <div class="cc-calendar" role="group" aria-label={label}>
      <div class="cc-calendar-head">
        <span class="cc-calendar-title">{title}</span>
        <button type="button" class="cc-calendar-turn" aria-label="Previous month" onClick={() => turn(-1)}>
          <Icon name="chevron.left" />
        </button>
        <button type="button" class="cc-calendar-turn" aria-label="Next month" onClick={() => turn(1)}>
          <Icon name="chevron.right" />
        </button>
      </div>
      <div class="cc-calendar-grid">
        {WEEKDAYS.map((name, i) => (
          <span key={`w${i}`} class="cc-calendar-weekday">
            {name}
          </span>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <span key={`b${i}`} />
        ))}
        {Array.from({ length: days }, (_, i) => i + 1).map((day) => (
          <button
            key={day}
            type="button"
            class="cc-calendar-day"
            data-day={day}
            aria-pressed={isPicked(day)}
            disabled={!dayAllowed(shown.year, shown.month, day, min, max)}
            onClick={() => {
              const next = new Date(date);
              next.setFullYear(shown.year, shown.month, day);
              pick(next);
            }}
          >
            {day}
          </button>
        ))}
      </div>
      {mode === "dateAndTime" ? (
        <div class="cc-calendar-time">
          <Compact {...props} mode="time" label={`${label} time`} />
        </div>
      ) : null}
    </div>
  );
}
