import { describe, expect, it } from "vitest";
import { backgroundImage, headerLook, statusBarLook } from "./appearance.js";

describe("appearance", () => {
  it("infers a color header from its fills and falls back to transparent without one", () => {
    expect(headerLook(undefined, "dark")).toEqual({ style: "transparent" });
    expect(headerLook({ header: { dark: ["#0A0F1E", "#0E1A33"] } }, "dark")).toEqual({
      style: "color",
      fill: "linear-gradient(135deg, #0A0F1E, #0E1A33)",
      topColor: "#0A0F1E",
    });
    expect(headerLook({ header: { dark: "#112233" } }, "light")).toEqual({ style: "transparent" });
    expect(headerLook({ header: { style: "material", dark: "#112233" } }, "dark")).toEqual({
      style: "material",
    });
  });

  it("reads the background image object or a bare URL, loading only absolute image URLs", () => {
    expect(backgroundImage({ backgroundImage: "https://example.com/bg.jpg" })).toEqual({
      url: "https://example.com/bg.jpg",
      fit: "cover",
      blur: 0,
      opacity: 1,
      overlay: undefined,
    });
    expect(
      backgroundImage({
        backgroundImage: { url: 'https://x.test/a?q="b"\\', contentMode: "fit", opacity: 3 },
      }),
    ).toMatchObject({ url: "https://x.test/a?q=%22b%22%5C", fit: "contain", opacity: 1 });
    expect(backgroundImage({ backgroundImage: { url: "javascript:alert(1)" } })).toBeUndefined();
    expect(backgroundImage({ backgroundImage: { asset: "bg" } })).toBeUndefined();
    expect(backgroundImage({ backgroundImage: { asset: "bg", overlay: "#00000080" } })).toMatchObject({
      url: undefined,
      overlay: "#00000080",
    });
  });

  it("derives the status bar from the scheme unless the layout pins it", () => {
    const transparent = { style: "transparent" } as const;
    expect(statusBarLook(undefined, "dark", transparent, "#0B0D12")).toEqual({
      content: "light",
      themeColor: "#0B0D12",
      appleStyle: "black-translucent",
    });
    expect(
      statusBarLook({ statusBarStyle: "dark" }, "dark", { style: "color", topColor: "#112233" }, "#000000"),
    ).toEqual({ content: "dark", themeColor: "#112233", appleStyle: "default" });
  });
});
