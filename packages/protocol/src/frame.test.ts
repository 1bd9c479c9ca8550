import { describe, expect, it } from "vitest";
import { encodeFrame, makeFrame, newId } from "./frame.js";
import { exceedsJsonDepth, MAX_JSON_DEPTH, parseJsonBounded } from "./json.js";
import { isValidName, sanitizeName } from "./names.js";
import { parseFrame } from "./parse.js";
import { isFailedReply } from "./verbs.js";

describe("frames", () => {
  it("makes v4 UUIDs and encodes {id, type, payload, reply_to} in order", () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newId()).not.toBe(id);
    const frame = makeFrame("ping", undefined);
    expect(encodeFrame(frame)).toBe(`{"id":"${frame.id}","type":"ping","payload":null,"reply_to":null}`);
  });

  it("parses text and, when allowed, binary JSON frames; id and payload may be absent", () => {
    expect(parseFrame('{"type":"get_nodes"}')).toEqual({
      ok: true,
      frame: { id: null, type: "get_nodes", payload: null, reply_to: null },
    });
    const bytes = new TextEncoder().encode('{"id":"a","type":"x","payload":[1],"reply_to":"b"}');
    expect(parseFrame(bytes, { acceptBinary: true })).toEqual({
      ok: true,
      frame: { id: "a", type: "x", payload: [1], reply_to: "b" },
    });
    expect(parseFrame(bytes)).toMatchObject({ ok: false, error: { kind: "binary" } });
  });

  it("reports every malformed input as a typed error, never throwing", () => {
    const cases: [unknown, string, string?][] = [
      ["nope", "not_json"],
      ["[1]", "not_object"],
      ["null", "not_object"],
      ['{"type":""}', "bad_field", "type"],
      ['{"type":"x","id":1}', "bad_field", "id"],
      ['{"type":"x","reply_to":{}}', "bad_field", "reply_to"],
      [new Uint8Array([0xff, 0xfe]), "binary"],
      [42, "binary"],
    ];
    for (const [input, kind, field] of cases) {
      const result = parseFrame(input, { acceptBinary: true });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.kind).toBe(kind);
        expect(result.error.field).toBe(field);
        expect(result.error.message.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("names", () => {
  it("accepts the name grammar, plain or account-namespaced", () => {
    expect(["a", "porch-hub", "A_1", "x".repeat(64), "4410027.porch-hub"].every(isValidName)).toBe(true);
    expect(["", "-a", "_a", "a b", "x".repeat(65), "abc.def", ".a", 5, null].some(isValidName)).toBe(false);
  });

  it("sanitizes human names", () => {
    expect(sanitizeName("Living Room iPad")).toBe("Living-Room-iPad");
    expect(sanitizeName("Café ☕")).toBe("Cafe");
    expect(sanitizeName("!!!")).toBe("device");
  });
});

describe("isFailedReply", () => {
  it("recognises relay failures", () => {
    expect(isFailedReply({ error: "target timeout", status: "failed" })).toBe(true);
    expect(isFailedReply({ error: "x" })).toBe(true);
    expect(isFailedReply({ status: "sent" })).toBe(false);
    expect(isFailedReply({ ok: false, error: "layout.tabs must be an array" })).toBe(false);
    expect(isFailedReply("pong")).toBe(false);
  });
});

describe("nesting depth", () => {
  const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

  it("measures nesting in one pass, ignoring brackets inside strings and after escapes", () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth(`{"a":${nested(3)},"b":${nested(3)}}`, 4)).toBe(false);
    expect(exceedsJsonDepth(`{"a":${nested(4)}}`, 4)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ s: nested(500) }), 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ s: `\\"${nested(500)}` }), 2)).toBe(false);
    expect(exceedsJsonDepth(nested(1_000_000))).toBe(true);
  });

  it("refuses a frame deeper than the limit as too_deep before parsing it, whatever its size", () => {
    const deep = `{"id":"x","type":"broadcast_request","payload":${nested(100_000)}}`;
    expect(parseFrame(deep)).toEqual({
      ok: false,
      error: {
        kind: "too_deep",
        message: `frame nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      },
    });
    expect(parseFrame(Buffer.from(deep), { acceptBinary: true })).toMatchObject({
      ok: false,
      error: { kind: "too_deep" },
    });
    const atLimit = `{"type":"t","payload":${nested(MAX_JSON_DEPTH - 1)}}`;
    expect(parseFrame(atLimit).ok).toBe(true);
  });

  it("parses bounded JSON text and yields undefined for text too deep or not JSON", () => {
    expect(parseJsonBounded('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBounded(nested(MAX_JSON_DEPTH + 1))).toBeUndefined();
    expect(parseJsonBounded("{nope")).toBeUndefined();
  });
});
