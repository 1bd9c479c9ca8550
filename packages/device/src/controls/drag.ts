/**
 * Pointer drags for the surface controls: a press that moves past a few pixels becomes a drag of
 * one item, followed by a ghost at the pointer; the drop reports the element under the pointer.
 * A press that never moves is a tap.
 */
import { useRef, useState } from "preact/hooks";

const DRAG_START_PX = 5;

export interface DragState {
  id: string;
  x: number;
  y: number;
}

export interface DragCallbacks {
  /** The press became a drag. */
  start(id: string): void;
  /** The drag ended over `target` (the topmost element at the pointer, the ghost excluded). */
  drop(id: string, target: Element | null, point: { x: number; y: number }): void;
  /** A press on `id` that did not move. */
  tap?(id: string): void;
}

export function usePointerDrag(callbacks: DragCallbacks) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const press = useRef<{ id: string; x: number; y: number; dragging: boolean } | null>(null);
  const end = (event: PointerEvent, cancelled: boolean) => {
    const current = press.current;
    press.current = null;
    setDrag(null);
    if (!current || cancelled) return;
    if (!current.dragging) {
      callbacks.tap?.(current.id);
      return;
    }
    const target = document.elementFromPoint(event.clientX, event.clientY);
    callbacks.drop(current.id, target, { x: event.clientX, y: event.clientY });
  };
  return {
    drag,
    /** Handlers for a draggable item. */
    handlers: (id: string, enabled = true) => ({
      onPointerDown: (event: PointerEvent) => {
        if (!enabled && !callbacks.tap) return;
        (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
        press.current = { id, x: event.clientX, y: event.clientY, dragging: false };
        if (enabled) event.preventDefault();
      },
      onPointerMove: (event: PointerEvent) => {
        const current = press.current;
        if (!current || current.id !== id || !enabled) return;
        if (!current.dragging) {
          if (Math.hypot(event.clientX - current.x, event.clientY - current.y) < DRAG_START_PX) return;
          current.dragging = true;
          callbacks.start(id);
        }
        setDrag({ id, x: event.clientX, y: event.clientY });
      },
      onPointerUp: (event: PointerEvent) => end(event, false),
      onPointerCancel: (event: PointerEvent) => end(event, true),
    }),
  };
}
