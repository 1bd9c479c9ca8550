import { signal } from "@preact/signals";
import { isObject, type JsonObject } from "../engine/json.js";

/**
 * The control-edit handoff (session-protocol §5.4): an editor's `control-edit-request` opens the
 * device's configurator on `editing`; "Send to editor" parks the result, which the editor
 * collects (once) with `get-pending-edit`.
 */
export class ControlEdits {
  /** The control open in the configurator, or `null`. */
  readonly editing = signal<JsonObject | null>(null);
  private pending: JsonObject | null = null;

  /** A `control-edit-request` payload; returns why it was not opened, or `null`. */
  request(payload: unknown): string | null {
    const control = isObject(payload) ? payload.control : undefined;
    if (!isObject(control) || typeof control.type !== "string" || control.type === "")
      return "control-edit-request: control must be an object with a type";
    this.editing.value = { ...control, id: typeof control.id === "string" ? control.id : control.type };
    return null;
  }

  /** The user tapped "Send to editor". */
  send(control: JsonObject): void {
    this.pending = control;
    this.editing.value = null;
  }

  dismiss(): void {
    this.editing.value = null;
  }

  /** `get-pending-edit`: the sent control once, then `null` until the next one. */
  drain(): { ok: true; control: JsonObject | null } {
    const control = this.pending;
    this.pending = null;
    return { ok: true, control };
  }

  clear(): void {
    this.pending = null;
    this.editing.value = null;
  }
}
