import { createDocument } from "@carter/authoring";
import { contrastRatio as contrast, parseHex, toHex } from "@carter/kit";
import { describe, expect, it } from "vitest";
import {
  accentOps,
  adjustForContrast,
  checkAccent,
  formatRatio,
  generatePalette,
  readableOn,
  schemeOp,
} from "./theme-tools.js";

describe("contrast", () => {
  it("matches WCAG 2's ratios", () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrast([255, 255, 255], [255, 255, 255])).toBe(1);
    // #767676 on white is the well-known smallest grey passing AA (4.54:1).
    expect(formatRatio(contrast(parseHex("#767676")!, [255, 255, 255]))).toBe("4.54:1");
    expect(contrast(parseHex("#777777")!, [255, 255, 255])).toBeLessThan(4.5);
  });

  it("reads #rgb and #rrggbb and nothing else", () => {
    expect(parseHex("#fa0")).toEqual([255, 170, 0]);
    expect(parseHex("667eea")).toEqual([102, 126, 234]);
    expect(parseHex("#12345")).toBeNull();
    expect(parseHex("red")).toBeNull();
    expect(toHex([102, 126, 234])).toBe("#667EEA");
  });

  it("checks an accent as text on each scheme's page", () => {
    const yellow = checkAccent("#FFD60A", "light");
    expect(yellow.passes).toBe(false);
    expect(yellow.ratio).toBeLessThan(2);
    expect(checkAccent("#FFD60A", "dark").passes).toBe(true);
    expect(() => checkAccent("nope", "dark")).toThrow(/accent: "nope" is not a #rrggbb colour/);
  });
});

describe("generatePalette", () => {
  it("moves the accent just far enough to pass 4.5:1 where it fails, keeps it where it passes", () => {
    const palette = generatePalette("#FFD60A");
    const light = parseHex(palette.schemes.light.accentColor)!;
    expect(contrast(light, parseHex("#F2F2F7")!)).toBeGreaterThanOrEqual(4.5);
    // Just far enough: one step less dark would fail.
    expect(contrast(light, parseHex("#F2F2F7")!)).toBeLessThan(5.2);
    expect(palette.schemes.dark.accentColor).toBe("#FFD60A");
    expect(palette.onAccent).toBe("#000000");
    expect(generatePalette("#1E3A8A").onAccent).toBe("#FFFFFF");
    expect(readableOn(palette.schemes.light.accentColor)).toBe("#FFFFFF");
    expect(palette.gradient[0]).toBe("#FFD60A");
    expect(palette.checks.map((c) => [c.scheme, c.passes])).toEqual([
      ["light", false],
      ["dark", true],
    ]);
  });

  it("lightens on a dark page", () => {
    const navy = parseHex("#1E3A8A")!;
    const dark = adjustForContrast(navy, parseHex("#0B0D12")!);
    expect(contrast(dark, parseHex("#0B0D12")!)).toBeGreaterThanOrEqual(4.5);
    expect(dark[2]).toBeGreaterThan(navy[2]);
  });
});

describe("theme operations", () => {
  it("apply through the document, keeping other theme and appearance keys, one undo step", () => {
    const doc = createDocument({
      name: "T",
      version: 1,
      theme: { cornerRadius: 4 },
      appearance: { showHeader: false },
      tabs: [{ title: "Main", icon: "gauge", children: [] }],
    });
    const before = doc.text();
    doc.batch([
      ...accentOps(doc.layout, "#ffd60a", generatePalette("#ffd60a")),
      schemeOp(doc.layout, "light"),
    ]);
    expect(doc.layout.accentColor).toBe("#FFD60A");
    expect(doc.layout.theme).toMatchObject({
      cornerRadius: 4,
      accentColor: "#FFD60A",
      light: { accentColor: generatePalette("#FFD60A").schemes.light.accentColor },
    });
    expect(doc.layout.appearance).toEqual({ showHeader: false, colorScheme: "light" });
    expect(doc.validate().errors).toEqual([]);
    doc.undo();
    expect(doc.text()).toBe(before);
  });
});
