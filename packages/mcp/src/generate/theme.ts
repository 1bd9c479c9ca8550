/** A layout theme from an accent colour or a few words, with every text/background pair contrast-checked. */
import { contrastRatio as rgbContrast, parseHex, relativeLuminance, toHex, type Rgb } from "@carter/kit";

export interface GeneratedTheme {
  accentColor: string;
  scheme: "dark" | "light";
  theme: Record<string, unknown>;
  /** WCAG contrast ratios of the pairs that matter. */
  contrast: { pair: string; ratio: number; minimum: number; ok: boolean }[];
}

const VIBES: readonly { words: RegExp; accent: string }[] = [
  { words: /ocean|sea|water|calm|blue/i, accent: "#0ea5e9" },
  { words: /forest|nature|garden|green|plant/i, accent: "#22c55e" },
  { words: /sunset|warm|fire|orange|energy/i, accent: "#f97316" },
  { words: /rose|love|pink|candy/i, accent: "#f43f5e" },
  { words: /night|midnight|space|purple|cosmic/i, accent: "#8b5cf6" },
  { words: /gold|sun|yellow|honey/i, accent: "#eab308" },
  { words: /mono|minimal|gr[ae]y|industrial|steel/i, accent: "#94a3b8" },
  { words: /danger|alert|alarm|red/i, accent: "#ef4444" },
];

function channels(hex: string): Rgb {
  const rgb = parseHex(hex);
  if (!rgb) throw new Error(`accent: '${hex}' is not a #RRGGBB colour`);
  return rgb;
}

const luminance = (hex: string) => relativeLuminance(channels(hex));

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  return rgbContrast(channels(a), channels(b));
}

function mix(a: string, b: string, t: number): string {
  const x = channels(a);
  const y = channels(b);
  return toHex(x.map((c, i) => c + (y[i] - c) * t));
}

/** Moves `color` toward white or black until it reaches `minimum` contrast against `background`. */
function ensureContrast(color: string, background: string, minimum: number): string {
  const toward = luminance(background) < 0.5 ? "#ffffff" : "#000000";
  let result = color;
  for (let t = 0.1; contrastRatio(result, background) < minimum && t <= 1; t += 0.1)
    result = mix(color, toward, t);
  return result;
}

/** A theme from an accent (`#RRGGBB`) or a description ("calm ocean dashboard"). */
export function generateTheme(input: {
  accent?: string;
  description?: string;
  scheme?: "dark" | "light";
}): GeneratedTheme {
  const described = input.description ?? "";
  const accentSource = input.accent ?? VIBES.find((v) => v.words.test(described))?.accent ?? "#667eea";
  const base = toHex(channels(accentSource));
  const scheme = input.scheme ?? (/light|bright|day|paper/i.test(described) ? "light" : "dark");
  const background = scheme === "dark" ? mix("#0b0f19", base, 0.06) : mix("#f8fafc", base, 0.04);
  const surface = scheme === "dark" ? mix(background, "#ffffff", 0.06) : "#ffffff";
  const foreground = scheme === "dark" ? "#f8fafc" : "#0f172a";
  const secondary = ensureContrast(mix(foreground, background, 0.35), surface, 4.5);
  const accent = ensureContrast(base, surface, 3);
  const theme = {
    accentColor: accent,
    foregroundColor: foreground,
    secondaryColor: secondary,
    pageBackground: background,
    surfacePrimary: surface,
    surfaceSecondary: mix(surface, foreground, 0.05),
    borderColor: mix(surface, foreground, 0.15),
    tabBarTint: accent,
    cornerRadius: 14,
  };
  const pair = (name: string, a: string, b: string, minimum: number) => {
    const ratio = Number(contrastRatio(a, b).toFixed(2));
    return { pair: name, ratio, minimum, ok: ratio >= minimum };
  };
  return {
    accentColor: accent,
    scheme,
    theme,
    contrast: [
      pair("foreground on surface", foreground, surface, 4.5),
      pair("foreground on page", foreground, background, 4.5),
      pair("secondary on surface", secondary, surface, 4.5),
      pair("accent on surface", accent, surface, 3),
    ],
  };
}
