/**
 * The datePicker's wheel columns and calendar month, in local time (the wire value stays an ISO
 * instant; see date.ts).
 */
import type { DateMode } from "./date.js";

export type DatePart = "month" | "day" | "year" | "hour" | "minute";

export interface WheelOption {
  value: number;
  label: string;
}

/** The wheel's columns for a mode, in reading order. */
export function wheelParts(mode: DateMode): DatePart[] {
  if (mode === "date") return ["month", "day", "year"];
  if (mode === "time") return ["hour", "minute"];
  return ["month", "day", "year", "hour", "minute"];
}

export function daysInMonth(year: number, month: number): number {
  return new Date(year, month + 1, 0).getDate();
}

/** A part of a date (month 0–11, like `Date`). */
export function partOf(date: Date, part: DatePart): number {
  if (part === "month") return date.getMonth();
  if (part === "day") return date.getDate();
  if (part === "year") return date.getFullYear();
  if (part === "hour") return date.getHours();
  return date.getMinutes();
}

/** `date` with one part set; the day is kept inside the month (Jan 31 → Feb gives Feb 28/29). */
export function withPart(date: Date, part: DatePart, value: number): Date {
  const next = new Date(date);
  if (part === "hour") next.setHours(value);
  else if (part === "minute") next.setMinutes(value);
  else {
    const year = part === "year" ? value : date.getFullYear();
    const month = part === "month" ? value : date.getMonth();
    const day = Math.min(part === "day" ? value : date.getDate(), daysInMonth(year, month));
    next.setFullYear(year, month, day);
  }
  return next;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The choices of one wheel column around `date`: years span `dateMin`..`dateMax`, else ±50 years. */
export function wheelOptions(
  part: DatePart,
  date: Date,
  min?: Date,
  max?: Date,
  locale?: string,
): WheelOption[] {
  const range = (from: number, to: number, label: (n: number) => string) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ value: from + i, label: label(from + i) }));
  if (part === "month") {
    const name = new Intl.DateTimeFormat(locale, { month: "short" });
    return range(0, 11, (m) => name.format(new Date(2000, m, 1)));
  }
  if (part === "day") return range(1, daysInMonth(date.getFullYear(), date.getMonth()), String);
  if (part === "hour") return range(0, 23, pad);
  if (part === "minute") return range(0, 59, pad);
  const year = date.getFullYear();
  return range(min ? min.getFullYear() : year - 50, max ? max.getFullYear() : year + 50, String);
}

/** `date` moved inside `min`..`max` (either may be absent). */
export function clampDate(date: Date, min?: Date, max?: Date): Date {
  if (min && date < min) return new Date(min);
  if (max && date > max) return new Date(max);
  return date;
}

export interface CalendarMonth {
  /** Blank cells before the 1st (weeks start on Sunday). */
  lead: number;
  days: number;
}

export function calendarMonth(year: number, month: number): CalendarMonth {
  return { lead: new Date(year, month, 1).getDay(), days: daysInMonth(year, month) };
}

/** Whether any instant of the local day `year-month-day` lies inside `min`..`max`. */
export function dayAllowed(year: number, month: number, day: number, min?: Date, max?: Date): boolean {
  const start = new Date(year, month, day);
  const end = new Date(year, month, day + 1);
  return !(min && end <= min) && !(max && start > max);
}
