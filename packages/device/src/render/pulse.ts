/**
 * A group's `pulse` (layout.md §5.1): a decorative ring that flashes when its event lands. The
 * event is a frame type, or the `msg_type`/`event` of a broadcast; `filter` matches the payload
 * like a sync filter.
 */
import { useEffect, useState } from "preact/hooks";
import { filterMatches } from "@carter/protocol";
import type { DeviceEngine } from "../engine/engine.js";
import { isObject, type JsonObject } from "../engine/json.js";
import { motionOf } from "./motion.js";
import { readColor } from "../controls/color.js";

export interface PulseSpec {
  event: string;
  filter: JsonObject | undefined;
  direction: "outward" | "inward";
  /** Custom properties the ring's animation reads. */
  style: Record<string, string>;
}

/** A pulse object with a non-empty `event`; anything else draws no pulse. */
export function pulseSpec(value: unknown): PulseSpec | undefined {
  if (!isObject(value) || typeof value.event !== "string" || value.event === "") return undefined;
  const spread = typeof value.spread === "number" && Number.isFinite(value.spread) ? value.spread : 0.1;
  const duration =
    typeof value.duration === "number" && Number.isFinite(value.duration) && value.duration > 0
      ? value.duration
      : 0.9;
  const motion = motionOf(value.curve, "gentle")!;
  return {
    event: value.event,
    filter: isObject(value.filter) ? value.filter : undefined,
    direction: value.direction === "inward" ? "inward" : "outward",
    style: {
      "--pulse-color": readColor(value.color) ?? "#34C759",
      "--pulse-spread": String(Math.max(0, spread)),
      "--pulse-duration": `${duration}s`,
      "--pulse-ease": motion.ease,
    },
  };
}

/** True when a frame of `type` with `payload` fires the pulse. */
export function pulseFires(spec: PulseSpec, type: string, payload: unknown): boolean {
  const named =
    type === spec.event ||
    (type === "broadcast" &&
      isObject(payload) &&
      (payload.msg_type === spec.event || payload.event === spec.event));
  return named && filterMatches(spec.filter, payload);
}

/** How many times the pulse has fired (0 = at rest); each change restarts the ring. */
export function usePulseCount(engine: DeviceEngine, spec: PulseSpec | undefined): number {
  const [count, setCount] = useState(0);
  const event = spec?.event;
  const filter = spec ? JSON.stringify(spec.filter ?? null) : "";
  useEffect(() => {
    if (!spec) return;
    return engine.watchFrames((type, payload) => {
      if (pulseFires(spec, type, payload)) setCount((n) => n + 1);
    });
  }, [engine, event, filter]);
  return count;
}
