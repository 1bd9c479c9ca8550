import { describe, expect, it } from "vitest";
import { decimalsOf, formatValue } from "./format.js";

describe("formatValue", () => {
  it("adds a percent sign to a rounded number", () => {
    expect(formatValue(79.6, "percent")).toBe("80%");
    expect(formatValue("42", "percent")).toBe("42%");
  });

  it("rounds decimal to an integer unless a step sets the places", () => {
    expect(formatValue(72.4, "decimal")).toBe("72");
    expect(formatValue(3.456, "decimal", { step: 0.1 })).toBe("3.5");
    expect(formatValue(3.456, "decimal", { step: 0.25 })).toBe("3.46");
  });

  it("fixes N places with decimal:N", () => {
    expect(formatValue(Math.PI, "decimal:2")).toBe("3.14");
    expect(formatValue(2, "decimal:3")).toBe("2.000");
  });

  it("appends and prepends text", () => {
    expect(formatValue(72, "suffix:°F")).toBe("72°F");
    expect(formatValue(9.5, "prefix:$")).toBe("$9.5");
    expect(formatValue("idle", "suffix: rpm")).toBe("idle rpm");
    expect(formatValue(1, "suffix:a:b")).toBe("1a:b");
  });

  it("scales bytes by 1024 and bits per second by 1000", () => {
    expect(formatValue(512, "bytes")).toBe("512 B");
    expect(formatValue(1536, "bytes")).toBe("1.5 KB");
    expect(formatValue(1.2 * 1024 ** 3, "bytes")).toBe("1.2 GB");
    expect(formatValue(2048, "bytesKB")).toBe("2 MB");
    expect(formatValue(54_000_000, "bps")).toBe("54 Mbps");
    expect(formatValue(999, "bps")).toBe("999 bps");
  });

  it("writes durations and clock times from seconds", () => {
    expect(formatValue(3720, "duration")).toBe("1h 2m");
    expect(formatValue(125, "duration")).toBe("2m 5s");
    expect(formatValue(45, "duration")).toBe("45s");
    expect(formatValue(90_000, "duration")).toBe("1d 1h");
    expect(formatValue(225, "time")).toBe("3:45");
    expect(formatValue(5, "time")).toBe("0:05");
    expect(formatValue(3725, "time")).toBe("62:05");
  });

  it("hides the value with none", () => {
    expect(formatValue(12, "none")).toBe("");
  });

  it("shows plain numbers without a format and passes text through", () => {
    expect(formatValue(12)).toBe("12");
    expect(formatValue(12.3456)).toBe("12.35");
    expect(formatValue(7, undefined, { step: 0.5 })).toBe("7.0");
    expect(formatValue("online", "percent")).toBe("online");
    expect(formatValue(true)).toBe("true");
    expect(formatValue(undefined)).toBe("");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it("falls back to the plain number for unknown formats and list's number", () => {
    expect(formatValue(3.5, "number")).toBe("3.5");
    expect(formatValue(3.5, "fancy")).toBe("3.5");
  });
});

describe("decimalsOf", () => {
  it("counts the step's decimals", () => {
    expect(decimalsOf(1)).toBe(0);
    expect(decimalsOf(0.1)).toBe(1);
    expect(decimalsOf(0.05)).toBe(2);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(undefined)).toBe(0);
  });
});
