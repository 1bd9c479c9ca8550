import { describe, expect, it } from "vitest";
import { closestControlType, getControlDoc, listControls, UnknownControlTypeError } from "./catalog.js";
import { COMMON_FIELDS } from "../spec/model.js";
import { SPEC_CONTROL_TYPES } from "./controls-spec.js";
import { formatControlDoc, formatControlList } from "./format.js";
import { CONTROL_PROSE } from "./prose.js";

const COMMON_FIELD_NAMES = new Set(COMMON_FIELDS.map((f) => f.name));

/** Problems with `example` measured against its own doc: unknown keys, bad enums, missing required fields. */
function exampleProblems(type: string): string[] {
  const doc = getControlDoc(type);
  const example = doc.example;
  const problems: string[] = [];
  if (example.type !== type) problems.push(`type is ${String(example.type)}`);
  if (typeof example.id !== "string") problems.push("no id");
  const topLevel = doc.fields.filter((f) => !f.in);
  const known = new Set([
    ...COMMON_FIELD_NAMES,
    ...topLevel.map((f) => f.name),
    ...Object.keys(doc.themeFields),
  ]);
  for (const key of Object.keys(example)) if (!known.has(key)) problems.push(`unknown field ${key}`);
  for (const field of doc.fields) {
    const holder = field.in ? (example[field.in] as Record<string, unknown> | undefined) : example;
    const value = holder?.[field.name];
    if (field.required && value === undefined) problems.push(`missing ${field.name}`);
    if (field.values && value !== undefined && !field.values.includes(String(value).split(":")[0])) {
      problems.push(`${field.name}=${String(value)} not in ${field.values.join("|")}`);
    }
  }
  if (doc.configKey && example[doc.configKey] !== undefined) {
    const inConfig = new Set(doc.fields.filter((f) => f.in === doc.configKey).map((f) => f.name));
    for (const key of Object.keys(example[doc.configKey] as object)) {
      if (!inConfig.has(key)) problems.push(`unknown ${doc.configKey}.${key}`);
    }
  }
  return problems;
}

describe("control catalog", () => {
  it("lists exactly the 43 types of controls.json, each with a category and summary", () => {
    const controls = listControls();
    expect(controls).toHaveLength(43);
    expect(controls.map((c) => c.type)).toEqual([...SPEC_CONTROL_TYPES]);
    for (const c of controls) {
      expect(["input", "display", "container", "layout"]).toContain(c.category);
      expect(c.summary.length).toBeGreaterThan(10);
      expect(c.summary).not.toContain("\n");
    }
    expect(Object.keys(CONTROL_PROSE).sort()).toEqual([...SPEC_CONTROL_TYPES].sort());
  });

  it("documents fields with type, default, enum values and required flags from controls.json", () => {
    const gauge = getControlDoc("gauge");
    expect(gauge.category).toBe("display");
    expect(gauge.fields.find((f) => f.name === "min")).toMatchObject({ type: "number", required: true });
    expect(gauge.fields.find((f) => f.name === "gaugeStyle")).toMatchObject({
      type: "enum",
      required: false,
      default: "half",
      values: ["half", "full"],
    });
    expect(gauge.value).toBe("number");
    expect(gauge.emits).toMatch(/display only/);
    const chart = getControlDoc("chart");
    expect(chart.configKey).toBe("chartConfig");
    expect(chart.fields.find((f) => f.name === "maxPoints")).toMatchObject({
      in: "chartConfig",
      default: 100,
    });
  });

  it.each([...SPEC_CONTROL_TYPES])("%s: its example uses only documented fields and values", (type) => {
    expect(exampleProblems(type)).toEqual([]);
  });

  it("finds types case-insensitively and hands out frozen docs", () => {
    expect(getControlDoc("PIECHART").type).toBe("pieChart");
    const doc = getControlDoc("slider");
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.example)).toBe(true);
  });

  it("rejects unknown types with the closest suggestion", () => {
    expect(() => getControlDoc("guage")).toThrow(UnknownControlTypeError);
    expect(() => getControlDoc("guage")).toThrow("did you mean 'gauge'?");
    expect(closestControlType("swtch")).toBeUndefined();
    expect(closestControlType("togle")).toBe("toggle");
    expect(closestControlType("pie")).toBe("pieChart");
    expect(closestControlType("datepicker")).toBe("datePicker");
    expect(closestControlType("spreadsheet")).toBeUndefined();
    const error = (() => {
      try {
        getControlDoc("xyzzy");
      } catch (e) {
        return e as UnknownControlTypeError;
      }
    })();
    expect(error?.suggestion).toBeUndefined();
    expect(error?.message).toBe("unknown control type 'xyzzy' (carter catalog lists all types)");
  });

  it("formats a doc page and the list table", () => {
    const page = formatControlDoc(getControlDoc("slider"));
    expect(page).toContain("slider (input)");
    expect(page).toContain('style  (enum; one of default | scrubber | radial; default "default")');
    expect(page).toContain('"type": "slider"');
    const table = formatControlList(listControls()).split("\n");
    expect(table).toHaveLength(43);
    expect(table[0]).toMatch(/^accordion\s+container\s+Stacked sections/);
  });
});
