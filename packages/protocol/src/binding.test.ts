import { describe, expect, it } from "vitest";
import { filterMatches, splitValuePath, valueAtPath } from "./binding.js";

describe("valuePath", () => {
  it("walks object keys and array indices, dropping empty segments", () => {
    const payload = { psu: { volts: 12.1 }, rows: [{ v: 1 }, { v: 2 }] };
    expect(valueAtPath(payload, splitValuePath("psu.volts"))).toBe(12.1);
    expect(valueAtPath(payload, splitValuePath("rows.1.v"))).toBe(2);
    expect(valueAtPath(payload, splitValuePath(".psu..volts."))).toBe(12.1);
    expect(valueAtPath(payload, splitValuePath(""))).toBe(payload);
    expect(valueAtPath(payload, splitValuePath(undefined))).toBe(payload);
  });

  it("fails on missing keys, out-of-range or non-integer indices and scalars mid-path", () => {
    const payload = { a: [10, 20], s: "text" };
    expect(valueAtPath(payload, splitValuePath("b"))).toBeUndefined();
    expect(valueAtPath(payload, splitValuePath("a.2"))).toBeUndefined();
    expect(valueAtPath(payload, splitValuePath("a.-1"))).toBeUndefined();
    expect(valueAtPath(payload, splitValuePath("a.01"))).toBeUndefined();
    expect(valueAtPath(payload, splitValuePath("s.length"))).toBeUndefined();
    expect(valueAtPath(payload, splitValuePath("toString"))).toBeUndefined();
  });
});

describe("filter", () => {
  it("needs every key present and typed-equal, extra keys allowed", () => {
    expect(filterMatches({ msg_type: "rack" }, { msg_type: "rack", x: 1 })).toBe(true);
    expect(filterMatches({ n: 1 }, { n: 1.0 })).toBe(true);
    expect(filterMatches({ n: 1 }, { n: true })).toBe(false);
    expect(filterMatches({ n: 1 }, { n: "1" })).toBe(false);
    expect(filterMatches({ o: { a: [1, 2] } }, { o: { a: [1, 2] } })).toBe(true);
    expect(filterMatches({ o: { a: [1, 2] } }, { o: { a: [2, 1] } })).toBe(false);
    expect(filterMatches({ msg_type: "rack" }, { other: "rack" })).toBe(false);
    expect(filterMatches({ msg_type: "rack" }, "rack")).toBe(false);
    expect(filterMatches(undefined, 5)).toBe(true);
  });
});

describe("as hubs use them", () => {
  it("matches top-level filter keys with JSON equality", () => {
    expect(filterMatches({ msg_type: "m", n: 1 }, { msg_type: "m", n: 1.0, extra: true })).toBe(true);
    expect(filterMatches({ on: true }, { on: 1 })).toBe(false);
    expect(filterMatches({ tags: ["a"] }, { tags: ["a"] })).toBe(true);
    expect(filterMatches({ msg_type: "m" }, {})).toBe(false);
  });

  it("reads values through objects and array indices", () => {
    const payload = { a: { list: [{ v: 7 }] } };
    expect(valueAtPath(payload, ["a", "list", "0", "v"])).toBe(7);
    expect(valueAtPath(payload, ["a", "list", "3"])).toBeUndefined();
    expect(valueAtPath(payload, ["a", "missing"])).toBeUndefined();
    expect(valueAtPath(payload, [])).toBe(payload);
  });

  it("splits a valuePath, dropping empty segments", () => {
    expect(splitValuePath(".a..b.")).toEqual(["a", "b"]);
  });
});
