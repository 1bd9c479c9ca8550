import { filterMatches } from "@carter/protocol";
import type { ControlDef } from "../controls/types.js";
import { isObject } from "../engine/json.js";

/** `watch-traffic` samples each control at most this often, whatever an editor asks (§5.5). */
export const TRAFFIC_MIN_SAMPLE_MS = 250;
/** Forwarded values are cut to this many bytes of JSON. */
export const TRAFFIC_VALUE_LIMIT = 1024;

type Send = (payload: Record<string, unknown>) => void;

interface Sample {
  payload: Record<string, unknown>;
  lastSent: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A value as forwarded: itself, or its JSON text cut to 1 KB and flagged `truncated`. */
export function trafficValue(value: unknown): { value: unknown; truncated?: true } {
  const text = JSON.stringify(value) ?? "null";
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= TRAFFIC_VALUE_LIMIT) return { value };
  let cut = new TextDecoder().decode(bytes.slice(0, TRAFFIC_VALUE_LIMIT));
  // A multi-byte character split at the limit decodes to U+FFFD: drop it.
  if (cut.endsWith("\uFFFD")) cut = cut.slice(0, -1);
  return { value: cut, truncated: true };
}

/** The binding a delivered frame matched, for `valuePath` and `event` in the record. */
function matchedBinding(
  def: ControlDef | undefined,
  type: string,
  payload: unknown,
): Record<string, unknown> {
  const entries = Array.isArray(def?.sync) ? def.sync : isObject(def?.sync) ? [def.sync] : [];
  for (const entry of entries) {
    if (!isObject(entry) || (entry.method ?? "meshsocket") !== "meshsocket") continue;
    const event = typeof entry.event === "string" && entry.event !== "" ? entry.event : "broadcast";
    if (event !== type || !filterMatches(isObject(entry.filter) ? entry.filter : undefined, payload))
      continue;
    return typeof entry.valuePath === "string" && entry.valuePath !== ""
      ? { valuePath: entry.valuePath }
      : {};
  }
  return {};
}

/**
 * The live-edit traffic tap (`watch-traffic`, session-protocol §5.5): forwards each sync value the
 * layout receives as `studio.traffic`, at most once per `sample_ms` (≥ 250 ms) per control, the
 * latest value winning, cut to 1 KB.
 */
export class TrafficTap {
  private enabled = false;
  private sampleMs = TRAFFIC_MIN_SAMPLE_MS;
  private filter: ((control: string, msgType: string | undefined) => boolean) | null = null;
  private readonly samples = new Map<string, Sample>();

  constructor(
    private readonly send: Send,
    private readonly controlDef: (id: string) => ControlDef | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get watching(): boolean {
    return this.enabled;
  }

  /** Applies a `watch-traffic` request; `{ok:true}` or `{ok:false, error}` naming the field. */
  configure(request: unknown): { ok: true } | { ok: false; error: string } {
    if (!isObject(request) || typeof request.enable !== "boolean")
      return { ok: false, error: "enable: must be true or false" };
    if (!request.enable) {
      this.stop();
      return { ok: true };
    }
    const sample = request.sample_ms ?? TRAFFIC_MIN_SAMPLE_MS;
    if (typeof sample !== "number" || !Number.isFinite(sample))
      return { ok: false, error: "sample_ms: must be a number of milliseconds" };
    const filter = request.filter;
    let accept: ((control: string, msgType: string | undefined) => boolean) | null;
    if (filter === undefined || filter === null) accept = null;
    else if (typeof filter === "string")
      accept = (control, msgType) => control === filter || msgType === filter;
    else if (Array.isArray(filter) && filter.every((f) => typeof f === "string"))
      accept = (control) => filter.includes(control);
    else return { ok: false, error: "filter: a control id or msg_type, or an array of control ids" };
    this.stop();
    this.enabled = true;
    this.sampleMs = Math.max(TRAFFIC_MIN_SAMPLE_MS, sample);
    this.filter = accept;
    return { ok: true };
  }

  /** One sync value on its way to a control. */
  observe(control: string, value: unknown, type: string, payload: unknown): void {
    if (!this.enabled) return;
    const msgType = isObject(payload) && typeof payload.msg_type === "string" ? payload.msg_type : undefined;
    if (this.filter && !this.filter(control, msgType)) return;
    const record: Record<string, unknown> = {
      msg_type: "studio.traffic",
      control,
      ...trafficValue(value),
      ...matchedBinding(this.controlDef(control), type, payload),
      event: type,
    };
    if (msgType !== undefined) record.frameMsgType = msgType;
    let sample = this.samples.get(control);
    if (!sample)
      this.samples.set(control, (sample = { payload: record, lastSent: -Infinity, timer: undefined }));
    sample.payload = record;
    const wait = sample.lastSent + this.sampleMs - this.now();
    if (wait <= 0) this.flush(sample);
    else sample.timer ??= setTimeout(() => this.flush(sample), wait);
  }

  stop(): void {
    this.enabled = false;
    this.filter = null;
    for (const sample of this.samples.values()) clearTimeout(sample.timer);
    this.samples.clear();
  }

  private flush(sample: Sample): void {
    clearTimeout(sample.timer);
    sample.timer = undefined;
    sample.lastSent = this.now();
    this.send(sample.payload);
  }
}
