import { isObject, type JsonObject } from "../engine/json.js";
import { readColor } from "../controls/color.js";

export type Scheme = "dark" | "light";

/** Theme keys mapped to the CSS custom properties every device and control stylesheet reads. */
const COLOR_VARS: Record<string, string> = {
  accentColor: "--carter-accent",
  foregroundColor: "--carter-fg",
  secondaryColor: "--carter-fg2",
  tertiaryColor: "--carter-fg3",
  surfacePrimary: "--carter-surface1",
  surfaceSecondary: "--carter-surface2",
  surfaceTertiary: "--carter-surface3",
  pageBackground: "--carter-page-bg",
  headerBackground: "--carter-header-bg",
  tabBarBackground: "--carter-tabbar-bg",
  tabBarTint: "--carter-tabbar-tint",
  borderColor: "--carter-border-color",
};
const GRADIENT_VARS: Record<string, string> = {
  pageBackgroundGradient: "--carter-page-bg",
  headerBackgroundGradient: "--carter-header-bg",
  accentGradient: "--carter-accent-gradient",
};
const LENGTH_VARS: Record<string, string> = {
  cornerRadius: "--carter-radius",
  controlPadding: "--carter-control-pad",
  cardPadding: "--carter-card-pad",
  borderWidth: "--carter-border-width",
  labelFontSize: "--carter-label-size",
  valueFontSize: "--carter-value-size",
};
/**
 * Family sub-themes (layout.md §12.2): a layout's `theme.toggle` (…) styles every control of the
 * family; a control's own `theme` may carry the same keys flat. Each key becomes a family-scoped
 * custom property that the family's stylesheet reads, so layout-level values can sit on the app
 * root and per-control ones on the cell. Sizes are points (px); `*Shadow` are booleans.
 */
type FamilyKey = [key: string, variable: string, kind: "color" | "length" | "shadow"];
const FAMILY_KEYS: Record<string, readonly FamilyKey[]> = {
  toggle: [
    ["trackColor", "--cc-toggle-track", "color"],
    ["trackActiveColor", "--cc-toggle-track-on", "color"],
    ["knobColor", "--cc-toggle-knob", "color"],
    ["trackWidth", "--cc-toggle-width", "length"],
    ["trackHeight", "--cc-toggle-height", "length"],
    ["trackRadius", "--cc-toggle-radius", "length"],
    ["knobSize", "--cc-toggle-knob-size", "length"],
    ["knobRadius", "--cc-toggle-knob-radius", "length"],
    ["knobShadow", "--cc-toggle-knob-shadow", "shadow"],
  ],
  slider: [
    ["trackColor", "--cc-slider-track", "color"],
    ["trackActiveColor", "--cc-slider-fill", "color"],
    ["thumbColor", "--cc-slider-thumb", "color"],
    ["thumbBorderColor", "--cc-slider-thumb-border", "color"],
    ["thumbSize", "--cc-slider-thumb-size", "length"],
    ["thumbRadius", "--cc-slider-thumb-radius", "length"],
    ["trackHeight", "--cc-slider-track-height", "length"],
    ["thumbShadow", "--cc-slider-thumb-shadow", "shadow"],
  ],
  stepper: [
    ["buttonColor", "--cc-stepper-button", "color"],
    ["iconColor", "--cc-stepper-icon", "color"],
    ["buttonSize", "--cc-stepper-button-size", "length"],
    ["buttonRadius", "--cc-stepper-button-radius", "length"],
  ],
  segmented: [
    ["trackColor", "--cc-segmented-track", "color"],
    ["selectedColor", "--cc-segmented-selected", "color"],
    ["textColor", "--cc-segmented-text", "color"],
    ["selectedTextColor", "--cc-segmented-selected-text", "color"],
    ["selectedRadius", "--cc-segmented-selected-radius", "length"],
    ["selectedShadow", "--cc-segmented-selected-shadow", "shadow"],
  ],
  progressBar: [
    ["trackColor", "--cc-progress-track", "color"],
    ["trackActiveColor", "--cc-progress-fill", "color"],
    ["trackHeight", "--cc-progress-height", "length"],
  ],
};
/** Control type -> its family sub-theme (the doc names the segmented and progress families differently). */
const FAMILY_OF_TYPE: Record<string, string> = {
  toggle: "toggle",
  slider: "slider",
  stepper: "stepper",
  segmentedControl: "segmented",
  progressRing: "progressBar",
};
const SHADOWS: Record<string, string> = {
  "--cc-toggle-knob-shadow": "0 2px 6px rgba(0, 0, 0, 0.3)",
  "--cc-slider-thumb-shadow": "0 0 0 0.5px rgba(0, 0, 0, 0.12), 0 2px 8px rgba(0, 0, 0, 0.4)",
  "--cc-segmented-selected-shadow": "0 1px 4px rgba(0, 0, 0, 0.4)",
};

