import { filterMatches, splitValuePath, valueAtPath } from "@carter/protocol";
import { isObject, type JsonObject } from "./json.js";

/** One meshsocket `sync` binding of a control, compiled for matching (layout.md §7.1). */
export interface Binding {
  controlId: string;
  /** Frame type to listen to; `broadcast` when the layout omits it. */
  event: string;
  filter: JsonObject | undefined;
  path: readonly string[];
}

/**
 * The meshsocket bindings of a control. A lone sync object is wrapped in an array; bindings of
 * other transports (mqtt, http, sensor) are not handled by the browser device and are skipped.
 */
export function compileBindings(controlId: string, sync: unknown): Binding[] {
  const entries = Array.isArray(sync) ? sync : isObject(sync) ? [sync] : [];
  const out: Binding[] = [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const method = entry.method ?? "meshsocket";
    if (method !== "meshsocket") continue;
    out.push({
      controlId,
      event: typeof entry.event === "string" && entry.event !== "" ? entry.event : "broadcast",
      filter: isObject(entry.filter) ? entry.filter : undefined,
      path: splitValuePath(entry.valuePath),
    });
  }
  return out;
}

/** A delivery: which control gets which raw value. */
export interface Delivery {
  controlId: string;
  value: unknown;
}

const ANY = "\u0000any";

/**
 * Bindings indexed by frame type and, when the filter pins a string `msg_type`, by that too, so a
 * frame only visits the bindings that could match it (hundreds of controls at 50 frames/s).
 */
export class BindingIndex {
  private readonly byEvent = new Map<string, Map<string, Binding[]>>();

  constructor(bindings: Iterable<Binding> = []) {
    for (const binding of bindings) this.add(binding);
  }

  add(binding: Binding): void {
    let byMsgType = this.byEvent.get(binding.event);
    if (!byMsgType) this.byEvent.set(binding.event, (byMsgType = new Map()));
    const msgType = binding.filter?.msg_type;
    const key = typeof msgType === "string" ? msgType : ANY;
    const bucket = byMsgType.get(key);
    if (bucket) bucket.push(binding);
    else byMsgType.set(key, [binding]);
  }

  /** Frame types some binding listens to. */
  events(): string[] {
    return [...this.byEvent.keys()];
  }

  /**
   * Every delivery a frame of `type` with `payload` produces, in binding order per bucket. A
   * binding whose path does not resolve ignores the frame.
   */
  match(type: string, payload: unknown): Delivery[] {
    const byMsgType = this.byEvent.get(type);
    if (!byMsgType) return [];
    const out: Delivery[] = [];
    const msgType = isObject(payload) ? payload.msg_type : undefined;
    if (typeof msgType === "string") {
      const pinned = byMsgType.get(msgType);
      if (pinned) collect(pinned, payload, out);
    }
    const loose = byMsgType.get(ANY);
    if (loose) collect(loose, payload, out);
    return out;
  }
}

function collect(bindings: Binding[], payload: unknown, out: Delivery[]): void {
  for (const binding of bindings) {
    if (!filterMatches(binding.filter, payload)) continue;
    const value = valueAtPath(payload, binding.path);
    if (value !== undefined) out.push({ controlId: binding.controlId, value });
  }
}
