/**
 * SF Symbol names (layout.md §1) mapped to small inline SVG glyphs in a 24×24 box. Lookup drops
 * style modifiers (`.fill`, `.circle`, …) and then trailing name parts, so `bolt.fill`,
 * `thermometer.medium` or `xmark.circle.fill` find their base glyph; misses draw a neutral dot.
 */
import type { JSX } from "preact";

interface Glyph {
  d: string;
  filled?: boolean;
}

const GLYPHS: Record<string, Glyph> = {
  gauge: { d: "M3.5 16a9 9 0 1 1 17 0M12 14l4.5-4.5M12 14h.01" },
  bolt: { d: "M13 2 4 14h7l-1 8 9-12h-7z" },
  power: { d: "M12 2v10M18.4 6.6a9 9 0 1 1-12.8 0" },
  thermometer: { d: "M14 14.8V4a2 2 0 0 0-4 0v10.8a4 4 0 1 0 4 0zM12 17v-5" },
  fan: {
    d: "M12 12c0-4 1-8 4-8s3 4-4 8zM12 12c4 0 8 1 8 4s-4 3-8-4zM12 12c0 4-1 8-4 8s-3-4 4-8zM12 12c-4 0-8-1-8-4s4-3 8 4z",
  },
  lightbulb: {
    d: "M9 18h6M10 22h4M12 2a7 7 0 0 0-4 12.7c.6.5 1 1.3 1 2.3h6c0-1 .4-1.8 1-2.3A7 7 0 0 0 12 2z",
  },
  wifi: { d: "M2 8.8a15 15 0 0 1 20 0M5 12.4a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 19.5h.01" },
  cpu: { d: "M6 6h12v12H6zM9.5 9.5h5v5h-5zM9 2v4M15 2v4M9 18v4M15 18v4M2 9h4M2 15h4M18 9h4M18 15h4" },
  memorychip: { d: "M3 7h18v10H3zM7 10v4M11 10v4M15 10v4M6 17v3M10 17v3M14 17v3M18 17v3" },
  house: { d: "M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z" },
  gear: {
    d: "M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM12 2v3M12 19v3M4.9 4.9 7 7M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1 7 17M17 7l2.1-2.1",
  },
  play: { d: "M7 4.5v15l12.5-7.5z", filled: true },
  pause: { d: "M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z", filled: true },
  stop: { d: "M6 6h12v12H6z", filled: true },
  forward: { d: "M3 6v12l8.5-6zM12.5 6v12L21 12z", filled: true },
  backward: { d: "M21 6v12l-8.5-6zM11.5 6v12L3 12z", filled: true },
  "chevron.right": { d: "m9 5 7 7-7 7" },
  "chevron.left": { d: "m15 5-7 7 7 7" },
  "chevron.up": { d: "m5 15 7-7 7 7" },
  "chevron.down": { d: "m5 9 7 7 7-7" },
  checkmark: { d: "m4 12.5 5 5L20 6.5" },
  xmark: { d: "M6 6l12 12M18 6 6 18" },
  "exclamationmark.triangle": { d: "M12 3.5 2.5 20h19zM12 10v4.5M12 17.3h.01" },
  exclamationmark: { d: "M12 4v11M12 19.5h.01" },
  info: { d: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 11v6M12 7.5h.01" },
  questionmark: { d: "M9 9a3 3 0 1 1 4.5 2.6c-1 .6-1.5 1.2-1.5 2.4M12 18h.01" },
  bell: { d: "M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10 21h4" },
  lock: { d: "M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4" },
  battery: { d: "M2 7h17v10H2zM22 10.5v3M4.5 9.5h8v5h-8z" },
  drop: { d: "M12 2.7 17.7 8.3a8 8 0 1 1-11.4 0z" },
  sun: {
    d: "M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
  },
  moon: { d: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" },
  cloud: { d: "M17.5 19H8a6 6 0 1 1 1.7-11.8A6 6 0 0 1 21 10.5 4.5 4.5 0 0 1 17.5 19z" },
  speaker: { d: "M11 5 6 9H2v6h4l5 4zM15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" },
  person: { d: "M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0" },
  clock: { d: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 7v5l3 3" },
  calendar: { d: "M3 5h18v16H3zM3 10h18M8 3v4M16 3v4" },
  server: { d: "M3 4h18v6H3zM3 14h18v6H3zM7 7h.01M7 17h.01" },
  camera: { d: "M3 7h4l2-3h6l2 3h4v13H3zM12 17a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z" },
  music: { d: "M9 18V5l12-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM21 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z" },
  magnifyingglass: { d: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5" },
  plus: { d: "M12 5v14M5 12h14" },
  minus: { d: "M5 12h14" },
  "arrow.clockwise": { d: "M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5" },
  "arrow.up": { d: "M12 20V4M5 11l7-7 7 7" },
  "arrow.down": { d: "M12 4v16M5 13l7 7 7-7" },
  trash: { d: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" },
  square: { d: "M4 4h16v16H4z" },
  "square.grid": { d: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z" },
  chart: { d: "M4 20V10M10 20V4M16 20v-7M2 20h20" },
  waveform: { d: "M2 12h4l3-8 4 16 3-8h6" },
  leaf: { d: "M5 21c0-9 6-15 16-16-1 10-7 16-16 16zM5 21l8-8" },
  flame: { d: "M12 2c3 4 6 6 6 11a6 6 0 0 1-12 0c0-3 2-5 3-7 1 2 2 3 3 3 0-3-1-5 0-7z" },
  star: { d: "m12 2 3 7 7 .6-5.3 4.6 1.6 7L12 17.6l-6.3 3.6 1.6-7L2 9.6 9 9z" },
  heart: { d: "M12 21s-9-5.6-9-11.5A5 5 0 0 1 12 6a5 5 0 0 1 9 3.5C21 15.4 12 21 12 21z" },
  globe: { d: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" },
  doc: { d: "M6 2h9l5 5v15H6zM14 2v6h6" },
  folder: { d: "M3 6h6l2 2h10v12H3z" },
  network: { d: "M12 3v6M5 15v-3h14v3M3 15h4v6H3zM10 15h4v6h-4zM17 15h4v6h-4z" },
  antenna: {
    d: "M12 10v12M12 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM7.8 4.2a6 6 0 0 0 0 7.6M16.2 4.2a6 6 0 0 1 0 7.6M4.9 1.9a10 10 0 0 0 0 12.2M19.1 1.9a10 10 0 0 1 0 12.2",
  },
  link: { d: "M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1" },
  wrench: { d: "M14.7 6.3a4 4 0 0 0 5 5L21 13l-8 8-3-3 8-8M9.3 17.7 3 11.4a4 4 0 0 1 5-5" },
  car: { d: "M3 16v-4l2-5h14l2 5v4zM3 16v3h3v-3M18 16v3h3v-3M6.5 13h.01M17.5 13h.01" },
  paperplane: { d: "M22 2 11 13M22 2l-7 20-4-9-9-4z" },
  ellipsis: { d: "M5 12h.01M12 12h.01M19 12h.01" },
  // Common tab-bar symbols.
  "slider.horizontal": { d: "M3 6h18M3 12h18M3 18h18M8 4v4M15 10v4M10 16v4" },
  "list.bullet": { d: "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01" },
  bubble: { d: "M4 5h16v11H9l-5 4z" },
  map: { d: "M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2zM9 4v14M15 6v14" },
  sparkles: {
    d: "M10 3l1.8 5.2L17 10l-5.2 1.8L10 17l-1.8-5.2L3 10l5.2-1.8zM18 15l.8 2.2L21 18l-2.2.8L18 21l-.8-2.2L15 18l2.2-.8z",
  },
};

const ALIASES: Record<string, string> = {
  gearshape: "gear",
  fanblades: "fan",
  "sun.max": "sun",
  "moon.stars": "moon",
  "speaker.wave": "speaker",
  "info.circle": "info",
  "house.circle": "house",
  "exclamationmark.octagon": "exclamationmark.triangle",
  "server.rack": "server",
  "music.note": "music",
  "waveform.path.ecg": "waveform",
  "chart.bar": "chart",
  "chart.line.uptrend.xyaxis": "waveform",
  "play.pause": "play",
  "stop.fill": "stop",
  "checkmark.seal": "checkmark",
  "heart.text.square": "heart",
  humidity: "drop",
  "lock.open": "lock",
  "person.2": "person",
  "person.crop": "person",
  "bell.badge": "bell",
  "doc.text": "doc",
  "square.grid.2x2": "square.grid",
  "square.grid.3x3": "square.grid",
  "cloud.sun": "cloud",
  "antenna.radiowaves.left.and.right": "antenna",
  "arrow.triangle.2.circlepath": "arrow.clockwise",
  "arrow.counterclockwise": "arrow.clockwise",
  questionmark: "questionmark",
  "battery.100": "battery",
};

const MODIFIERS = new Set(["fill", "circle", "square", "badge", "rectangle", "slash", "inverse"]);

/** The glyph for an SF Symbol name, or undefined when nothing matches. */
export function glyphFor(name: string): Glyph | undefined {
  const lower = name.trim().toLowerCase();
  if (lower === "") return undefined;
  const direct = GLYPHS[ALIASES[lower] ?? lower];
  if (direct) return direct;
  const parts = lower.split(".").filter((part) => !MODIFIERS.has(part));
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    const glyph = GLYPHS[ALIASES[candidate] ?? candidate];
    if (glyph) return glyph;
  }
  return undefined;
}

export function hasGlyph(name: string): boolean {
  return glyphFor(name) !== undefined;
}

interface IconProps {
  name: unknown;
  class?: string;
  style?: JSX.CSSProperties;
  /** Width and height as attributes (user units when drawn inside another SVG). */
  size?: number;
}

export function Icon({ name, class: className, style, size }: IconProps) {
  if (typeof name !== "string" || name === "") return null;
  const glyph = glyphFor(name);
  return (
    <svg
      class={`cc-icon${className ? ` ${className}` : ""}`}
      style={style}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      data-symbol={name}
      fill={glyph?.filled ? "currentColor" : "none"}
      stroke={glyph?.filled ? "none" : "currentColor"}
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {glyph ? <path d={glyph.d} /> : <circle cx="12" cy="12" r="4" fill="currentColor" opacity="0.6" />}
    </svg>
  );
}
