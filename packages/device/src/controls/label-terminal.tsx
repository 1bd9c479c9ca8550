import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { parseAnsi } from "./ansi.js";
import { fitFontSize, terminalColumns } from "./terminal-fit.js";
import { useSize } from "./use-size.js";

const charRatios = new Map<string, number>();

/** Width of one monospace cell as a fraction of the font size, measured once per font family. */
function charRatio(fontFamily: string): number {
  const known = charRatios.get(fontFamily);
  if (known !== undefined) return known;
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return 0.6;
  context.font = `100px ${fontFamily}`;
  const ratio = context.measureText("M".repeat(10)).width / 1000 || 0.6;
  charRatios.set(fontFamily, ratio);
  return ratio;
}

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 6;
const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/**
 * The label's ANSI terminal: its font scales so the pane's columns (the `CSI 8;rows;cols t`
 * report, else the widest line) exactly fill the width, capped by `fontSize`; pinch (or
 * Ctrl+wheel) zooms past the fit, a double tap snaps back, and the latest line stays in view.
 */
export function Terminal({ text, fontSize }: { text: string; fontSize?: number }) {
  const { spans, columns: reported } = parseAnsi(text);
  const plain = spans.map((span) => span.text).join("");
  const columns = terminalColumns(plain, reported);
  const pre = useRef<HTMLPreElement>(null);
  const { width } = useSize(pre);
  const [fitted, setFitted] = useState<number | undefined>(undefined);
  const [zoom, setZoom] = useState(1);
  useLayoutEffect(() => {
    const el = pre.current;
    if (!el || width === 0) return;
    const style = getComputedStyle(el);
    const inner = width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    setFitted(fitFontSize(inner, columns, charRatio(style.fontFamily), fontSize));
  }, [width, columns, fontSize]);
  useLayoutEffect(() => {
    const el = pre.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; zoom: number } | null>(null);
  const spread = () => {
    const [a, b] = [...pointers.current.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const size = fitted === undefined ? fontSize : fitted * zoom;
  return (
    <pre
      ref={pre}
      class="cc-terminal"
      style={{ fontSize: size === undefined ? undefined : `${size}px` }}
      data-columns={columns}
      data-zoom={zoom}
      onDblClick={() => setZoom(1)}
      onWheel={(event) => {
        if (!event.ctrlKey) return;
        event.preventDefault();
        setZoom((z) => clampZoom(z * Math.exp(-event.deltaY / 200)));
      }}
      onPointerDown={(event) => {
        pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
        if (pointers.current.size === 2) pinch.current = { distance: spread(), zoom };
      }}
      onPointerMove={(event) => {
        if (!pointers.current.has(event.pointerId)) return;
        pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
        const start = pinch.current;
        if (start && start.distance > 0) setZoom(clampZoom((start.zoom * spread()) / start.distance));
      }}
      onPointerUp={(event) => {
        pointers.current.delete(event.pointerId);
        pinch.current = null;
      }}
      onPointerCancel={(event) => {
        pointers.current.delete(event.pointerId);
        pinch.current = null;
      }}
    >
      {spans.map((span, i) => (
        <span
          key={i}
          style={{
            color: span.reverse ? (span.bg ?? "#0b0d12") : span.fg,
            background: span.reverse ? (span.fg ?? "#d0d0d0") : span.bg,
            fontWeight: span.bold ? 700 : undefined,
            opacity: span.dim ? 0.6 : undefined,
            fontStyle: span.italic ? "italic" : undefined,
            textDecoration: span.underline ? "underline" : undefined,
          }}
        >
          {span.text}
        </span>
      ))}
    </pre>
  );
}
