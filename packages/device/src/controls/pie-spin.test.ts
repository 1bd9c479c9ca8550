import { describe, expect, it } from "vitest";
import { sliceAngles } from "./geometry.js";
import {
  flickSpin,
  pickWeighted,
  sliceBoundaries,
  sliceUnderPointer,
  spinRotation,
  tapSpin,
  ticksBetween,
} from "./pie-spin.js";

describe("pickWeighted", () => {
  it("lands in proportion to the weights", () => {
    expect(pickWeighted([1, 3], 0)).toBe(0);
    expect(pickWeighted([1, 3], 0.24)).toBe(0);
    expect(pickWeighted([1, 3], 0.26)).toBe(1);
    expect(pickWeighted([0, 2, 0], 0.99)).toBe(1);
    expect(pickWeighted([0, 0], 0.5)).toBe(-1);
  });
});

describe("wheel pointer and ticks", () => {
  const quarters = sliceAngles([1, 1, 1, 1]);

  it("reads the slice under the 12 o'clock pointer as the wheel turns clockwise", () => {
    expect(sliceUnderPointer(quarters, 0)).toBe(0);
    // Turning the wheel 10° clockwise brings the end of the last slice under the pointer.
    expect(sliceUnderPointer(quarters, 10)).toBe(3);
    expect(sliceUnderPointer(quarters, 100)).toBe(2);
    expect(sliceUnderPointer(quarters, -100)).toBe(1);
    expect(sliceUnderPointer(quarters, 720 + 10)).toBe(3);
  });

  it("counts one tick per boundary passed, in either direction", () => {
    const bounds = sliceBoundaries(quarters);
    expect(bounds).toEqual([0, 90, 180, 270]);
    expect(ticksBetween(bounds, 10, 80)).toBe(0);
    expect(ticksBetween(bounds, 10, 100)).toBe(1);
    expect(ticksBetween(bounds, 0, 360 * 2 + 45)).toBe(9);
    expect(ticksBetween(bounds, 100, 10)).toBe(1);
    expect(sliceBoundaries(sliceAngles([3, 0]))).toEqual([]);
  });
});

describe("spins", () => {
  const angles = sliceAngles([1, 2, 1], 30);

  it("eases a tap's spin out onto the chosen slice after several full turns", () => {
    for (const random of [0, 0.5, 1]) {
      const spin = tapSpin(angles, 47, 1, random, 4);
      expect(spin.duration).toBe(4000);
      expect(spin.distance).toBeGreaterThanOrEqual(360 * 5);
      expect(spinRotation(spin, 0)).toBe(47);
      const end = spinRotation(spin, 4000);
      expect(end).toBeCloseTo(47 + spin.distance);
      expect(sliceUnderPointer(angles, end)).toBe(1);
      expect(spinRotation(spin, 9000)).toBe(end);
    }
    const spin = tapSpin(angles, 0, 0, 0.5, 4);
    const half = spinRotation(spin, 2000) - spin.from;
    // Cubic ease-out: seven eighths of the way at half time.
    expect(half / spin.distance).toBeCloseTo(7 / 8);
  });

  it("turns a flick into a spin that leaves at the flick's speed, gentler flicks settling sooner", () => {
    expect(flickSpin(0, 30, 4)).toBeUndefined();
    const strong = flickSpin(0, 5000, 4)!;
    const gentle = flickSpin(0, 600, 4)!;
    expect(strong.duration).toBe(4000);
    expect(gentle.duration).toBeLessThan(strong.duration);
    expect((3 * gentle.distance) / (gentle.duration / 1000)).toBeCloseTo(600);
    expect(flickSpin(0, -600, 4)!.distance).toBeCloseTo(-gentle.distance);
  });
});
