import type { Frame } from "./frame.js";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./json.js";

/** Why an inbound message is not a usable frame. */
export type FrameErrorKind = "binary" | "not_json" | "too_deep" | "not_object" | "bad_field";

export interface FrameError {
  kind: FrameErrorKind;
  /** The offending field, for `bad_field`. */
  field?: "id" | "type" | "reply_to";
  message: string;
}

/**
 * A frame as received: `id` may be absent on the wire (e.g. `{"type":"get_nodes"}`), in which case
 * it is `null` here and any reply carries `reply_to: null`.
 */
export interface InboundFrame extends Omit<Frame, "id"> {
  id: string | null;
}

export type ParseResult = { ok: true; frame: InboundFrame } | { ok: false; error: FrameError };

export interface ParseOptions {
  /** Treat binary data as UTF-8 text (the reference relay does); otherwise it is a `binary` error. */
  acceptBinary?: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function fail(kind: FrameErrorKind, message: string, field?: FrameError["field"]): ParseResult {
  return { ok: false, error: field ? { kind, field, message } : { kind, message } };
}

/**
 * Parses one WebSocket message into a frame. Never throws, whatever the input: every way outside
 * input can be wrong is a typed error.
 */
export function parseFrame(data: unknown, options: ParseOptions = {}): ParseResult {
  let text: string;
  if (typeof data === "string") {
    text = data;
  } else if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    if (!options.acceptBinary) return fail("binary", "binary frames are not accepted; send JSON text");
    try {
      text = utf8.decode(data);
    } catch {
      return fail("binary", "binary frame is not valid UTF-8");
    }
  } else {
    return fail("binary", "frame is neither text nor bytes");
  }

  // Checked before parsing, so nothing downstream ever walks an unbounded tree.
  if (exceedsJsonDepth(text)) {
    return fail("too_deep", `frame nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("not_json", "frame is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("not_object", "frame must be a JSON object {id, type, payload, reply_to}");
  }
  const raw = value as Record<string, unknown>;
  const { id, type, reply_to } = raw;
  if (typeof type !== "string" || type.length === 0) {
    return fail("bad_field", "frame.type must be a non-empty string", "type");
  }
  if (id !== undefined && id !== null && typeof id !== "string") {
    return fail("bad_field", "frame.id must be a string", "id");
  }
  if (reply_to !== undefined && reply_to !== null && typeof reply_to !== "string") {
    return fail("bad_field", "frame.reply_to must be a string or null", "reply_to");
  }
  return {
    ok: true,
    frame: {
      id: (id as string | undefined) ?? null,
      type,
      payload: raw.payload === undefined ? null : raw.payload,
      reply_to: (reply_to as string | undefined) ?? null,
    },
  };
}
