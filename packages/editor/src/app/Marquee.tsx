import { batch, signal } from "@preact/signals";
import { idsTouched, isMarquee, rectBetween, type Rect } from "./marquee.js";
import type { Store } from "./store.js";

/** The marquee being drawn, in viewport pixels. */
const shown = signal<Rect | null>(null);

/**
 * Starts a marquee at a press on an empty part of `grid` (a JSON Pointer): dragging selects
 * every child of that grid the box touches (shift/ctrl/cmd adds them to the selection); a press
 * without a drag clears the selection.
 */
export function startMarquee(store: Store, grid: string, event: PointerEvent): void {
  const start = { x: event.clientX, y: event.clientY };
  const extend = event.shiftKey || event.ctrlKey || event.metaKey;
  const before = store.selection();
  const move = (e: PointerEvent) => {
    const end = { x: e.clientX, y: e.clientY };
    shown.value = isMarquee(start, end) ? rectBetween(start, end) : null;
  };
  const up = (e: PointerEvent) => {
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
    const end = { x: e.clientX, y: e.clientY };
    shown.value = null;
    if (!isMarquee(start, end)) {
      if (!extend) store.select(null);
      return;
    }
    const items = [...document.querySelectorAll(`[data-grid="${CSS.escape(grid)}"] > .node`)].flatMap(
      (element) => {
        const id = element instanceof HTMLElement ? element.dataset.id : undefined;
        return id === undefined ? [] : [{ id, rect: element.getBoundingClientRect() }];
      },
    );
    const touched = idsTouched(rectBetween(start, end), items);
    const ids = extend ? [...before, ...touched.filter((id) => !before.includes(id))] : touched;
    batch(() => {
      store.selected.value = ids[0] ?? null;
      store.also.value = ids.slice(1);
    });
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}

/** The marquee's dashed box while it is drawn. */
export function MarqueeBox() {
  const rect = shown.value;
  if (!rect) return null;
  return (
    <div
      class="marquee"
      style={{
        left: `${rect.left}px`,
        top: `${rect.top}px`,
        width: `${rect.right - rect.left}px`,
        height: `${rect.bottom - rect.top}px`,
      }}
    />
  );
}
