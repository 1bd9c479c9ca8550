import { describe, expect, it } from "vitest";
import {
  calendarMonth,
  clampDate,
  dayAllowed,
  partOf,
  wheelOptions,
  wheelParts,
  withPart,
} from "./date-parts.js";

describe("datePicker wheel", () => {
  it("has the columns of each mode", () => {
    expect(wheelParts("date")).toEqual(["month", "day", "year"]);
    expect(wheelParts("time")).toEqual(["hour", "minute"]);
    expect(wheelParts("dateAndTime")).toEqual(["month", "day", "year", "hour", "minute"]);
  });

  it("offers the month's days, 24 hours, 60 minutes and the bounded years", () => {
    const feb = new Date(2028, 1, 10, 8, 30);
    expect(wheelOptions("day", feb)).toHaveLength(29);
    expect(wheelOptions("hour", feb)[23]).toEqual({ value: 23, label: "23" });
    expect(wheelOptions("minute", feb)[5]).toEqual({ value: 5, label: "05" });
    expect(wheelOptions("month", feb, undefined, undefined, "en-US")[2]).toEqual({ value: 2, label: "Mar" });
    const years = wheelOptions("year", feb, new Date(2026, 0, 1), new Date(2030, 11, 31));
    expect(years.map((y) => y.value)).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(wheelOptions("year", feb)).toHaveLength(101);
  });

  it("sets one part and keeps the day inside the month", () => {
    const jan31 = new Date(2026, 0, 31, 9, 15);
    expect(withPart(jan31, "month", 1)).toEqual(new Date(2026, 1, 28, 9, 15));
    expect(withPart(jan31, "minute", 45)).toEqual(new Date(2026, 0, 31, 9, 45));
    expect(withPart(new Date(2028, 1, 29), "year", 2027)).toEqual(new Date(2027, 1, 28));
    expect(partOf(jan31, "month")).toBe(0);
    expect(partOf(jan31, "hour")).toBe(9);
  });
});

describe("datePicker calendar and bounds", () => {
  it("lays out a month from its first weekday", () => {
    expect(calendarMonth(2026, 2)).toEqual({ lead: 0, days: 31 });
    expect(calendarMonth(2026, 1)).toEqual({ lead: 0, days: 28 });
    expect(calendarMonth(2026, 6)).toEqual({ lead: 3, days: 31 });
  });

  it("clamps to dateMin/dateMax and disables days wholly outside them", () => {
    const min = new Date(2026, 0, 10, 12);
    const max = new Date(2026, 0, 20, 12);
    expect(clampDate(new Date(2026, 0, 1), min, max)).toEqual(min);
    expect(clampDate(new Date(2026, 1, 1), min, max)).toEqual(max);
    expect(clampDate(new Date(2026, 0, 15), undefined, max)).toEqual(new Date(2026, 0, 15));
    expect(dayAllowed(2026, 0, 9, min, max)).toBe(false);
    expect(dayAllowed(2026, 0, 10, min, max)).toBe(true);
    expect(dayAllowed(2026, 0, 20, min, max)).toBe(true);
    expect(dayAllowed(2026, 0, 21, min, max)).toBe(false);
  });
});
