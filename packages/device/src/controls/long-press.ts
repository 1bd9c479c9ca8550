/**
 * Long-press detection for controls with a `longPressAction` (or a long-press flip): a held
 * pointer fires once after the delay and swallows the click that follows the release.
 */
import { useRef } from "preact/hooks";

export const LONG_PRESS_MS = 500;

export function useLongPress(onLongPress: (() => void) | undefined) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fired = useRef(false);
  const cancel = () => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
  };
  return {
    handlers: onLongPress
      ? {
          onPointerDown: () => {
            fired.current = false;
            cancel();
            timer.current = setTimeout(() => {
              fired.current = true;
              onLongPress();
            }, LONG_PRESS_MS);
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
