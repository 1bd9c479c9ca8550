import { describe, expect, it } from "vitest";
import { cssColor, hexRgb, readColor } from "./color.js";

describe("cssColor", () => {
  it("accepts hex with or without #", () => {
    expect(cssColor("#34C759", "x")).toBe("#34C759");
    expect(cssColor("34C759", "x")).toBe("#34C759");
    expect(cssColor("#FFFFFF1A", "x")).toBe("#FFFFFF1A");
    expect(cssColor("#fff", "x")).toBe("#fff");
  });

  it("rejects anything that could smuggle CSS", () => {
    expect(cssColor("red; background: url(x)", "#000")).toBe("#000");
    expect(cssColor(12, "#000")).toBe("#000");
    expect(cssColor("orange", "#000")).toBe("orange");
  });
});

describe("hexRgb", () => {
  it("normalizes to upper-case #RRGGBB", () => {
    expect(hexRgb("#abc")).toBe("#AABBCC");
    expect(hexRgb("34c759")).toBe("#34C759");
    expect(hexRgb("#11223344")).toBe("#112233");
    expect(hexRgb("nope")).toBeUndefined();
  });
});

describe("readColor", () => {
  it("reads layout colours and answers undefined for anything else", () => {
    expect(readColor("34C759")).toBe("#34C759");
    expect(readColor("#11223344")).toBe("#11223344");
    expect(readColor("Red")).toBe("red");
    expect(readColor("url(x)")).toBeUndefined();
    expect(readColor(12)).toBeUndefined();
  });
});
