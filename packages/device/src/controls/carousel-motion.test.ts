import { describe, expect, it } from "vitest";
import {
  carouselMotion,
  coverflowPose,
  deckPose,
  pageOffset,
  poseTransform,
  rubberBand,
  stepToward,
} from "./carousel-motion.js";

const defaults = carouselMotion(undefined);

describe("carouselMotion", () => {
  it("has the documented defaults and takes valid overrides", () => {
    expect(defaults).toEqual({
      sideScale: 0.82,
      sideRotation: 45,
      sideSpacing: 0.55,
      sideOpacity: 0.6,
      deckVisibleCount: 3,
      deckScaleStep: 0.06,
      deckOffsetStep: 14,
      deckRotation: 0,
    });
    const m = carouselMotion({ sideScale: 0.78, sideOpacity: 7, deckVisibleCount: "4" });
    expect(m).toMatchObject({ sideScale: 0.78, sideOpacity: 0.6, deckVisibleCount: 4 });
  });
});

describe("paging", () => {
  it("measures offsets the short way round only with loop", () => {
    expect(pageOffset(4, 0, 5, false)).toBe(4);
    expect(pageOffset(4, 0, 5, true)).toBe(-1);
    expect(pageOffset(0, 4, 5, true)).toBe(1);
  });

  it("steps one page at a time towards the target", () => {
    expect(stepToward(0, 3, 5, false)).toBe(1);
    expect(stepToward(3, 0, 5, false)).toBe(2);
    expect(stepToward(1, 4, 5, true)).toBe(0);
    expect(stepToward(2, 2, 5, true)).toBe(2);
  });
});

describe("rubberBand", () => {
  it("follows the finger, resisting only past an end", () => {
    expect(rubberBand(-90, true, false)).toBe(-90);
    expect(rubberBand(90, true, false)).toBe(30);
    expect(rubberBand(-90, false, true)).toBe(-30);
    expect(rubberBand(90, false, true)).toBe(90);
  });
});

describe("poses", () => {
  it("coverflow: centre whole, neighbours scaled, turned inwards and faded, the rest hidden", () => {
    expect(coverflowPose(0, defaults)).toMatchObject({ x: 0, scale: 1, rotateY: 0, opacity: 1 });
    expect(coverflowPose(1, defaults)).toMatchObject({ x: 0.55, scale: 0.82, rotateY: -45, opacity: 0.6 });
    expect(coverflowPose(-1, defaults)).toMatchObject({ x: -0.55, rotateY: 45 });
    expect(coverflowPose(2, defaults).opacity).toBe(0);
    expect(coverflowPose(0, defaults).z).toBeGreaterThan(coverflowPose(1, defaults).z);
  });

  it("deck: layers shrink, drop and fan per step; passed cards leave, deep ones wait hidden", () => {
    const m = carouselMotion({ deckVisibleCount: 4, deckOffsetStep: 18, deckRotation: 3 });
    expect(deckPose(0, m)).toMatchObject({ x: 0, y: 0, scale: 1, rotate: 0, opacity: 1 });
    expect(deckPose(2, m)).toMatchObject({ y: 36, scale: 0.88, rotate: 6, opacity: 1 });
    expect(deckPose(5, m)).toMatchObject({ y: 54, opacity: 0 });
    expect(deckPose(-1, m).x).toBeLessThan(-1);
    expect(deckPose(-1, m).opacity).toBe(0);
  });

  it("writes a pose as a CSS transform", () => {
    expect(poseTransform(coverflowPose(1, defaults))).toBe("translateX(55cqw) rotateY(-45deg) scale(0.82)");
    expect(poseTransform(deckPose(0, defaults))).toBe("translateX(0cqw) scale(1)");
  });
});
