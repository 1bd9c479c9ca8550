import { useLayoutEffect, useRef } from "preact/hooks";
import { cssColor } from "./color.js";
import { rootProps, str } from "./fields.js";
import { formatValue } from "./format.js";
import { Icon } from "./icons.js";
import { Terminal } from "./label-terminal.js";
import { lookupMap } from "./maps.js";
import type { ControlProps } from "./types.js";

const STYLES = new Set(["default", "headline", "title", "caption", "mono", "large-mono", "terminal"]);

/**
 * Read-only text: the synced value (mapped, else formatted), else `text`/`label` as a placeholder.
 * `terminal` (or mono/large-mono + `scrollable`) renders an ANSI terminal; other styles with
 * `scrollable` scroll inside the card and keep the latest line in view.
 */
export function Label({ def, ctx }: ControlProps) {
  const value = ctx.value.value;
  const style = STYLES.has(def.style as string) ? (def.style as string) : "default";
  const terminal =
    style === "terminal" || ((style === "mono" || style === "large-mono") && def.scrollable === true);
  let text: string;
  if (value === undefined) text = str(def.text, str(def.label));
  else {
    const mapped = lookupMap<unknown>(def.valueMap, value);
    text = mapped !== undefined ? String(mapped) : formatValue(value, str(def.formatValue) || undefined);
  }
  const icon = lookupMap<string>(def.iconMap, value) ?? def.icon;
  const mappedColor = lookupMap<string>(def.colorMap, value);
  const scrollable = !terminal && def.scrollable === true;
  const scroller = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text, scrollable]);
  const modifier = terminal ? " cc-label--terminal" : scrollable ? " cc-label--scrollable" : "";
  const root = rootProps(def, ctx, undefined, `cc-label--${style}${modifier}`);
  if (mappedColor !== undefined)
    root.style = { ...root.style, "--tint": cssColor(mappedColor, "inherit") } as typeof root.style;
  const align = def.align === "center" || def.align === "trailing" ? def.align : "leading";
  if (terminal) {
    const cap = typeof def.fontSize === "number" && def.fontSize > 0 ? def.fontSize : undefined;
    return (
      <div {...root}>
        <Terminal text={text} fontSize={cap} />
      </div>
    );
  }
  return (
    <div {...root} data-align={align}>
      {icon ? <Icon name={icon} class="cc-label-icon" /> : null}
      <span ref={scrollable ? scroller : undefined} class="cc-label-text">
        {text}
      </span>
    </div>
  );
}
