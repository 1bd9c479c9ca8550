/**
 * A small ANSI SGR renderer for the label `terminal` style: colours (16, 256, truecolor), bold,
 * dim, italic, underline and reverse. Other escape sequences are dropped; a leading
 * `CSI 8;rows;cols t` size report is read as the pane's column count.
 */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  reverse?: boolean;
}

export interface AnsiSpan extends AnsiStyle {
  text: string;
}

const BASE = ["#1e1e1e", "#e5534b", "#57ab5a", "#c69026", "#539bf5", "#b083f0", "#39c5cf", "#d0d0d0"];
const BRIGHT = ["#767676", "#ff6b64", "#6bc46d", "#daaa3f", "#6cb6ff", "#dcbdfb", "#56d4dd", "#ffffff"];

function color256(n: number): string {
  if (n < 8) return BASE[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
  }
  const gray = 8 + (n - 232) * 10;
  return `rgb(${gray},${gray},${gray})`;
}

function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  const next = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) for (const key of Object.keys(next)) delete next[key as keyof AnsiStyle];
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 7) next.reverse = true;
    else if (p === 22) next.bold = next.dim = false;
    else if (p === 23) next.italic = false;
    else if (p === 24) next.underline = false;
    else if (p === 27) next.reverse = false;
    else if (p >= 30 && p <= 37) next.fg = BASE[p - 30];
    else if (p >= 90 && p <= 97) next.fg = BRIGHT[p - 90];
    else if (p >= 40 && p <= 47) next.bg = BASE[p - 40];
    else if (p >= 100 && p <= 107) next.bg = BRIGHT[p - 100];
    else if (p === 39) delete next.fg;
    else if (p === 49) delete next.bg;
    else if ((p === 38 || p === 48) && params[i + 1] === 5) {
      const colour = color256(Math.max(0, Math.min(255, params[i + 2] ?? 0)));
      if (p === 38) next.fg = colour;
      else next.bg = colour;
      i += 2;
    } else if ((p === 38 || p === 48) && params[i + 1] === 2) {
      const [r, g, b] = [params[i + 2] ?? 0, params[i + 3] ?? 0, params[i + 4] ?? 0];
      const colour = `rgb(${r},${g},${b})`;
      if (p === 38) next.fg = colour;
      else next.bg = colour;
      i += 4;
    }
  }
  return next;
}

const ESCAPES = /\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;

export function parseAnsi(input: string): { spans: AnsiSpan[]; columns?: number } {
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle = {};
  let columns: number | undefined;
  let cursor = 0;
  const push = (text: string) => {
    if (text === "") return;
    const last = spans[spans.length - 1];
    const same = last && JSON.stringify({ ...last, text: "" }) === JSON.stringify({ ...style, text: "" });
    if (same) last.text += text;
    else spans.push({ ...style, text });
  };
  for (const match of input.matchAll(ESCAPES)) {
    push(input.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    const [, params = "", command] = match;
    if (command === "m") applyTo(params);
    else if (command === "t" && columns === undefined) {
      const parts = params.split(";").map(Number);
      if (parts[0] === 8 && Number.isFinite(parts[2]) && parts[2] > 0) columns = parts[2];
    }
  }
  push(input.slice(cursor));
  return { spans, columns };

  function applyTo(params: string) {
    style = applySgr(style, params === "" ? [0] : params.split(";").map((p) => Number(p) || 0));
  }
}

export function hasAnsi(text: string): boolean {
  return text.includes("\x1b");
}
