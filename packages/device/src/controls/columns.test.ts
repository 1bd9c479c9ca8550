import { describe, expect, it } from "vitest";
import { cellText, listColumns, resolveKey } from "./columns.js";

describe("resolveKey", () => {
  const row = { "a.b": "flat", a: { b: "deep", list: [{ n: 1 }, { n: 2 }] }, zero: 0 };

  it("prefers a flat key over the dot path", () => {
    expect(resolveKey(row, "a.b")).toBe("flat");
  });

  it("walks dot paths with integer segments into arrays", () => {
    expect(resolveKey(row, "a.list.1.n")).toBe(2);
    expect(resolveKey(row, "a.list.5.n")).toBeUndefined();
    expect(resolveKey(row, "a.nothing")).toBeUndefined();
    expect(resolveKey(row, "zero")).toBe(0);
  });
});

describe("cellText", () => {
  it("formats resolved values and dashes unresolved ones", () => {
    expect(cellText({ cpu: 0.5, mem: 2048 }, { key: "mem", label: "Mem", format: "bytes" })).toBe("2 KB");
    expect(cellText({ cpu: null }, { key: "cpu", label: "CPU" })).toBe("—");
    expect(cellText({}, { key: "x.0", label: "X" })).toBe("—");
    expect(cellText({ ok: false }, { key: "ok", label: "OK" })).toBe("false");
  });
});

describe("listColumns", () => {
  it("keeps declared columns and drops malformed ones", () => {
    expect(listColumns([{ key: "a", label: "A" }, { label: "no key" }, "x"], [])).toEqual([
      { key: "a", label: "A", format: undefined },
    ]);
  });

  it("derives columns from row keys when none are declared", () => {
    expect(listColumns(undefined, [{ a: 1 }, { b: 2, a: 3 }]).map((c) => c.key)).toEqual(["a", "b"]);
  });
});
