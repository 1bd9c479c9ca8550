/**
 * The `formatValue` vocabulary (layout.md §6.2) shared by every numeric readout. Only the part
 * before the first `:` names the format; the rest is its argument (`decimal:2`, `suffix:°F`).
 */
export interface FormatOptions {
  /** The control's `step`: sets the decimals of `decimal` (slider/stepper) and plain numbers. */
  step?: number;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];
const BIT_RATE_UNITS = ["bps", "Kbps", "Mbps", "Gbps", "Tbps"];

/** Decimal places implied by a step (`0.25` → 2, `1` → 0). */
export function decimalsOf(step: number | undefined): number {
  if (step === undefined || !Number.isFinite(step) || step <= 0 || Number.isInteger(step)) return 0;
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Math.min(20, Number(exponent[1]));
  return Math.min(20, text.split(".")[1]?.length ?? 0);
}

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export interface NumberReading {
  /**
   * A synced value off the wire (engine receivers, visibility): decimal text only, and booleans
   * count as 1/0 (a toggle's state feeds a gauge). Layout fields (the default) take any numeric
   * text JavaScript reads (`"0x1F"` included) and no booleans.
   */
  wire?: boolean;
}

/** The device's one number parser: a finite number from a number or numeric text, else undefined. */
export function toNumber(value: unknown, reading: NumberReading = {}): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return reading.wire ? (value ? 1 : 0) : undefined;
  if (typeof value !== "string") return undefined;
  if (reading.wire) return DECIMAL.test(value) ? Number(value) : undefined;
  if (value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A number as a readout: the step's decimals when given, else at most two, without trailing zeros. */
export function plainNumber(n: number, step?: number): string {
  if (step !== undefined && step > 0) return n.toFixed(decimalsOf(step));
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 100) / 100);
}

function scaled(n: number, base: number, units: string[]): string {
  let magnitude = Math.abs(n);
  let unit = 0;
  while (magnitude >= base && unit < units.length - 1) {
    magnitude /= base;
    unit += 1;
  }
  const digits = unit === 0 || magnitude >= 100 ? 0 : 1;
  const text = magnitude.toFixed(digits).replace(/\.0$/, "");
  return `${n < 0 ? "-" : ""}${text} ${units[unit]}`;
}

function duration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? "-" : "";
  let rest = Math.round(Math.abs(totalSeconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${minutes}m`;
  if (minutes > 0) return `${sign}${minutes}m ${seconds}s`;
  return `${sign}${seconds}s`;
}

function clock(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? "-" : "";
  const whole = Math.floor(Math.abs(totalSeconds));
  const minutes = Math.floor(whole / 60);
  const seconds = whole % 60;
  return `${sign}${minutes}:${String(seconds).padStart(2, "0")}`;
}

/**
 * Formats a value for display. Non-numeric values pass through as text (booleans as
 * `true`/`false`, nullish as ""); unknown formats fall back to the plain number.
 */
export function formatValue(value: unknown, format?: string, options: FormatOptions = {}): string {
  const separator = format ? format.indexOf(":") : -1;
  const kind = format ? (separator >= 0 ? format.slice(0, separator) : format).trim() : "";
  const argument = format && separator >= 0 ? format.slice(separator + 1) : "";
  if (kind === "none") return "";
  const n = toNumber(value);
  if (n === undefined) {
    if (value === undefined || value === null) return "";
    if (typeof value === "object") return JSON.stringify(value);
    const text = String(value);
    if (kind === "suffix") return text + argument;
    if (kind === "prefix") return argument + text;
    return text;
  }
  switch (kind) {
    case "percent":
      return `${Math.round(n)}%`;
    case "decimal": {
      if (argument !== "") {
        const places = Math.max(0, Math.min(20, Math.floor(Number(argument)) || 0));
        return n.toFixed(places);
      }
      return n.toFixed(decimalsOf(options.step));
    }
    case "suffix":
      return plainNumber(n, options.step) + argument;
    case "prefix":
      return argument + plainNumber(n, options.step);
    case "bytes":
      return scaled(n, 1024, BYTE_UNITS);
    case "bytesKB":
      return scaled(n * 1024, 1024, BYTE_UNITS);
    case "bps":
      return scaled(n, 1000, BIT_RATE_UNITS);
    case "duration":
      return duration(n);
    case "time":
      return clock(n);
    default:
      return plainNumber(n, options.step);
  }
}
