import { describe, expect, it } from "vitest";
import { substitute } from "./substitute.js";

describe("substitute", () => {
  it("keeps the native type when the string is exactly the token", () => {
    const payload = { msg_type: "set", n: "{{value}}", nested: ["{{value}}", { deep: "{{value}}" }] };
    expect(substitute(payload, { value: 75 })).toEqual({
      msg_type: "set",
      n: 75,
      nested: [75, { deep: 75 }],
    });
    expect(substitute({ on: "{{value}}" }, { value: false })).toEqual({ on: false });
    expect(substitute({ o: "{{value}}" }, { value: { a: 1 } })).toEqual({ o: { a: 1 } });
  });

  it("stringifies embedded tokens", () => {
    expect(substitute("lvl {{value}}", { value: 75.5 })).toBe("lvl 75.5");
    expect(substitute("is {{value}}", { value: true })).toBe("is true");
    expect(substitute("o={{value}}", { value: { a: 1 } })).toBe('o={"a":1}');
    expect(substitute("{{item}} to {{to}} at {{index}}", { item: "a", to: "z", index: 2 })).toBe(
      "a to z at 2",
    );
  });

  it("reaches into object values with $value paths", () => {
    expect(substitute({ x: "$value.x", y: "$value.y" }, { value: { x: 0.5, y: -1 } })).toEqual({
      x: 0.5,
      y: -1,
    });
  });

  it("leaves unknown tokens and non-strings alone; a valueless control gives null", () => {
    expect(substitute({ a: "{{nope}}", b: 3, c: null }, { value: 1 })).toEqual({
      a: "{{nope}}",
      b: 3,
      c: null,
    });
    expect(substitute({ v: "{{value}}", t: "v={{value}}" }, { value: undefined })).toEqual({
      v: null,
      t: "v=",
    });
  });
});