function familyVariables(family: string, values: unknown, out: Record<string, string>): void {
  if (!isObject(values)) return;
  for (const [key, name, kind] of FAMILY_KEYS[family] ?? []) {
    const value = values[key];
    if (kind === "color") {
      const color = readColor(value);
      if (color) out[name] = color;
    } else if (kind === "length") {
      if (typeof value === "number" && Number.isFinite(value) && value >= 0) out[name] = `${value}px`;
    } else if (typeof value === "boolean") out[name] = value ? SHADOWS[name]! : "none";
  }
}

const FONT_DESIGNS: Record<string, string> = {
  default: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  rounded: "ui-rounded, 'SF Pro Rounded', system-ui, sans-serif",
  serif: "ui-serif, Georgia, 'Times New Roman', serif",
  monospaced: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
};
const WEIGHTS: Record<string, string> = {
  ultralight: "100",
  thin: "200",
  light: "300",
  regular: "400",
  medium: "500",
  semibold: "600",
  bold: "700",
  heavy: "800",
  black: "900",
};

const DEFAULTS: Record<Scheme, JsonObject> = {
  dark: {
    accentColor: "#667eea",
    foregroundColor: "#FFFFFF",
    secondaryColor: "#FFFFFFB3",
    tertiaryColor: "#FFFFFF66",
    surfacePrimary: "#FFFFFF14",
    surfaceSecondary: "#FFFFFF0D",
    surfaceTertiary: "#FFFFFF08",
    pageBackground: "#0B0D12",
    headerBackground: "#00000000",
    tabBarBackground: "#11141BEE",
    borderColor: "#FFFFFF1F",
  },
  light: {
    accentColor: "#667eea",
    foregroundColor: "#000000",
    secondaryColor: "#3C3C43B3",
    tertiaryColor: "#3C3C4366",
    surfacePrimary: "#FFFFFFD9",
    surfaceSecondary: "#F2F2F7",
    surfaceTertiary: "#E5E5EA",
    pageBackground: "#F2F2F7",
    headerBackground: "#00000000",
    tabBarBackground: "#F9F9FBEE",
    borderColor: "#0000001A",
  },
};
const BASE_DEFAULTS: JsonObject = {
  cornerRadius: 12,
  controlPadding: 8,
  cardPadding: 12,
  borderWidth: 1,
  labelFontSize: 12,
  valueFontSize: 14,
  valueFontWeight: "semibold",
  fontDesign: "default",
};

/** Two or more colors as a top-leading to bottom-trailing gradient; anything else is none. */
export function gradient(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const colors = value.map(readColor).filter((c): c is string => c !== undefined);
  return colors.length >= 2 ? `linear-gradient(135deg, ${colors.join(", ")})` : undefined;
}

/** The active scheme for `appearance.colorScheme` given whether the system prefers dark. */
export function resolveScheme(appearance: unknown, systemPrefersDark: boolean): Scheme {
  const requested = isObject(appearance) ? appearance.colorScheme : undefined;
  if (requested === "dark" || requested === "light") return requested;
  return systemPrefersDark ? "dark" : "light";
}

