/** A box on screen in CSS pixels. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The box spanned by two corners, in whichever order the pointer drew them. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return {
    left: Math.min(a.x, b.x),
    top: Math.min(a.y, b.y),
    right: Math.max(a.x, b.x),
    bottom: Math.max(a.y, b.y),
  };
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The ids of the items the marquee touches, in their order. */
export function idsTouched(marquee: Rect, items: readonly { id: string; rect: Rect }[]): string[] {
  return items.filter((item) => overlaps(marquee, item.rect)).map((item) => item.id);
}

/** A press that moved less than this is a click (clears the selection), not a marquee. */
export const MARQUEE_THRESHOLD = 4;

/** Whether a drag from `a` to `b` is a marquee rather than a click. */
export function isMarquee(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) >= MARQUEE_THRESHOLD || Math.abs(a.y - b.y) >= MARQUEE_THRESHOLD;
}
