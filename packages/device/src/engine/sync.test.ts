import { describe, expect, it } from "vitest";
import { compilePath, resolvePath } from "./path.js";
import { BindingIndex, compileBindings, filterMatches } from "./sync.js";

describe("valuePath", () => {
  it("walks object keys and array indices, dropping empty segments", () => {
    const payload = { psu: { volts: 12.1 }, rows: [{ v: 1 }, { v: 2 }] };
    expect(resolvePath(payload, compilePath("psu.volts"))).toBe(12.1);
    expect(resolvePath(payload, compilePath("rows.1.v"))).toBe(2);
    expect(resolvePath(payload, compilePath(".psu..volts."))).toBe(12.1);
    expect(resolvePath(payload, compilePath(""))).toBe(payload);
    expect(resolvePath(payload, compilePath(undefined))).toBe(payload);
  });

  it("fails on missing keys, out-of-range or non-integer indices and scalars mid-path", () => {
    const payload = { a: [10, 20], s: "text" };
    expect(resolvePath(payload, compilePath("b"))).toBeUndefined();
    expect(resolvePath(payload, compilePath("a.2"))).toBeUndefined();
    expect(resolvePath(payload, compilePath("a.-1"))).toBeUndefined();
    expect(resolvePath(payload, compilePath("a.01"))).toBeUndefined();
    expect(resolvePath(payload, compilePath("s.length"))).toBeUndefined();
    expect(resolvePath(payload, compilePath("toString"))).toBeUndefined();
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

describe("BindingIndex", () => {
  it("matches on frame type (default broadcast), filter and path", () => {
    const index = new BindingIndex([
      ...compileBindings("volts", [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }]),
      ...compileBindings("log", { event: "log_stream", valuePath: "line" }),
      ...compileBindings("all", [{ type: "listen", event: "broadcast" }]),
      ...compileBindings("mqtt", [{ method: "mqtt", topic: "x" }]),
    ]);
    expect(index.match("broadcast", { msg_type: "rack", psu: { volts: 12.1 } })).toEqual([
      { controlId: "volts", value: 12.1 },
      { controlId: "all", value: { msg_type: "rack", psu: { volts: 12.1 } } },
    ]);
    expect(index.match("broadcast", { msg_type: "rack" })).toEqual([
      { controlId: "all", value: { msg_type: "rack" } },
    ]);
    expect(index.match("log_stream", { line: "hi" })).toEqual([{ controlId: "log", value: "hi" }]);
    expect(index.match("route_msg", { line: "hi" })).toEqual([]);
    expect(index.events().sort()).toEqual(["broadcast", "log_stream"]);
  });

  it("checks non-msg_type filters on bindings without a pinned msg_type", () => {
    const index = new BindingIndex(compileBindings("t", [{ filter: { room: "den" }, valuePath: "t" }]));
    expect(index.match("broadcast", { room: "den", t: 20 })).toEqual([{ controlId: "t", value: 20 }]);
    expect(index.match("broadcast", { room: "hall", t: 20 })).toEqual([]);
  });
});
