import { describe, expect, it } from "vitest";
import { fitFontSize, terminalColumns } from "./terminal-fit.js";

describe("terminalColumns", () => {
  it("counts the widest line in characters", () => {
    expect(terminalColumns("ab\nabcdef\r\nabc")).toBe(6);
    expect(terminalColumns("┌──┐\n│é │")).toBe(4);
    expect(terminalColumns("")).toBe(1);
  });

  it("prefers the pane's reported column count", () => {
    expect(terminalColumns("short", 80)).toBe(80);
    expect(terminalColumns("short", 0)).toBe(5);
  });
});

describe("fitFontSize", () => {
  it("makes the columns exactly fill the width", () => {
    expect(fitFontSize(480, 80, 0.6)).toBeCloseTo(10);
    expect(fitFontSize(480, 40, 0.6)).toBeCloseTo(20);
  });

  it("is capped by fontSize", () => {
    expect(fitFontSize(480, 40, 0.6, 14)).toBe(14);
    expect(fitFontSize(480, 80, 0.6, 14)).toBeCloseTo(10);
  });

  it("falls back to the cap (else 12 px) before the view has a width", () => {
    expect(fitFontSize(0, 80, 0.6)).toBe(12);
    expect(fitFontSize(0, 80, 0.6, 9)).toBe(9);
  });
});
