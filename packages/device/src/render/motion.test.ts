import { describe, expect, it } from "vitest";
import { animationVariables, containerAnimationVariables, motionOf, steppingOf } from "./motion.js";

describe("motion", () => {
  it("reads a profile name or an object, with duration and bounce overrides", () => {
    expect(motionOf("gentle")).toEqual({ profile: "gentle", duration: 0.25, ease: "ease-in-out" });
    expect(motionOf("instant")).toMatchObject({ duration: 0, ease: "linear" });
    expect(motionOf({ profile: "smooth", duration: 0.5 })).toEqual({
      profile: "smooth",
      duration: 0.5,
      ease: "cubic-bezier(0.3, 1.00, 0.6, 1)",
    });
    expect(motionOf({ profile: "bouncy", bounce: 0.5 })!.ease).toBe("cubic-bezier(0.3, 2.00, 0.6, 1)");
    expect(motionOf("wobbly")).toBeUndefined();
    expect(motionOf(undefined)).toBeUndefined();
    expect(animationVariables("bouncy")).toEqual({
      "--carter-anim-duration": "0.5s",
      "--carter-anim-ease": "cubic-bezier(0.3, 1.60, 0.6, 1)",
    });
    expect(animationVariables(42)).toEqual({});
  });

  it("gives containers a bouncy default and their own keys", () => {
    expect(containerAnimationVariables("accordion", undefined)).toEqual({
      "--cc-container-duration": "0.5s",
      "--cc-container-ease": "cubic-bezier(0.3, 1.60, 0.6, 1)",
      "--cc-chevron-rotation": "90deg",
    });
    expect(containerAnimationVariables("flipCard", { flipPerspective: 1 })["--cc-flip-perspective"]).toBe(
      "1",
    );
    expect(containerAnimationVariables("label", { profile: "smooth" })).toEqual({});
    expect(steppingOf(undefined)).toEqual({ multiStep: true, stepInterval: 0.12 });
    expect(steppingOf({ multiStep: false, stepInterval: -1 })).toEqual({
      multiStep: false,
      stepInterval: 0.12,
    });
  });
});
