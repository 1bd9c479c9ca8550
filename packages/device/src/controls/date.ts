/**
 * datePicker conversions between ISO 8601 instants (the wire value) and the browser's local
 * `<input type=date|time|datetime-local>` text.
 */
export type DateMode = "date" | "time" | "dateAndTime";

const pad = (n: number) => String(n).padStart(2, "0");

export function dateMode(value: unknown): DateMode {
  return value === "date" || value === "time" ? value : "dateAndTime";
}

export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isoToInput(value: unknown, mode: DateMode): string {
  const date = parseInstant(value);
  if (!date) return "";
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (mode === "date") return day;
  if (mode === "time") return time;
  return `${day}T${time}`;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the app's ISO form (no milliseconds). */
export function toIso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Input text back to an ISO instant; a time keeps the date of `base` (today when absent). */
export function inputToIso(text: string, mode: DateMode, base?: Date): string | undefined {
  if (text === "") return undefined;
  let date: Date;
  if (mode === "time") {
    const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!match) return undefined;
    date = new Date(base ?? Date.now());
    date.setHours(Number(match[1]), Number(match[2]), Number(match[3] ?? 0), 0);
  } else if (mode === "date") {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return undefined;
    date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  } else {
    date = new Date(text);
  }
  return Number.isNaN(date.getTime()) ? undefined : toIso(date);
}
