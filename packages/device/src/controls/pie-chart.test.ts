import { describe, expect, it } from "vitest";
import { pickWeighted } from "./pie-chart.js";

describe("pickWeighted", () => {
  it("lands in proportion to the weights", () => {
    expect(pickWeighted([1, 3], 0)).toBe(0);
    expect(pickWeighted([1, 3], 0.24)).toBe(0);
    expect(pickWeighted([1, 3], 0.26)).toBe(1);
    expect(pickWeighted([0, 2, 0], 0.99)).toBe(1);
    expect(pickWeighted([0, 0], 0.5)).toBe(-1);
  });
});
