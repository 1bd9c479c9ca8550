import type { Finding } from "@carter/kit";

/** Why an operation was refused. */
export type AuthoringErrorCode =
  /** The operation object itself is malformed (unknown `op`, a field of the wrong type). */
  | "bad_operation"
  /** A control, group, tab, grid or snapshot the operation names does not exist. */
  | "not_found"
  /** An id that is already used somewhere in the layout. */
  | "duplicate_id"
  /** A control type that is not one of the catalog's. */
  | "unknown_type"
  /** Out of the grid, overlapping another child, or no free cells left. */
  | "placement"
  /** The kit validator reports new errors for the result. */
  | "invalid"
  /** Undo or redo with nothing to undo or redo. */
  | "nothing_to_undo"
  | "nothing_to_redo";

/**
 * A refused operation: the document is left exactly as it was. `field` names the operation
 * field at fault (`control.type`, `position`, `parent`, …); `findings` holds the kit validator's
 * new errors when `code` is `invalid`.
 */
export class AuthoringError extends Error {
  readonly code: AuthoringErrorCode;
  readonly field: string | undefined;
  readonly findings: readonly Finding[];

  constructor(
    code: AuthoringErrorCode,
    message: string,
    options: { field?: string; findings?: Finding[] } = {},
  ) {
    super(message);
    this.name = "AuthoringError";
    this.code = code;
    this.field = options.field;
    this.findings = options.findings ?? [];
  }
}
