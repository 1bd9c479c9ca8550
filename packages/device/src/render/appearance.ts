/**
 * The app shell's `appearance` block (layout.md §12.1) as the web draws it: the header bar's
 * fill, the page background image, and what the status bar shows.
 */
import { isObject, type JsonObject } from "../engine/json.js";
import { gradient, type Scheme } from "./theme.js";
import { readColor } from "../controls/color.js";

export type HeaderStyle = "transparent" | "material" | "color";

export interface HeaderLook {
  style: HeaderStyle;
  /** The fill of a `color` header for the active scheme (a color or a gradient). */
  fill?: string;
  /** The fill's first color: what sits behind the status bar. */
  topColor?: string;
}

function fillOf(value: unknown): { fill: string; top: string } | undefined {
  const color = readColor(value);
  if (color) return { fill: color, top: color };
  const steps = gradient(value);
  return steps && Array.isArray(value) ? { fill: steps, top: readColor(value[0])! } : undefined;
}

/**
 * `appearance.header`: absent is transparent; `style` is inferred `color` when a `light`/`dark`
 * fill is set; a `color` header without a fill for the active scheme falls back to transparent.
 */
export function headerLook(appearance: JsonObject | undefined, scheme: Scheme): HeaderLook {
  const header = appearance && isObject(appearance.header) ? appearance.header : undefined;
  if (!header) return { style: "transparent" };
  const hasFill = header.light !== undefined || header.dark !== undefined;
  const style =
    header.style === "material" || header.style === "color" || header.style === "transparent"
      ? header.style
      : hasFill
        ? "color"
        : "transparent";
  if (style !== "color") return { style };
  const fill = fillOf(header[scheme]);
  return fill ? { style, fill: fill.fill, topColor: fill.top } : { style: "transparent" };
}

export interface BackgroundImage {
  /** The image's absolute URL. */
  url?: string;
  fit: "cover" | "contain";
  /** Blur radius in px (0 = none). */
  blur: number;
  opacity: number;
  overlay?: string;
}

/**
 * `appearance.backgroundImage`: the object form, or a bare URL string (what the kit's builder
 * writes). Only absolute http(s) and `data:image/` URLs load; an `asset` names an image bundled
 * with the iOS app, which a web device does not have, so an asset-only background draws just its
 * overlay. `undefined` when nothing would be drawn.
 */
export function backgroundImage(appearance: JsonObject | undefined): BackgroundImage | undefined {
  const raw = appearance?.backgroundImage;
  const spec: JsonObject | undefined =
    typeof raw === "string" ? { url: raw } : isObject(raw) ? raw : undefined;
  if (!spec) return undefined;
  const url = absoluteImageUrl(spec.url);
  const overlay = readColor(spec.overlay);
  if (url === undefined && overlay === undefined) return undefined;
  const opacity = typeof spec.opacity === "number" && Number.isFinite(spec.opacity) ? spec.opacity : 1;
  const blur = typeof spec.blur === "number" && Number.isFinite(spec.blur) ? Math.max(0, spec.blur) : 0;
  return {
    url,
    fit: spec.contentMode === "fit" ? "contain" : "cover",
    blur,
    opacity: Math.max(0, Math.min(1, opacity)),
    overlay,
  };
}

function absoluteImageUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    const url = new URL(value);
    // Quotes and backslashes are escaped so the URL stays one CSS string.
    const href = url.href.replace(/["\\]/g, (c) => encodeURIComponent(c));
    if (url.protocol === "http:" || url.protocol === "https:") return href;
    if (url.protocol === "data:" && /^data:image\//i.test(href)) return href;
  } catch {
    return undefined;
  }
  return undefined;
}

export interface StatusBarLook {
  /** Status bar content: light text and glyphs, or dark ones. */
  content: "light" | "dark";
  /** `<meta name="theme-color">`: the color behind the status bar (browsers that tint it). */
  themeColor: string;
  /** `<meta name="apple-mobile-web-app-status-bar-style">` for a home-screen web app on iOS. */
  appleStyle: "black-translucent" | "default";
}

/**
 * `appearance.statusBarStyle` on the web. `auto` derives the content color from the scheme
 * (light content on dark). Browsers that tint their bar read `theme-color`: the header fill when
 * the header is a `color` bar (it extends up into the status bar), else the page background.
 * iOS home-screen apps read the Apple meta: light content draws translucent over the page,
 * dark content on the default light bar.
 */
export function statusBarLook(
  appearance: JsonObject | undefined,
  scheme: Scheme,
  header: HeaderLook,
  pageBackground: string,
): StatusBarLook {
  const requested = appearance?.statusBarStyle;
  const content =
    requested === "light" || requested === "dark" ? requested : scheme === "dark" ? "light" : "dark";
  return {
    content,
    themeColor: header.topColor ?? pageBackground,
    appleStyle: content === "light" ? "black-translucent" : "default",
  };
}

/** Sets (creating when missing) a `<meta name=…>` in the document head. */
export function setMeta(name: string, content: string): void {
  let meta = document.head.querySelector<HTMLMetaElement>(`meta[name="${name}"]`);
  if (!meta) {
    meta = document.createElement("meta");
    meta.name = name;
    document.head.append(meta);
  }
  if (meta.content !== content) meta.content = content;
}
