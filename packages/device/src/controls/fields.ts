/** Typed reads of optional layout fields (layout JSON is untrusted: wrong types fall back). */
import type { JSX } from "preact";
import { cssColor } from "./color.js";
import { toNumber } from "./format.js";
import { isRecord } from "./document.js";
import type { ControlContext, ControlDef } from "./types.js";

export function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

export function num(value: unknown, fallback: number): number {
  return toNumber(value) ?? fallback;
}

export function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === "string" ? item : String(item))) : [];
}

/** A `*Config` object of the control (`graphConfig`, `pieConfig`, …), empty when absent. */
export function config(def: ControlDef, key: string): Record<string, unknown> {
  const value = def[key];
  return isRecord(value) ? value : {};
}

/** Min/max/step with the usual defaults, repaired so max > min and step > 0. */
export function range(def: ControlDef, defaults = { min: 0, max: 100, step: 1 }) {
  const min = num(def.min, defaults.min);
  let max = num(def.max, defaults.max);
  if (!(max > min)) max = min + 1;
  const rawStep = num(def.step, defaults.step);
  return { min, max, step: rawStep > 0 ? rawStep : defaults.step };
}

/** Clamps to min..max and snaps to the step grid from min. */
export function snap(value: number, min: number, max: number, step: number): number {
  const clamped = Math.min(max, Math.max(min, value));
  const snapped = min + Math.round((clamped - min) / step) * step;
  const decimals = Math.min(10, (String(step).split(".")[1] ?? "").length);
  return Math.min(max, Number(snapped.toFixed(decimals)));
}

/** The root element's class and tint variable, shared by every control. */
export function rootProps(def: ControlDef, ctx: ControlContext, tintFallback?: string, extra = "") {
  const style: Record<string, string> = {};
  const tint = def.tint === undefined ? tintFallback : cssColor(def.tint, tintFallback ?? "");
  if (tint) style["--tint"] = tint;
  return {
    class: `cc cc-${def.type}${ctx.pending.value ? " cc-pending" : ""}${extra ? ` ${extra}` : ""}`,
    style: style as JSX.CSSProperties,
    "data-control": def.type,
    "data-id": def.id,
  };
}
