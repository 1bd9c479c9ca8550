import type { Operation } from "@carter/authoring";
import {
  contrastRatio as contrast,
  parseHex,
  relativeLuminance as luminance,
  toHex,
  type Layout,
  type Rgb,
} from "@carter/kit";

export type Scheme = "light" | "dark";

/** The page backgrounds the device draws by default in each scheme (its render/theme.ts). */
export const PAGE_BACKGROUND: Record<Scheme, string> = { dark: "#0B0D12", light: "#F2F2F7" };

/** WCAG 2 minimum contrast for body text (1.4.3, level AA). */
export const TEXT_CONTRAST = 4.5;

function toHsl([r, g, b]: Rgb): [number, number, number] {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h =
    max === rr
      ? ((gg - bb) / d + (gg < bb ? 6 : 0)) / 6
      : max === gg
        ? ((bb - rr) / d + 2) / 6
        : ((rr - gg) / d + 4) / 6;
  return [h * 360, s, l];
}

function fromHsl([h, s, l]: [number, number, number]): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/**
 * The accent moved in lightness (hue and saturation kept) just far enough to reach `ratio`
 * against `background`: darker on a light page, lighter on a dark one. The accent itself when
 * it already passes.
 */
export function adjustForContrast(accent: Rgb, background: Rgb, ratio = TEXT_CONTRAST): Rgb {
  if (contrast(accent, background) >= ratio) return accent;
  const [h, s, l] = toHsl(accent);
  const darker = luminance(background) > 0.5;
  for (let step = 1; step <= 100; step++) {
    const next = fromHsl([h, s, darker ? l * (1 - step / 100) : l + (1 - l) * (step / 100)]);
    const rounded = parseHex(toHex(next)) as Rgb;
    if (contrast(rounded, background) >= ratio) return rounded;
  }
  return darker ? [0, 0, 0] : [255, 255, 255];
}

/** Black or white, whichever reads better as text on `fill` (a #rrggbb colour). */
export function readableOn(fill: string): "#000000" | "#FFFFFF" {
  const color = parseHex(fill) ?? [0, 0, 0];
  return contrast(color, [0, 0, 0]) >= contrast(color, [255, 255, 255]) ? "#000000" : "#FFFFFF";
}

/** How the accent reads as text on one scheme's page background. */
export interface ContrastCheck {
  scheme: Scheme;
  background: string;
  color: string;
  ratio: number;
  passes: boolean;
}

export interface Palette {
  accent: string;
  /** Text on an accent fill (button labels): black or white, whichever contrasts more. */
  onAccent: string;
  /** The accent to a deeper hue, for `accentGradient`. */
  gradient: [string, string];
  /** Per scheme: the accent as given, or moved just enough to pass 4.5:1 on that page. */
  schemes: Record<Scheme, { accentColor: string; tabBarTint: string }>;
  /** The accent as given, checked on each scheme's page. */
  checks: ContrastCheck[];
}

export function checkAccent(accent: string, scheme: Scheme): ContrastCheck {
  const color = parseHex(accent);
  const background = PAGE_BACKGROUND[scheme];
  if (!color) throw new Error(`accent: "${accent}" is not a #rrggbb colour`);
  const ratio = contrast(color, parseHex(background) as Rgb);
  return { scheme, background, color: toHex(color), ratio, passes: ratio >= TEXT_CONTRAST };
}

/** A palette generated from one accent, contrast-checked against both schemes' pages. */
export function generatePalette(accent: string): Palette {
  const color = parseHex(accent);
  if (!color) throw new Error(`accent: "${accent}" is not a #rrggbb colour`);
  const [h, s, l] = toHsl(color);
  const onAccent = readableOn(accent);
  const scheme = (name: Scheme) => {
    const tint = toHex(adjustForContrast(color, parseHex(PAGE_BACKGROUND[name]) as Rgb));
    return { accentColor: tint, tabBarTint: tint };
  };
  return {
    accent: toHex(color),
    onAccent,
    gradient: [toHex(color), toHex(fromHsl([(h + 330) % 360, s, Math.max(0.15, l * 0.8)]))],
    schemes: { light: scheme("light"), dark: scheme("dark") },
    checks: [checkAccent(accent, "light"), checkAccent(accent, "dark")],
  };
}

/** "4.52:1". */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The operations that apply `accent` to `layout`: the top-level `accentColor` (devices show it
 * beside saved layouts) and the theme's `accentColor`, other theme keys kept. With `palette`,
 * also the gradient, the tab bar tint and per-scheme accents that pass 4.5:1 as text.
 */
export function accentOps(layout: Layout, accent: string, palette?: Palette): Operation[] {
  const color = toHex(parseHex(accent) ?? [0, 0, 0]);
  const theme: Record<string, unknown> = { ...objectOf(layout.theme), accentColor: color };
  if (palette) {
    theme.accentGradient = palette.gradient;
    theme.tabBarTint = color;
    for (const name of ["light", "dark"] as const)
      theme[name] = { ...objectOf(theme[name]), ...palette.schemes[name] };
  }
  return [
    { op: "updateLayout", set: { accentColor: color } },
    { op: "setTheme", value: theme },
  ];
}

/** The operation that sets `appearance.colorScheme`, the other appearance keys kept. */
export function schemeOp(layout: Layout, scheme: "light" | "dark" | "system"): Operation {
  return { op: "setAppearance", value: { ...objectOf(layout.appearance), colorScheme: scheme } };
}
