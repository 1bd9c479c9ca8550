import { describe, expect, it } from "vitest";
import { lookupMap } from "./maps.js";

describe("lookupMap", () => {
  it("finds the value's text first", () => {
    expect(lookupMap({ ok: "Fine", OK: "Shout" }, "OK")).toBe("Shout");
    expect(lookupMap({ "3": "three" }, 3)).toBe("three");
  });

  it("lets booleans find yes/no, on/off and 1/0 keys", () => {
    expect(lookupMap({ yes: "Y", no: "N" }, true)).toBe("Y");
    expect(lookupMap({ ON: "lit", OFF: "dark" }, false)).toBe("dark");
    expect(lookupMap({ "1": "one", "0": "zero" }, true)).toBe("one");
    expect(lookupMap({ true: "T" }, true)).toBe("T");
  });

  it("matches numerically equal keys", () => {
    expect(lookupMap({ "61.00": "sixty-one" }, 61)).toBe("sixty-one");
    expect(lookupMap({ "2": "two" }, "2.0")).toBe("two");
  });

  it("falls back to a case-insensitive match, then default", () => {
    expect(lookupMap({ Online: "green" }, "ONLINE")).toBe("green");
    expect(lookupMap({ a: 1, default: 9 }, "zzz")).toBe(9);
  });

  it("misses cleanly", () => {
    expect(lookupMap({ a: 1 }, "b")).toBeUndefined();
    expect(lookupMap(undefined, "b")).toBeUndefined();
    expect(lookupMap(["a"], 0)).toBeUndefined();
    expect(lookupMap({ toString: "x" }, "constructor")).toBeUndefined();
  });
});
