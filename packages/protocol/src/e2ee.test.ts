import { describe, expect, it } from "vitest";
import { createE2ee, decodeE2eeKey, E2eeError, isEnvelope, type E2eeMode, type Envelope } from "./e2ee.js";
import { decodeBase64, encodeBase64 } from "./e2ee-base64.js";
import reference from "./e2ee-fixtures/vectors.json";
import { MAX_JSON_DEPTH } from "./json.js";

const KEY = reference.key;
const SEALER: Record<string, E2eeMode> = { "c2d v2": "app", "d2c v2": "hub", "grp v2": "room" };
const OPENER: Record<string, E2eeMode> = { "c2d v2": "hub", "d2c v2": "app", "grp v2": "room" };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof E2eeError) return err.code;
    throw err;
  }
  throw new Error("expected an E2eeError");
}

describe("E2EE v2 byte compatibility with the Python reference (make_vectors.py)", () => {
  it.each(
    reference.vectors.map((v) => [`${v.label} n=${v.envelope.n} ${v.plaintext.slice(0, 30)}`, v] as const),
  )("seals %s to the same ct", (_name, vector) => {
    const session = createE2ee(KEY, SEALER[vector.label], { salt: decodeBase64(vector.envelope.s)! });
    let envelope: Envelope = session.seal(vector.payload);
    while (envelope.n < vector.envelope.n) envelope = session.seal(vector.payload);
    expect(envelope).toEqual(vector.envelope);
  });

  it.each(
    reference.vectors.map((v) => [`${v.label} n=${v.envelope.n} ${v.plaintext.slice(0, 30)}`, v] as const),
  )("opens the Python-sealed %s", (_name, vector) => {
    expect(createE2ee(KEY, OPENER[vector.label]).open(vector.envelope)).toEqual(vector.payload);
  });
});

describe("E2EE sessions", () => {
  it("round-trips app ↔ hub and room, with counters from 0", () => {
    const app = createE2ee(KEY, "app");
    const hub = createE2ee(KEY, "hub");
    const first = app.seal({ msg_type: "x", v: 1 });
    const second = app.seal({ msg_type: "x", v: 2 });
    expect([first.n, second.n]).toEqual([0, 1]);
    expect(hub.open(first)).toEqual({ msg_type: "x", v: 1 });
    expect(hub.open(second)).toEqual({ msg_type: "x", v: 2 });
    expect(app.open(hub.seal([1, "two", null]))).toEqual([1, "two", null]);

    const alice = createE2ee(KEY, "room");
    const bob = createE2ee(KEY, "room");
    expect(bob.open(alice.seal({ hi: "bob" }))).toEqual({ hi: "bob" });
    expect(alice.open(bob.seal({ hi: "alice" }))).toEqual({ hi: "alice" });
  });

  it("uses a fresh random salt per session", () => {
    const a = createE2ee(KEY, "room");
    const b = createE2ee(KEY, "room");
    expect(a.salt).not.toBe(b.salt);
    expect(decodeBase64(a.salt)).toHaveLength(16);
  });

  it("refuses the wrong direction, key or tampered ciphertext as undecryptable", () => {
    const app = createE2ee(KEY, "app");
    const envelope = app.seal({ a: 1 });
    expect(codeOf(() => createE2ee(KEY, "app").open(envelope))).toBe("undecryptable");
    expect(codeOf(() => createE2ee(KEY, "room").open(envelope))).toBe("undecryptable");
    const otherKey = encodeBase64(new Uint8Array(32).fill(7));
    expect(codeOf(() => createE2ee(otherKey, "hub").open(envelope))).toBe("undecryptable");
    const bytes = decodeBase64(envelope.ct)!;
    bytes[0] ^= 1;
    expect(codeOf(() => createE2ee(KEY, "hub").open({ ...envelope, ct: encodeBase64(bytes) }))).toBe(
      "undecryptable",
    );
    expect(codeOf(() => createE2ee(KEY, "hub").open({ ...envelope, n: 5 }))).toBe("undecryptable");
  });

  it("flags a directional session's own echoed seal", () => {
    const hub = createE2ee(KEY, "hub");
    expect(codeOf(() => hub.open(hub.seal({ a: 1 })))).toBe("own_echo");
    const room = createE2ee(KEY, "room");
    expect(room.open(room.seal({ a: 1 }))).toEqual({ a: 1 });
  });

  it("rejects exact replays and below-window counters, allows reordering inside the window", () => {
    const sender = createE2ee(KEY, "room");
    const receiver = createE2ee(KEY, "room", { replayWindow: 64 });
    const sealed = Array.from({ length: 200 }, (_, i) => sender.seal({ i }));

    expect(receiver.open(sealed[10])).toEqual({ i: 10 });
    expect(codeOf(() => receiver.open(sealed[10]))).toBe("replayed");
    expect(receiver.open(sealed[3])).toEqual({ i: 3 });
    expect(codeOf(() => receiver.open(sealed[3]))).toBe("replayed");
    expect(receiver.open(sealed[150])).toEqual({ i: 150 });
    expect(receiver.open(sealed[100])).toEqual({ i: 100 });
    expect(codeOf(() => receiver.open(sealed[86]))).toBe("replayed");
    expect(receiver.open(sealed[87])).toEqual({ i: 87 });
    expect(codeOf(() => receiver.open(sealed[11]))).toBe("replayed");
    expect(receiver.open(sealed[199])).toEqual({ i: 199 });
  });

  it("does not let a forged envelope advance the replay window", () => {
    const sender = createE2ee(KEY, "room");
    const receiver = createE2ee(KEY, "room");
    const real = sender.seal({ ok: true });
    const forged = { ...sender.seal({ ok: false }), n: 5000, ct: real.ct };
    expect(codeOf(() => receiver.open(forged))).toBe("undecryptable");
    expect(receiver.open(real)).toEqual({ ok: true });
  });

  it.each([
    ["not an object", "x", "e2ee"],
    ["an array", [2], "e2ee"],
    ["wrong version", { e2ee: 1, s: "", n: 0, ct: "" }, "e2ee"],
    ["missing s", { e2ee: 2, n: 0, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "s"],
    ["numeric s", { e2ee: 2, s: 5, n: 0, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "s"],
    ["short salt", { e2ee: 2, s: "AAAA", n: 0, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "s"],
    [
      "non-base64 salt",
      { e2ee: 2, s: "!!!!!!!!!!!!!!!!!!!!!!!=", n: 0, ct: "AAAAAAAAAAAAAAAAAAAAAA==" },
      "s",
    ],
    ["missing n", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "n"],
    ["string n", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: "1", ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "n"],
    ["fractional n", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: 1.5, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "n"],
    ["negative n", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: -1, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "n"],
    ["huge n", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: 2 ** 64, ct: "AAAAAAAAAAAAAAAAAAAAAA==" }, "n"],
    ["missing ct", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: 0 }, "ct"],
    ["object ct", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: 0, ct: {} }, "ct"],
    ["ct shorter than a tag", { e2ee: 2, s: "oKGio6SlpqeoqaqrrK2urw==", n: 0, ct: "AAAA" }, "ct"],
  ])("rejects a malformed envelope: %s", (_name, envelope, field) => {
    try {
      createE2ee(KEY, "hub").open(envelope);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(E2eeError);
      expect((err as E2eeError).code).toBe("malformed");
      expect((err as E2eeError).field).toBe(field);
      expect((err as E2eeError).message).toContain(field);
    }
  });

  it("recognises envelopes by e2ee == 2 only", () => {
    expect(isEnvelope({ e2ee: 2 })).toBe(true);
    expect(isEnvelope({ e2ee: "2" })).toBe(false);
    expect(isEnvelope({ msg_type: "x" })).toBe(false);
    expect(isEnvelope(null)).toBe(false);
  });
});

