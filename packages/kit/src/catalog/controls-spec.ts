import controlsJson from "../spec/controls.json" with { type: "json" };

/** One field as controls.json describes it. */
export interface SpecField {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  values?: string[];
  /** The config object the field lives in (e.g. `chartConfig`); absent = control top level. */
  in?: string;
  shape?: Record<string, string>;
  note?: string;
}

/** One control type's entry in controls.json. */
export interface SpecControl {
  category: string;
  docCategory: string;
  defaultSpan: [number, number];
  configKey?: string;
  fields: SpecField[];
  value: string;
  syncValue?: string;
  emits: string;
  themeFields?: Record<string, unknown>;
  notes?: string;
}

const spec = controlsJson as unknown as Record<string, unknown>;

/** The 43 placeable control types, in controls.json order (alphabetical). */
export const SPEC_CONTROL_TYPES: readonly string[] = Object.keys(spec).filter((key) => !key.startsWith("_"));

export function specControl(type: string): SpecControl | undefined {
  return type.startsWith("_") || !Object.hasOwn(spec, type) ? undefined : (spec[type] as SpecControl);
}
