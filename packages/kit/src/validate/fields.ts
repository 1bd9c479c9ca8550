import type { FieldSpec, JsonKind } from "../spec/model.js";
import { pathKey, type JsonObject } from "../walk.js";
import type { FindingCode } from "./finding.js";
import type { Report } from "./report.js";

/** Checks a field that points at a sub-structure (action, sync, grid…); returns nothing. */
export type RefChecker = (field: FieldSpec, value: unknown, path: string) => void;

export interface ObjectCheck {
  /** Code for missing required fields, wrong types and rejected enum values (default per kind). */
  code?: FindingCode;
  /** Fields handled by the caller. */
  skip?: ReadonlySet<string>;
  checkRef: RefChecker;
}

export function kindOf(value: unknown): JsonKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : (typeof value as JsonKind);
}

const ARTICLE: Record<JsonKind, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

export function describeKinds(kinds: readonly JsonKind[]): string {
  const names = kinds.map((k) => ARTICLE[k]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Enum comparison as the app does it: only the part before the first `:` counts (`decimal:2`). */
export function enumBase(value: string): string {
  const colon = value.indexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

export function inEnum(value: string, values: readonly string[]): boolean {
  const base = enumBase(value);
  return values.some((v) => enumBase(v) === base);
}

/** Checks the documented fields of `object` against `spec`: presence, JSON kind and enum values. */
export function checkFields(
  object: JsonObject,
  fields: readonly FieldSpec[],
  path: string,
  report: Report,
  check: ObjectCheck,
): void {
  for (const field of fields) {
    if (check.skip?.has(field.name)) continue;
    const value = object[field.name];
    const at = pathKey(path, field.name);
    if (value === undefined) {
      if (field.required === "error")
        report.error(check.code ?? "missing_field", at, `required field "${field.name}" is missing`);
      else if (field.required === "warning")
        report.warn(
          "missing_field",
          at,
          `"${field.name}" is missing; the docs require it though the app falls back`,
        );
      continue;
    }
    if (field.ref) {
      check.checkRef(field, value, at);
      continue;
    }
    const kind = kindOf(value);
    if (field.kinds && !field.kinds.includes(kind)) {
      report.error(
        check.code ?? "bad_type",
        at,
        `"${field.name}" must be ${describeKinds(field.kinds)}, not ${ARTICLE[kind]}`,
      );
      continue;
    }
    if (field.itemKinds && Array.isArray(value)) {
      const itemKinds = field.itemKinds;
      value.forEach((item, index) => {
        if (!itemKinds.includes(kindOf(item)))
          report.error(
            check.code ?? "bad_type",
            `${at}[${index}]`,
            `items of "${field.name}" must be ${describeKinds(itemKinds)}`,
          );
      });
    }
    if (field.values && typeof value === "string" && !inEnum(value, field.values)) {
      const list = field.values.join(", ");
      if (field.enumIsError)
        report.error(
          check.code ?? "bad_enum",
          at,
          `"${field.name}" is "${value}"; it must be one of ${list}`,
        );
      else if (field.enumChecked)
        report.warn(
          "bad_enum",
          at,
          `"${field.name}" is "${value}", not one of ${list}; the app falls back to the default`,
        );
    }
  }
}

/** Requires `value` to be an object; reports `code` otherwise. */
export function requireObject(
  value: unknown,
  path: string,
  what: string,
  report: Report,
  code: FindingCode,
): value is JsonObject {
  if (kindOf(value) === "object") return true;
  report.error(code, path, `${what} must be an object, not ${ARTICLE[kindOf(value)]}`);
  return false;
}

export { ARTICLE };
