/** `pieChart` dataset normalization: `{slices:[{label, value (1), color, icon}]}` or a bare array. */
import { toNumber } from "./format.js";
import { isRecord, parseDocument } from "./document.js";
import type { SliceAngles } from "./geometry.js";

export interface PieSlice {
  label: string;
  value: number;
  color?: string;
  icon?: string;
}

export function normalizePie(document: unknown): PieSlice[] {
  const doc = parseDocument(document);
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.slices) ? doc.slices : [];
  return list.flatMap((item, i): PieSlice[] => {
    if (isRecord(item)) {
      const value = toNumber(item.value) ?? 1;
      return [
        {
          label: item.label === undefined || item.label === null ? `Slice ${i + 1}` : String(item.label),
          value: value > 0 ? value : 0,
          color: typeof item.color === "string" ? item.color : undefined,
          icon: typeof item.icon === "string" ? item.icon : undefined,
        },
      ];
    }
    const value = toNumber(item);
    return value === undefined ? [] : [{ label: `Slice ${i + 1}`, value: Math.max(0, value) }];
  });
}

/** `centerText` with `{{total}}` replaced by the formatted sum. */
export function pieCenterText(template: string, total: string): string {
  return template.replace(/\{\{\s*total\s*\}\}/g, total);
}

/** Style defaults for the hole size (pie 0, donut 0.62, wheel 0.18, menu 0.3), clamped to 0..0.85. */
export function donutRatio(style: unknown, configured: unknown): number {
  const explicit = toNumber(configured);
  const fallback = style === "donut" ? 0.62 : style === "wheel" ? 0.18 : style === "menu" ? 0.3 : 0;
  return Math.min(0.85, Math.max(0, explicit ?? fallback));
}

/**
 * Slice angles part way (`t` 0..1, cubic ease-out) from `from` to `to`, so a pushed dataset
 * sweeps into place; a different slice count has nothing to blend and shows `to`.
 */
export function blendAngles(from: SliceAngles[], to: SliceAngles[], t: number): SliceAngles[] {
  if (from.length !== to.length) return to;
  const e = 1 - (1 - Math.min(1, Math.max(0, t))) ** 3;
  return to.map((a, i) => ({
    start: from[i].start + (a.start - from[i].start) * e,
    end: from[i].end + (a.end - from[i].end) * e,
  }));
}
