import { isObject, type JsonObject } from "../engine/json.js";

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

/** `#RRGGBB`, `#RRGGBBAA`, `#RGB`, also without the `#`; anything else is not a color. */
export function cssColor(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const hex = value.startsWith("#") ? value.slice(1) : value;
  return /^([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(hex) ? `#${hex}` : undefined;
}

function gradient(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const colors = value.map(cssColor).filter((c): c is string => c !== undefined);
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
    const color = cssColor(theme[key]);
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
  return out;
}

/**
 * CSS custom properties for a whole layout: defaults, then the layout's `accentColor`, then the
 * theme's base keys, then its block for the active scheme (layout.md §12.2).
 */
export function layoutThemeVariables(layout: JsonObject | null, scheme: Scheme): Record<string, string> {
  const appearance = layout && isObject(layout.appearance) ? layout.appearance : undefined;
  const theme = layout?.theme ?? appearance?.theme;
  const accent = layout && cssColor(layout.accentColor) ? { accentColor: layout.accentColor } : undefined;
  return variables(flatten([BASE_DEFAULTS, DEFAULTS[scheme], accent, theme], scheme));
}

/** The overrides a control's (or group's) own `theme` applies on top of the layout's. */
export function controlThemeVariables(theme: unknown, scheme: Scheme): Record<string, string> {
  return isObject(theme) ? variables(flatten([theme], scheme)) : {};
}
