/** The §14 finding kinds plus the wiring lint codes this validator adds. */
export type FindingCode =
  | "structure"
  | "missing_field"
  | "bad_type"
  | "duplicate_id"
  | "unknown_type"
  | "unknown_field"
  | "bad_enum"
  | "bad_position"
  | "out_of_bounds"
  | "overlap"
  | "bad_sync"
  | "unreachable_sync"
  | "bad_action"
  | "dead_action"
  | "unknown_source"
  | "bad_source"
  | "bad_sources"
  | "unused_source"
  | "bad_top_level"
  | "bad_alert"
  | "bad_publisher"
  | "bad_glance"
  /** Reported by tools reading files (`carter validate`), never by `validateLayout`. */
  | "unreadable"
  | "invalid_json";

export type Severity = "error" | "warning";

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** JSON path of the offending value, e.g. `$.tabs[0].children[2].action.event`. */
  path: string;
  message: string;
}

/**
 * Codes whose errors the published JSON Schema expresses too: a layout is schema-valid exactly
 * when the validator reports no error with one of these codes. The others need the whole layout
 * (ids, placement, declared sources) and are the validator's alone.
 */
export const STRUCTURAL_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  "structure",
  "missing_field",
  "bad_type",
  "unknown_type",
  "bad_sync",
  "bad_action",
  "dead_action",
  "bad_sources",
  "bad_alert",
  "bad_publisher",
]);
