import { describe, expect, it } from "vitest";
import { controlThemeVariables, layoutThemeVariables, pageBackgroundColor, resolveScheme } from "./theme.js";

describe("theme", () => {
  it("merges defaults < accentColor < base < scheme block", () => {
    const layout = {
      accentColor: "#112233",
      theme: {
        cornerRadius: 4,
        pageBackground: "#000001",
        dark: { pageBackground: "#000002" },
        light: { accentColor: "#445566" },
      },
    };
    const dark = layoutThemeVariables(layout, "dark");
    expect(dark["--carter-accent"]).toBe("#112233");
    expect(dark["--carter-page-bg"]).toBe("#000002");
    expect(dark["--carter-radius"]).toBe("4px");
    expect(dark["--carter-fg"]).toBe("#FFFFFF");
    const light = layoutThemeVariables(layout, "light");
    expect(light["--carter-accent"]).toBe("#445566");
    expect(light["--carter-page-bg"]).toBe("#000001");
    expect(light["--carter-fg"]).toBe("#000000");
  });

  it("turns gradients, fonts and weights into CSS", () => {
    const vars = layoutThemeVariables(
      {
        theme: {
          pageBackgroundGradient: ["#000000", "222222"],
          fontDesign: "monospaced",
          valueFontWeight: "bold",
        },
      },
      "dark",
    );
    expect(vars["--carter-page-bg"]).toBe("linear-gradient(135deg, #000000, #222222)");
    expect(vars["--carter-font"]).toContain("monospace");
    expect(vars["--carter-value-weight"]).toBe("700");
  });

  it("gives only a control's own overrides and resolves the scheme", () => {
    expect(
      controlThemeVariables({ accentColor: "#010203", light: { accentColor: "#040506" } }, "dark"),
    ).toEqual({ "--carter-accent": "#010203", "--carter-accent-gradient": "#010203" });
    expect(resolveScheme({ colorScheme: "light" }, true)).toBe("light");
    expect(resolveScheme({ colorScheme: "system" }, true)).toBe("dark");
    expect(resolveScheme(undefined, false)).toBe("light");
  });

  it("scopes family sub-themes to their family and reads a member's own keys flat", () => {
    const vars = layoutThemeVariables(
      {
        theme: {
          blurEnabled: false,
          toggle: { trackActiveColor: "34C759", knobSize: 20, knobShadow: false, trackColor: "not a colour" },
          progressBar: { trackHeight: 4 },
          dark: { slider: { thumbColor: "#FFFFFF" } },
        },
      },
      "dark",
    );
    expect(vars).toMatchObject({
      "--cc-toggle-track-on": "#34C759",
      "--cc-toggle-knob-size": "20px",
      "--cc-toggle-knob-shadow": "none",
      "--cc-progress-height": "4px",
      "--cc-slider-thumb": "#FFFFFF",
      "--carter-blur": "0px",
    });
    expect(vars["--cc-toggle-track"]).toBeUndefined();
    expect(
      controlThemeVariables(
        { selectedColor: "#111111", segmented: { textColor: "#222222" } },
        "dark",
        "segmentedControl",
      ),
    ).toEqual({ "--cc-segmented-selected": "#111111", "--cc-segmented-text": "#222222" });
    expect(controlThemeVariables({ trackColor: "#111111" }, "dark", "label")).toEqual({});
  });

  it("finds the solid color behind the status bar", () => {
    expect(
      pageBackgroundColor({ theme: { dark: { pageBackgroundGradient: ["#0A0F1E", "#0E1A33"] } } }, "dark"),
    ).toBe("#0A0F1E");
    expect(pageBackgroundColor({ theme: { pageBackground: "#123456" } }, "light")).toBe("#123456");
    expect(pageBackgroundColor(null, "dark")).toBe("#0B0D12");
  });
});