/** Theme values in merge order: later layers win, a layer's scheme block beats its base keys. */
function flatten(layers: readonly unknown[], scheme: Scheme): JsonObject {
  const merged: JsonObject = {};
  for (const layer of layers) {
    if (!isObject(layer)) continue;
    for (const [key, value] of Object.entries(layer))
      if (key !== "light" && key !== "dark") merged[key] = value;
    if (isObject(layer[scheme])) Object.assign(merged, layer[scheme]);
  }
  return merged;
}

function variables(theme: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(COLOR_VARS)) {
    const color = readColor(theme[key]);
    if (color) out[name] = color;
  }
  for (const [key, name] of Object.entries(GRADIENT_VARS)) {
    const value = gradient(theme[key]);
    if (value) out[name] = value;
  }
  for (const [key, name] of Object.entries(LENGTH_VARS)) {
    const n = theme[key];
    if (typeof n === "number" && Number.isFinite(n) && n >= 0) out[name] = `${n}px`;
  }
  const family =
    typeof theme.fontFamily === "string" && theme.fontFamily !== ""
      ? `'${theme.fontFamily.replace(/'/g, "")}', `
      : "";
  const design = typeof theme.fontDesign === "string" ? FONT_DESIGNS[theme.fontDesign] : undefined;
  if (family || design) out["--carter-font"] = family + (design ?? FONT_DESIGNS.default);
  const weight =
    typeof theme.valueFontWeight === "string" ? WEIGHTS[theme.valueFontWeight.toLowerCase()] : undefined;
  if (weight) out["--carter-value-weight"] = weight;
  if (typeof theme.blurEnabled === "boolean") out["--carter-blur"] = theme.blurEnabled ? "12px" : "0px";
  return out;
}

/**
 * CSS custom properties for a whole layout: defaults, then the layout's `accentColor`, then the
 * theme's base keys, then its block for the active scheme (layout.md §12.2).
 */
export function layoutThemeVariables(layout: JsonObject | null, scheme: Scheme): Record<string, string> {
  const appearance = layout && isObject(layout.appearance) ? layout.appearance : undefined;
  const theme = layout?.theme ?? appearance?.theme;
  const accent = layout && readColor(layout.accentColor) ? { accentColor: layout.accentColor } : undefined;
  const merged = flatten([BASE_DEFAULTS, DEFAULTS[scheme], accent, theme], scheme);
  const out = variables(merged);
  for (const family of Object.keys(FAMILY_KEYS)) familyVariables(family, merged[family], out);
  return out;
}

/** The page background's solid color (a gradient's first stop): what sits behind the status bar. */
export function pageBackgroundColor(layout: JsonObject | null, scheme: Scheme): string {
  const appearance = layout && isObject(layout.appearance) ? layout.appearance : undefined;
  const merged = flatten([DEFAULTS[scheme], layout?.theme ?? appearance?.theme], scheme);
  const stops = merged.pageBackgroundGradient;
  const first = Array.isArray(stops) && gradient(stops) ? readColor(stops[0]) : undefined;
  return first ?? readColor(merged.pageBackground) ?? (DEFAULTS[scheme].pageBackground as string);
}

/**
 * The overrides a control's (or group's) own `theme` applies on top of the layout's: base keys,
 * its scheme block, and, for a family member, the family's keys written flat or under the
 * family's name.
 */
export function controlThemeVariables(theme: unknown, scheme: Scheme, type?: string): Record<string, string> {
  if (!isObject(theme)) return {};
  const merged = flatten([theme], scheme);
  const out = variables(merged);
  // A control's own accent also replaces the layout's accent gradient on what that gradient fills.
  if (out["--carter-accent"] && !out["--carter-accent-gradient"])
    out["--carter-accent-gradient"] = out["--carter-accent"];
  const family = type === undefined ? undefined : FAMILY_OF_TYPE[type];
  if (family) {
    familyVariables(family, merged[family], out);
    familyVariables(family, merged, out);
  }
  return out;
}
