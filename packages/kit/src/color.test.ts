import { describe, expect, it } from "vitest";
import { contrastRatio, parseHex, readLayoutColor, relativeLuminance, toHex } from "./color.js";

describe("readLayoutColor", () => {
  it("takes the hex forms of layout.md §1, with or without #, and names; refuses the rest", () => {
    expect(readLayoutColor(" #667EEA80 ")).toEqual({ kind: "hex", digits: "667EEA80" });
    expect(readLayoutColor("0af")).toEqual({ kind: "hex", digits: "0af" });
    expect(readLayoutColor("SkyBlue")).toEqual({ kind: "name", name: "skyblue" });
    for (const bad of ["#12345", "rgb(1,2,3)", "red;}", "", 7, null])
      expect(readLayoutColor(bad)).toBeUndefined();
  });
});

describe("colour arithmetic", () => {
  it("reads #rgb and #rrggbb, with or without #, and nothing else", () => {
    expect(parseHex("#0af")).toEqual([0, 170, 255]);
    expect(parseHex(" 667EEA ")).toEqual([102, 126, 234]);
    expect(parseHex("#12345")).toBeNull();
    expect(parseHex("blue")).toBeNull();
  });

  it("writes #RRGGBB, rounding and clamping channels", () => {
    expect(toHex([102.4, 126.6, 300])).toBe("#667FFF");
    expect(toHex([-5, 0, 15])).toBe("#00000F");
  });

  it("gives WCAG 2's luminance and ratios", () => {
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(contrastRatio([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
    expect(contrastRatio([10, 20, 30], [10, 20, 30])).toBe(1);
  });
});