describe("E2EE keys", () => {
  it("accepts strict base64 of exactly 32 bytes", () => {
    expect(decodeE2eeKey(KEY)).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
  });

  it.each([
    ["31 bytes", encodeBase64(new Uint8Array(31))],
    ["33 bytes", encodeBase64(new Uint8Array(33))],
    ["missing padding", KEY.slice(0, -1)],
    ["url-safe alphabet", KEY.replace("+", "-").replace("/", "_").replace("AAEC", "-_EC")],
    ["embedded whitespace", KEY.slice(0, 8) + " " + KEY.slice(8)],
    ["non-canonical trailing bits", KEY.slice(0, -2) + "f="],
    ["empty", ""],
  ])("rejects a key with %s", (_name, key) => {
    expect(codeOf(() => createE2ee(key, "room"))).toBe("bad_key");
  });

  it("rejects an unknown mode", () => {
    expect(codeOf(() => createE2ee(KEY, "both" as E2eeMode))).toBe("bad_config");
  });
});

describe("strict base64", () => {
  it("round-trips every length and refuses non-canonical input", () => {
    for (let len = 0; len < 40; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect(decodeBase64(text)).toEqual(bytes);
    }
    expect(decodeBase64("QQ=")).toBeNull();
    expect(decodeBase64("QR==")).toBeNull();
    expect(decodeBase64("Q===")).toBeNull();
    expect(decodeBase64("QQ==QQ==")).toBeNull();
    expect(decodeBase64("QUJD\n")).toBeNull();
    expect(decodeBase64("QUJDé===")).toBeNull();
  });
});

describe("E2EE plaintext depth", () => {
  it("refuses an authenticated plaintext nested deeper than a frame may be, and opens one at the limit", () => {
    const nested = (levels: number) => JSON.parse("[".repeat(levels) + "]".repeat(levels)) as unknown;
    const app = createE2ee(KEY, "app");
    const hub = createE2ee(KEY, "hub");
    expect(hub.open(app.seal(nested(MAX_JSON_DEPTH)))).toEqual(nested(MAX_JSON_DEPTH));
    expect(codeOf(() => hub.open(app.seal(nested(3000))))).toBe("bad_plaintext");
  });
});
