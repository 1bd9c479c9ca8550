import { describe, expect, it } from "vitest";
import { glyphFor, hasGlyph } from "./icons.js";

describe("glyphFor", () => {
  it("covers the common dashboard symbols", () => {
    for (const name of [
      "gauge",
      "bolt",
      "power",
      "thermometer",
      "fan",
      "lightbulb",
      "wifi",
      "cpu",
      "memorychip",
      "house",
      "gear",
      "play",
      "pause",
      "stop",
      "chevron.right",
      "chevron.left",
      "checkmark",
      "xmark",
      "exclamationmark.triangle",
    ]) {
      expect(hasGlyph(name), name).toBe(true);
    }
  });

  it("drops modifiers and trailing parts", () => {
    expect(glyphFor("bolt.fill")).toBe(glyphFor("bolt"));
    expect(glyphFor("xmark.circle.fill")).toBe(glyphFor("xmark"));
    expect(glyphFor("thermometer.medium")).toBe(glyphFor("thermometer"));
    expect(glyphFor("gearshape.fill")).toBe(glyphFor("gear"));
    expect(glyphFor("chevron.right.circle")).toBe(glyphFor("chevron.right"));
    expect(glyphFor("Wifi")).toBe(glyphFor("wifi"));
  });

  it("misses unknown names so the icon draws a neutral mark", () => {
    expect(glyphFor("totally.unknown.symbol")).toBeUndefined();
    expect(glyphFor("")).toBeUndefined();
  });
});
