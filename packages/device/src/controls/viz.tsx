/** What the data-visualisation controls share: a measured plot area, the tint, scrub readouts. */
import { useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { cssColor } from "./color.js";
import { useSize } from "./use-size.js";
import type { ControlDef } from "./types.js";

export const DEFAULT_TINT = "#667EEA";

export function tintOf(def: ControlDef): string {
  return cssColor(def.tint, DEFAULT_TINT);
}

/**
 * A plot area that fills the control and reports its size in pixels; `draw` runs once the size is
 * known, so SVG geometry is computed in real pixels (text never stretches).
 */
export function PlotArea({
  draw,
  class: className,
}: {
  draw: (size: { width: number; height: number }) => ComponentChildren;
  class?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const size = useSize(ref);
  return (
    <div ref={ref} class={`cc-viz-plot${className ? ` ${className}` : ""}`}>
      {size.width > 0 && size.height > 0 ? draw(size) : null}
    </div>
  );
}

/** The `scrub` readout: the item under the finger while it moves, cleared on release. */
export function useScrub(enabled: boolean) {
  const [text, setText] = useState<string | null>(null);
  return {
    text,
    /** Handlers for one scrubbable element showing `label`. */
    on: (label: string) =>
      enabled
        ? {
            onPointerEnter: () => setText(label),
            onPointerMove: () => setText(label),
            onPointerLeave: () => setText(null),
          }
        : {},
  };
}

export function ScrubReadout({ text }: { text: string | null }) {
  return text === null ? null : <div class="cc-viz-readout cc-readout">{text}</div>;
}
