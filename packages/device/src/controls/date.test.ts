import { describe, expect, it } from "vitest";
import { inputToIso, isoToInput, toIso } from "./date.js";

describe("datePicker conversions", () => {
  it("round-trips an instant through each input mode", () => {
    const iso = toIso(new Date(2026, 2, 1, 8, 30));
    expect(isoToInput(iso, "dateAndTime")).toBe("2026-03-01T08:30");
    expect(isoToInput(iso, "date")).toBe("2026-03-01");
    expect(isoToInput(iso, "time")).toBe("08:30");
    expect(inputToIso("2026-03-01T08:30", "dateAndTime")).toBe(iso);
    expect(inputToIso("08:30", "time", new Date(2026, 2, 1))).toBe(iso);
    expect(inputToIso("2026-03-01", "date")).toBe(toIso(new Date(2026, 2, 1)));
  });

  it("emits the app's ISO form and rejects junk", () => {
    expect(toIso(new Date(Date.UTC(2026, 2, 1, 8, 30, 0, 123)))).toBe("2026-03-01T08:30:00Z");
    expect(inputToIso("", "date")).toBeUndefined();
    expect(inputToIso("25:99x", "time")).toBeUndefined();
    expect(isoToInput("not a date", "date")).toBe("");
  });
});
