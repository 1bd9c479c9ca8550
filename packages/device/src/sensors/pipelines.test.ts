import { describe, expect, it } from "vitest";
import { dbfsOf, levelOf } from "./audio.js";
import { cardinal } from "./orientation.js";
import { PIPELINES, publishInterval } from "./registry.js";

describe("sensor pipelines", () => {
  it("names the 16 compass points", () => {
    expect([0, 22.5, 90, 200, 270, 292.5, 359].map(cardinal)).toEqual([
      "N",
      "NNE",
      "E",
      "SSW",
      "W",
      "WNW",
      "N",
    ]);
  });

  it("clamps publisher intervals to a per-sensor floor and defaults the rest", () => {
    expect(publishInterval("heading", 0.25)).toBe(0.25);
    expect(publishInterval("heading", 0.001)).toBe(0.1);
    expect(publishInterval("location", 0.1)).toBe(1);
    expect(publishInterval("device", undefined)).toBe(30);
    expect(publishInterval("heading", "fast")).toBe(0.5);
  });

  it("maps loudness onto 0–100 over a -100 dBFS floor", () => {
    expect(dbfsOf(1)).toBe(0);
    expect(dbfsOf(0)).toBe(-100);
    expect(levelOf(dbfsOf(0.1))).toBeCloseTo(80);
    expect(levelOf(-120)).toBe(0);
  });

  it("covers every pipeline of the spec, and the barometer is never available in a browser", () => {
    expect([...PIPELINES.keys()].sort()).toEqual([
      "audio",
      "barometer",
      "device",
      "heading",
      "location",
      "motion",
    ]);
    expect(PIPELINES.get("barometer")!.unavailable()).toBe("browsers have no barometer API");
  });
});
