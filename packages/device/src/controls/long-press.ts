/**
 * Long-press detection for controls with a `longPressAction` (or a long-press flip): a held
 * pointer fires once after the delay and swallows the click that follows the release.
 */
import { useRef } from "preact/hooks";

export const LONG_PRESS_MS = 500;
/** A press that travels further than this is a drag or a scroll, not a long press. */
const MOVE_TOLERANCE_PX = 10;

/** `onLongPress` gets the pressed element (where a popup springs from). */
export function useLongPress(onLongPress: ((source: Element | null) => void) | undefined) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fired = useRef(false);
  const start = useRef({ x: 0, y: 0 });
  const cancel = () => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
  };
  return {
    handlers: onLongPress
      ? {
          onPointerDown: (event: PointerEvent) => {
            fired.current = false;
            start.current = { x: event.clientX, y: event.clientY };
            cancel();
            const source = event.currentTarget as Element | null;
            timer.current = setTimeout(() => {
              fired.current = true;
              onLongPress(source);
            }, LONG_PRESS_MS);
          },
          onPointerMove: (event: PointerEvent) => {
            if (
              Math.hypot(event.clientX - start.current.x, event.clientY - start.current.y) > MOVE_TOLERANCE_PX
            )
              cancel();
          },
          onPointerUp: cancel,
          onPointerLeave: cancel,
          onPointerCancel: cancel,
          onContextMenu: (event: Event) => event.preventDefault(),
        }
      : {},
    /** True (once) when the click that just happened ended a long press. */
    consumeLongPress(): boolean {
      const was = fired.current;
      fired.current = false;
      return was;
    },
  };
}
