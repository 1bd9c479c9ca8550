import type { VNode } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, num, rootProps } from "./fields.js";
import { isRecord } from "./document.js";
import { lookupMap } from "./maps.js";
import { scrollToEnd } from "./scroll-end.js";
import type { ControlProps, LogLine } from "./types.js";

const LEVEL_COLORS: Record<string, string> = {
  error: "#FF6B6B",
  err: "#FF6B6B",
  fatal: "#FF6B6B",
  critical: "#FF6B6B",
  warn: "#FFD166",
  warning: "#FFD166",
  success: "#4ADE80",
  ok: "#4ADE80",
  debug: "#8E8E93",
  trace: "#8E8E93",
};

/**
 * A stable key per stored line object: the engine keeps each line's object as later lines push
 * older ones out, so keying by it (not by index) turns an append at the cap into one removed and
 * one added row instead of rewriting every row's text.
 */
const lineKeys = new WeakMap<object, number>();
let nextLineKey = 0;
function keyOf(item: unknown, index: number): string {
  if (typeof item !== "object" || item === null) return `i${index}`;
  let key = lineKeys.get(item);
  if (key === undefined) lineKeys.set(item, (key = nextLineKey++));
  return `k${key}`;
}

type Line = LogLine & { key: string; source: unknown };

function asLines(value: unknown): Line[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map((item, index) => {
    const key = keyOf(item, index);
    if (isRecord(item)) {
      return {
        key,
        source: item,
        text: typeof item.text === "string" ? item.text : JSON.stringify(item),
        level: typeof item.level === "string" ? item.level : undefined,
        ts: typeof item.ts === "number" ? item.ts : Number.NaN,
      };
    }
    return { key, source: item, text: String(item), ts: Number.NaN };
  });
}

const stamp = (ts: number) => {
  if (!Number.isFinite(ts)) return "";
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
};

function renderRow(line: Line, logColors: unknown, showTimestamps: boolean): VNode {
  const level = line.level?.toLowerCase();
  const custom = level ? lookupMap<string>(logColors, level) : undefined;
  const colour = custom !== undefined ? cssColor(custom, "inherit") : level ? LEVEL_COLORS[level] : undefined;
  return (
    <div key={line.key} class="cc-log-line" data-level={level}>
      {showTimestamps && Number.isFinite(line.ts) ? <span class="cc-log-ts">{stamp(line.ts)}</span> : null}
      {level ? (
        <span class="cc-log-level" style={{ color: colour }}>
          {level.toUpperCase()}
        </span>
      ) : null}
      <span class="cc-log-text" style={{ color: colour }}>
        {line.text}
      </span>
    </div>
  );
}

/** Appended log lines (the engine caps them at `maxLines`), with timestamps and level colours. */
export function LogConsole({ def, ctx }: ControlProps) {
  const maxLines = Math.max(1, Math.floor(num(def.maxLines, 200)));
  const lines = asLines(ctx.value.value).slice(-maxLines);
  const scroller = useRef<HTMLDivElement>(null);
  const autoScroll = bool(def.autoScroll, true);
  const showTimestamps = bool(def.showTimestamps, true);
  // Each stored line's row, built once: an append hands Preact the same vnodes for every older
  // line, which it skips, instead of a fresh tree of up to maxLines rows to compare.
  const rows = useRef<{ def: unknown; showTimestamps: boolean; bySource: WeakMap<object, VNode> } | null>(
    null,
  );
  if (rows.current?.def !== def || rows.current.showTimestamps !== showTimestamps)
    rows.current = { def, showTimestamps, bySource: new WeakMap() };
  const { bySource } = rows.current;
  const rowOf = (line: Line): VNode => {
    const cacheable = typeof line.source === "object" && line.source !== null;
    const cached = cacheable ? bySource.get(line.source as object) : undefined;
    if (cached) return cached;
    const row = renderRow(line, def.logColors, showTimestamps);
    if (cacheable) bySource.set(line.source as object, row);
    return row;
  };
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && autoScroll) scrollToEnd(el);
  }, [lines.length, lines[lines.length - 1]?.text, autoScroll]);
  const style = def.style === "transparent" ? "transparent" : "default";
  const height = num(def.controlHeight, 0);
  return (
    <div {...rootProps(def, ctx, undefined, `cc-log--${style}`)}>
      <div
        ref={scroller}
        class="cc-log-lines"
        role="log"
        style={{
          fontSize: `${Math.max(8, Math.min(24, num(def.fontSize, 11)))}px`,
          maxHeight: height > 0 ? `${height}px` : undefined,
        }}
      >
        {lines.length === 0 ? <div class="cc-placeholder">No output yet</div> : null}
        {lines.map(rowOf)}
      </div>
    </div>
  );
}
