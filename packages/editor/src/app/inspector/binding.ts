import {
  controlValueKind,
  extractContract,
  getControlDoc,
  type JsonObject,
  type WireKind,
} from "@carter/kit";
import { filterMatches, splitValuePath, valueAtPath } from "@carter/protocol";

/** What a sync binding takes out of a sample frame. */
export type Preview =
  | { status: "ok"; value: unknown }
  | { status: "invalid"; message: string }
  | { status: "filtered"; message: string }
  | { status: "missing"; message: string };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The value `binding` extracts from `frameText`, as the device matches a meshsocket frame: the
 * payload must carry every `filter` key with an equal value, then `valuePath` (a dot path, array
 * indexes allowed; empty = the whole payload) picks the value. A whole frame
 * (`{"type": event, "payload": {...}}`) is unwrapped to its payload.
 */
export function previewBinding(binding: unknown, frameText: string): Preview {
  let frame: unknown;
  try {
    frame = JSON.parse(frameText);
  } catch (error) {
    return { status: "invalid", message: `sample frame: ${(error as Error).message}` };
  }
  const spec = isObject(binding) ? binding : {};
  const event = typeof spec.event === "string" ? spec.event : "broadcast";
  const payload =
    isObject(frame) && frame.type === event && "payload" in frame && Object.keys(frame).length <= 3
      ? frame.payload
      : frame;
  const filter = isObject(spec.filter) ? spec.filter : undefined;
  if (!filterMatches(filter, payload))
    return {
      status: "filtered",
      message: `the filter ${JSON.stringify(filter)} does not match this payload`,
    };
  const path = splitValuePath(spec.valuePath);
  const value = valueAtPath(payload, path);
  if (value === undefined)
    return { status: "missing", message: `valuePath "${path.join(".")}" finds nothing in this payload` };
  return { status: "ok", value };
}

const contracts = new WeakMap<object, ReturnType<typeof extractContract>>();

/**
 * The kit's contract of `layout`, once per layout object: every binding editor of the inspector
 * asks for it on each render, and the document's layouts never change in place.
 */
function contractOf(layout: unknown): ReturnType<typeof extractContract> {
  if (typeof layout !== "object" || layout === null) return extractContract(layout);
  let contract = contracts.get(layout);
  if (contract === undefined) {
    contract = extractContract(layout);
    contracts.set(layout, contract);
  }
  return contract;
}

/** An example payload that reaches the binding at `path` (the kit's contract: its filter plus a value of the control's kind). */
export function sampleFrame(layout: unknown, path: string): JsonObject | null {
  return contractOf(layout).feeds.find((feed) => feed.path === path)?.example ?? null;
}

/** The kind of value the control behind `path` takes, from the contract (`number`, `array`, …). */
export function feedKind(layout: unknown, path: string): WireKind | null {
  return contractOf(layout).feeds.find((feed) => feed.path === path)?.kind ?? null;
}

export interface Token {
  token: string;
  /** The kind of value it yields (`number`, `string`, …) when known. */
  kind: string;
}

const TOKENS =
  /\{\{(?:value|item|from|to|index|x|y|bearing|kind|image|width|height|total)\}\}|\$value\.[xy]/g;

/**
 * The tokens an action of a control of `type` may use in its payload template: `{{value}}` and
 * the ones the catalog's docs of the type name, with the kinds the contract gives those found in
 * the action at `path` of `layout`.
 */
export function actionTokens(type: string, layout: unknown, path: string): Token[] {
  let text = "";
  try {
    const doc = getControlDoc(type);
    text = [doc.emits, doc.notes ?? "", ...doc.fields.map((f) => f.note ?? "")].join(" ");
  } catch {
    text = "";
  }
  const names = new Set(["{{value}}", ...(text.match(TOKENS) ?? [])]);
  const trigger = contractOf(layout).triggers.find((t) => t.path === path);
  const kinds = new Map<string, string>();
  for (const found of trigger?.tokens ?? []) {
    names.add(found.token);
    if (found.exact) kinds.set(found.token, found.kind);
  }
  return [...names].map((token) => ({
    token,
    kind: kinds.get(token) ?? (token === "{{value}}" ? controlValueKind(type) : ""),
  }));
}
