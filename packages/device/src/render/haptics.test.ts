import { afterEach, describe, expect, it, vi } from "vitest";
import { hapticOf, playHaptic } from "./haptics.js";

describe("haptics", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("uses the control's own profile, else its type's default", () => {
    expect(hapticOf({ type: "button", id: "b" })).toBe("medium");
    expect(hapticOf({ type: "toggle", id: "t" })).toBe("rigid");
    expect(hapticOf({ type: "slider", id: "s", haptic: "heavy" })).toBe("heavy");
    expect(hapticOf({ type: "slider", id: "s", haptic: "buzz" })).toBeUndefined();
    expect(hapticOf({ type: "label", id: "l" })).toBeUndefined();
  });

  it("vibrates only where the browser can", () => {
    expect(playHaptic("medium")).toBe(false);
    const played: unknown[] = [];
    vi.stubGlobal("navigator", { vibrate: (pattern: unknown) => played.push(pattern) > 0 });
    expect(playHaptic("success")).toBe(true);
    expect(playHaptic(undefined)).toBe(false);
    expect(played).toEqual([[15, 60, 15]]);
  });
});
