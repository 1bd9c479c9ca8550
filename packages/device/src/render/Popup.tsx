/**
 * A control's `longPressGroup` (layout.md §5.2): a frosted popup holding a group's grid of live
 * controls, sprung from the pressed control; dismissed by a tap outside, a swipe down or Escape.
 */
import { render, type ComponentChildren } from "preact";
import { useContext, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { GroupDef } from "../controls/types.js";
import { isObject } from "../engine/json.js";
import { RenderContext } from "./context.js";

/** Drag distance (px) down the popup that dismisses it. */
const SWIPE_DISMISS_PX = 60;

/** The popup group of a control, when `longPressGroup` is a group shape (`children` array). */
export function popupGroupOf(value: unknown): GroupDef | undefined {
  return isObject(value) && Array.isArray(value.children) ? (value as GroupDef) : undefined;
}

export interface PopupOrigin {
  /** Where the source control's centre is, relative to the viewport's centre. */
  dx: number;
  dy: number;
  /** Where to mount it (the app root carries the theme's custom properties). */
  host: Element;
}

/** The origin of a popup opened from `source`. */
export function popupOrigin(source: Element): PopupOrigin {
  const rect = source.getBoundingClientRect();
  return {
    dx: rect.left + rect.width / 2 - innerWidth / 2,
    dy: rect.top + rect.height / 2 - innerHeight / 2,
    host: source.closest(".carter-app") ?? document.body,
  };
}

/**
 * Renders `children` at the end of `host`, outside the cell's stacking context, with the render
 * context carried over. Not preact/compat's createPortal: importing compat anywhere gives every
 * `<input onChange>` React's per-keystroke meaning, so a slider would commit on every move.
 */
function Portal({ host, children }: { host: Element; children: ComponentChildren }) {
  const env = useContext(RenderContext);
  const [mount] = useState(() => {
    const element = document.createElement("div");
    element.style.display = "contents";
    return element;
  });
  useLayoutEffect(() => {
    host.append(mount);
    return () => {
      render(null, mount);
      mount.remove();
    };
  }, [host, mount]);
  useLayoutEffect(() => {
    render(<RenderContext.Provider value={env}>{children}</RenderContext.Provider>, mount);
  });
  return null;
}

export function LongPressPopup({
  group,
  origin,
  onClose,
  children,
}: {
  group: GroupDef;
  origin: PopupOrigin;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const sheet = useRef<HTMLElement>(null);
  const swipe = useRef<{ y: number; id: number } | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    addEventListener("keydown", onKey);
    sheet.current?.focus();
    return () => removeEventListener("keydown", onKey);
  }, [onClose]);
  const label = typeof group.label === "string" && group.label !== "" ? group.label : null;
  return (
    <Portal host={origin.host}>
      <div
        class="carter-popup-scrim"
        onClick={(event) => {
          if (event.target === event.currentTarget) onClose();
        }}
      >
        <section
          ref={sheet}
          class="carter-popup"
          role="dialog"
          aria-modal="true"
          aria-label={label ?? "Quick actions"}
          tabIndex={-1}
          data-popup-id={typeof group.id === "string" ? group.id : undefined}
          style={{ "--popup-from-x": `${origin.dx}px`, "--popup-from-y": `${origin.dy}px` }}
          onPointerDown={(event) => {
            // A drag on a control (a slider, a joystick) is that control's, not a dismiss.
            if ((event.target as Element).closest(".carter-control")) return;
            swipe.current = { y: event.clientY, id: event.pointerId };
          }}
          onPointerUp={(event) => {
            const start = swipe.current;
            swipe.current = null;
            if (start && start.id === event.pointerId && event.clientY - start.y > SWIPE_DISMISS_PX)
              onClose();
          }}
        >
          {label ? <header class="carter-group-label">{label}</header> : null}
          {children}
        </section>
      </div>
    </Portal>
  );
}
