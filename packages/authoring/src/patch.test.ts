import { describe, expect, it } from "vitest";
import {
  applyPatch,
  applyPatchWithInverse,
  getAt,
  parsePointer,
  PatchError,
  toPointer,
  type JsonPatch,
} from "./patch.js";

const base = () => ({ a: 1, list: [1, 2, 3], nested: { "x/y": { "~k": true } } });

describe("JSON Pointer", () => {
  it("escapes ~ and / both ways (RFC 6901)", () => {
    expect(toPointer(["nested", "x/y", "~k"])).toBe("/nested/x~1y/~0k");
    expect(parsePointer("/nested/x~1y/~0k")).toEqual(["nested", "x/y", "~k"]);
    expect(getAt(base(), "/nested/x~1y/~0k")).toBe(true);
    expect(parsePointer("")).toEqual([]);
  });

  it("reads nothing for missing steps and refuses a pointer without a leading slash", () => {
    expect(getAt(base(), "/list/3")).toBeUndefined();
    expect(getAt(base(), "/list/01")).toBeUndefined();
    expect(getAt(base(), "/a/b")).toBeUndefined();
    expect(() => parsePointer("a")).toThrow(/must start with "\/"/);
  });
});

describe("applyPatch", () => {
  it("applies every RFC 6902 operation without touching the input, sharing untouched parts", () => {
    const input = base();
    const snapshot = JSON.stringify(input);
    const patch: JsonPatch = [
      { op: "add", path: "/list/1", value: 9 },
      { op: "add", path: "/list/-", value: 4 },
      { op: "remove", path: "/list/0" },
      { op: "replace", path: "/a", value: { b: 2 } },
      { op: "copy", from: "/a", path: "/c" },
      { op: "move", from: "/list/0", path: "/list/3" },
      { op: "test", path: "/c/b", value: 2 },
    ];
    const out = applyPatch(input, patch);
    expect(out).toEqual({ a: { b: 2 }, list: [2, 3, 4, 9], nested: { "x/y": { "~k": true } }, c: { b: 2 } });
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(out.nested).toBe(input.nested);
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.list)).toBe(true);
  });

  it("returns an inverse that restores the input exactly", () => {
    const input = base();
    const patch: JsonPatch = [
      { op: "add", path: "/list/0", value: 0 },
      { op: "remove", path: "/nested" },
      { op: "replace", path: "/a", value: 5 },
      { op: "move", from: "/list/3", path: "/list/0" },
      { op: "add", path: "/a", value: 6 },
      { op: "move", from: "/list", path: "/a" },
    ];
    const { document, inverse } = applyPatchWithInverse(input, patch);
    expect(document).toEqual({ a: [3, 0, 1, 2] });
    expect(applyPatch(document, inverse)).toEqual(input);
  });

  it("replaces the whole document at the empty pointer", () => {
    const { document, inverse } = applyPatchWithInverse(base(), [{ op: "replace", path: "", value: [1] }]);
    expect(document).toEqual([1]);
    expect(applyPatch(document, inverse)).toEqual(base());
  });

  it("fails with the index of the operation that cannot apply", () => {
    const cases: [JsonPatch, RegExp][] = [
      [[{ op: "remove", path: "/missing" }], /operation 0: no member "missing"/],
      [
        [
          { op: "add", path: "/a", value: 1 },
          { op: "add", path: "/list/9", value: 1 },
        ],
        /operation 1: array index "9" is out of range/,
      ],
      [[{ op: "test", path: "/a", value: 2 }], /test failed at \/a/],
      [[{ op: "move", from: "/nested", path: "/nested/inner" }], /cannot move \/nested into itself/],
      [[{ op: "add", path: "/missing/x", value: 1 }], /path \/missing does not exist/],
      [[{ op: "copy", from: "/nope", path: "/x" }], /nothing at \/nope/],
      [[{ op: "remove", path: "" }], /cannot remove the whole document/],
    ];
    for (const [patch, message] of cases) {
      let caught: unknown;
      try {
        applyPatch(base(), patch);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PatchError);
      expect((caught as Error).message).toMatch(message);
    }
  });
});
