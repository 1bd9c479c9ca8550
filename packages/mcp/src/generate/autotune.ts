/** Gauge ranges and colour zones from sample values and what the field's name says it measures. */

export interface GaugeTuning {
  min: number;
  max: number;
  step: number;
  /** Upper limits with colours, low to high. */
  segments: { limit: number; color: string }[];
  /** What the name suggested (`percent`, `temperature`…), or null. */
  unit: string | null;
  /** True when high values are bad (load, temperature), so the top zone is red. */
  highIsBad: boolean;
}

const GREEN = "#22c55e";
const AMBER = "#f59e0b";
const RED = "#ef4444";

interface UnitRule {
  unit: string;
  pattern: RegExp;
  range?: [number, number];
  highIsBad: boolean;
}

const UNITS: readonly UnitRule[] = [
  {
    unit: "percent",
    pattern: /(pct|percent|%|usage|util|cpu|mem|humidity|load_pct)/i,
    range: [0, 100],
    highIsBad: true,
  },
  { unit: "battery", pattern: /(battery|charge|soc|level)/i, range: [0, 100], highIsBad: false },
  { unit: "temperature", pattern: /(temp|celsius|_c$|degc)/i, highIsBad: true },
  { unit: "voltage", pattern: /(volt|_v$)/i, highIsBad: true },
  { unit: "rpm", pattern: /rpm/i, highIsBad: true },
  { unit: "latency", pattern: /(latency|ping|_ms$|delay)/i, highIsBad: true },
  { unit: "signal", pattern: /(rssi|signal|snr|quality)/i, highIsBad: false },
];

/** 1, 2, 2.5 or 5 times a power of ten, at least `value`. */
export function niceCeil(value: number): number {
  if (value <= 0) return value === 0 ? 0 : -niceFloor(-value);
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value - 1e-9) return m * power;
  return 10 * power;
}

/** The nice number at most `value`. */
export function niceFloor(value: number): number {
  if (value <= 0) return value === 0 ? 0 : -niceCeil(-value);
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [10, 5, 2.5, 2, 1]) if (m * power <= value + 1e-9) return m * power;
  return power;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}

/** Tunes a gauge for `samples` (at least one finite number) of the field `field`. */
export function autotuneGauge(samples: readonly number[], field = ""): GaugeTuning {
  const values = samples.filter((v) => Number.isFinite(v));
  if (values.length === 0) throw new Error("samples: need at least one finite number");
  const rule = UNITS.find((u) => u.pattern.test(field));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  let min: number;
  let max: number;
  if (rule?.range && lo >= rule.range[0] && hi <= rule.range[1]) [min, max] = rule.range;
  else if (lo >= 0 && hi <= 1 && values.some((v) => !Number.isInteger(v))) [min, max] = [0, 1];
  else {
    min = lo >= 0 ? 0 : niceFloor(lo * 1.2);
    max = niceCeil(Math.max(hi * 1.25, hi + 1));
  }
  const span = max - min;
  const step = span <= 1 ? 0.01 : span <= 10 ? 0.1 : 1;
  const highIsBad = rule?.highIsBad ?? true;
  const at = (fraction: number) => round(min + span * fraction);
  const segments = highIsBad
    ? [
        { limit: at(0.7), color: GREEN },
        { limit: at(0.9), color: AMBER },
        { limit: max, color: RED },
      ]
    : [
        { limit: at(0.2), color: RED },
        { limit: at(0.4), color: AMBER },
        { limit: max, color: GREEN },
      ];
  return { min, max, step, segments, unit: rule?.unit ?? null, highIsBad };
}
