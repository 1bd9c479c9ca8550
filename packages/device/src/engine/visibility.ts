import { isObject, jsonEqual } from "./json.js";
import { toNumber } from "./receivers.js";

/** A `visible` condition (layout.md §6.3). */
export interface VisibilityCondition {
  when: string;
  operator: "eq" | "neq" | "gt" | "lt" | "gte" | "lte";
  value: unknown;
}

/** The condition of a control or group, or `undefined` when it has none (or a malformed one). */
export function visibilityOf(def: unknown): VisibilityCondition | undefined {
  if (!isObject(def) || !isObject(def.visible) || typeof def.visible.when !== "string") return undefined;
  const operator = typeof def.visible.operator === "string" ? def.visible.operator : "eq";
  return {
    when: def.visible.when,
    operator: operator as VisibilityCondition["operator"],
    value: def.visible.value,
  };
}

/**
 * Whether a condition holds for the watched control's current value. The spec leaves cross-type
 * comparison open; we compare numbers numerically when both sides read as numbers ("5" eq 5),
 * otherwise JSON-equal, and booleans also match their words ("true", "on").
 */
export function conditionHolds(condition: VisibilityCondition, current: unknown): boolean {
  const a = toNumber(current);
  const b = toNumber(condition.value);
  const numeric =
    a !== undefined &&
    b !== undefined &&
    typeof current !== "boolean" &&
    typeof condition.value !== "boolean";
  switch (condition.operator) {
    case "neq":
      return !looselyEqual(current, condition.value);
    case "gt":
      return numeric && a > b;
    case "lt":
      return numeric && a < b;
    case "gte":
      return numeric && a >= b;
    case "lte":
      return numeric && a <= b;
    default:
      return looselyEqual(current, condition.value);
  }
}

function looselyEqual(current: unknown, expected: unknown): boolean {
  if (jsonEqual(current, expected)) return true;
  if (typeof expected === "boolean" && typeof current === "string") {
    return current.toLowerCase() === String(expected);
  }
  if (typeof current === "boolean" && typeof expected === "string") {
    return expected.toLowerCase() === String(current);
  }
  const a = toNumber(current);
  const b = toNumber(expected);
  return (
    a !== undefined &&
    b !== undefined &&
    typeof current !== "boolean" &&
    typeof expected !== "boolean" &&
    a === b
  );
}
