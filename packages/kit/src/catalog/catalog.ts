import { SPEC_CONTROL_TYPES, specControl, type SpecField } from "./controls-spec.js";
import { CONTROL_PROSE } from "./prose.js";

export type ControlCategory = "input" | "display" | "container" | "layout";

/** One field of a control, as `carter doc` and the editor show it. */
export interface FieldDoc {
  name: string;
  /** `number`, `string`, `bool`, `color`, `enum`, `action`, `object[]`, … as controls.json writes it. */
  type: string;
  required: boolean;
  default?: unknown;
  /** Allowed values of an enum field. */
  values?: readonly string[];
  /** Config object holding the field (e.g. `chartConfig`); absent = the control's top level. */
  in?: string;
  /** Keys of an object-shaped field and what each holds. */
  shape?: Readonly<Record<string, string>>;
  note?: string;
}

/** Everything we document about one control type. */
export interface ControlDoc {
  type: string;
  category: ControlCategory;
  summary: string;
  /** `[rowSpan, colSpan]` the docs suggest; builders don't apply it automatically. */
  defaultSpan: readonly [number, number];
  configKey?: string;
  fields: readonly FieldDoc[];
  /** The value the control holds. */
  value: string;
  /** What a sync binding may deliver, when the control takes synced values. */
  syncValue?: string;
  /** What the control sends, and when. */
  emits: string;
  themeFields: Readonly<Record<string, unknown>>;
  notes?: string;
  /** A small control object that validates (position `[0, 0]`, its default span). */
  example: Readonly<Record<string, unknown>>;
}

export interface ControlSummary {
  type: string;
  category: ControlCategory;
  summary: string;
}

/** Thrown for a type that is not one of the 43; `suggestion` is the closest known type, if any. */
export class UnknownControlTypeError extends Error {
  readonly type: string;
  readonly suggestion: string | undefined;

  constructor(type: string, suggestion: string | undefined) {
    super(
      `unknown control type '${type}'` +
        (suggestion ? `; did you mean '${suggestion}'?` : "") +
        " (carter catalog lists all types)",
    );
    this.name = "UnknownControlTypeError";
    this.type = type;
    this.suggestion = suggestion;
  }
}

function fieldDoc(field: SpecField): FieldDoc {
  const doc: FieldDoc = { name: field.name, type: field.type, required: field.required === true };
  if (field.default !== undefined) doc.default = field.default;
  if (field.values) doc.values = field.values;
  if (field.in) doc.in = field.in;
  if (field.shape) doc.shape = field.shape;
  if (field.note) doc.note = field.note;
  return doc;
}

function buildDoc(type: string): ControlDoc {
  const spec = specControl(type);
  const prose = CONTROL_PROSE[type];
  if (!spec || !prose) throw new Error(`catalog is missing control type '${type}'`);
  const doc: ControlDoc = {
    type,
    category: spec.category as ControlCategory,
    summary: prose.summary,
    defaultSpan: spec.defaultSpan,
    fields: spec.fields.map(fieldDoc),
    value: spec.value,
    emits: spec.emits,
    themeFields: spec.themeFields ?? {},
    example: prose.example,
  };
  if (spec.configKey) doc.configKey = spec.configKey;
  if (spec.syncValue) doc.syncValue = spec.syncValue;
  if (spec.notes) doc.notes = spec.notes;
  return doc;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const DOCS: ReadonlyMap<string, ControlDoc> = new Map(
  SPEC_CONTROL_TYPES.map((type) => [type, deepFreeze(buildDoc(type))]),
);
const DOCS_BY_LOWER_TYPE: ReadonlyMap<string, ControlDoc> = new Map(
  [...DOCS.values()].map((doc) => [doc.type.toLowerCase(), doc]),
);

/** The 43 control types with category and one-line summary, alphabetical. */
export function listControls(): ControlSummary[] {
  return [...DOCS.values()].map(({ type, category, summary }) => ({ type, category, summary }));
}

/**
 * The documentation of `type` (frozen; shared by every caller). Case-insensitive, so
 * `piechart` finds `pieChart`. Unknown types throw `UnknownControlTypeError` with a suggestion.
 */
export function getControlDoc(type: string): ControlDoc {
  const doc = DOCS.get(type) ?? DOCS_BY_LOWER_TYPE.get(type.toLowerCase());
  if (!doc) throw new UnknownControlTypeError(type, closestControlType(type));
  return doc;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known type nearest to `name` (case-insensitive edit distance, or a type that contains it
 * or is contained in it), or undefined when nothing is reasonably close.
 */
export function closestControlType(name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted.length === 0) return undefined;
  let best: { type: string; score: number } | undefined;
  for (const type of DOCS.keys()) {
    const candidate = type.toLowerCase();
    const contains = candidate.includes(wanted) || wanted.includes(candidate);
    // Containment ranks above any edit, the nearer length first ("char" -> chart before pieChart).
    const score =
      contains && Math.min(wanted.length, candidate.length) >= 3
        ? 0.5 + Math.abs(candidate.length - wanted.length) / 1000
        : editDistance(wanted, candidate);
    if (!best || score < best.score) best = { type, score };
  }
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  return best && best.score <= tolerance ? best.type : undefined;
}
