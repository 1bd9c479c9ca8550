import { filterMatches, valueAtPath } from "@carter/protocol";
import type { JsonObject } from "../engine/json.js";
import { tryParseJson } from "../engine/json.js";

/**
 * True when an MQTT topic filter (`+` one level, `#` the rest, itself included) matches a
 * concrete topic. Topics starting with `$` match no leading wildcard (MQTT 3.1.1 §4.7.2).
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const want = filter.split("/");
  const have = topic.split("/");
  if (topic.startsWith("$") && (want[0] === "+" || want[0] === "#")) return false;
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "#") return i === want.length - 1;
    if (i >= have.length) return false;
    if (want[i] !== "+" && want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}

/**
 * An MQTT payload as a value (layout.md §7.2): JSON text parses (objects, arrays, `23.5`,
 * `true`), anything else (`ON`) stays a string.
 */
export function parseMqttPayload(bytes: Uint8Array | string): unknown {
  const text = typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes);
  const trimmed = text.trim();
  if (trimmed === "") return text;
  const parsed = tryParseJson(trimmed);
  return parsed === undefined ? text : parsed;
}

/**
 * What an MQTT publish carries (layout.md §8.3): strings as raw text, everything else as JSON; an
 * action without a `payload` publishes an empty message.
 */
export function mqttPublishBody(payload: unknown): string {
  if (payload === undefined) return "";
  if (typeof payload === "string") return payload;
  return JSON.stringify(payload);
}

/** `filter` then `valuePath`, as meshsocket frames are matched; `undefined` = ignore the payload. */
export function extract(payload: unknown, filter: JsonObject | undefined, path: readonly string[]): unknown {
  if (!filterMatches(filter, payload)) return undefined;
  return valueAtPath(payload, path);
}
