import { parseAnsi } from "./ansi.js";
import { cssColor } from "./color.js";
import { str } from "./fields.js";
import { rootProps } from "./fields.js";
import { formatValue } from "./format.js";
import { Icon } from "./icons.js";
import { lookupMap } from "./maps.js";
import type { ControlProps } from "./types.js";

const STYLES = new Set(["default", "headline", "title", "caption", "mono", "large-mono", "terminal"]);

/** Read-only text: the synced value (mapped, else formatted), else `text`/`label` as a placeholder. */
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
  const root = rootProps(def, ctx, undefined, `cc-label--${style}${terminal ? " cc-label--terminal" : ""}`);
  if (mappedColor !== undefined)
    root.style = { ...root.style, "--tint": cssColor(mappedColor, "inherit") } as typeof root.style;
  const align = def.align === "center" || def.align === "trailing" ? def.align : "leading";
  if (terminal) {
    const { spans } = parseAnsi(text);
    const fontSize = typeof def.fontSize === "number" && def.fontSize > 0 ? `${def.fontSize}px` : undefined;
    return (
      <div {...root}>
        <pre class="cc-terminal" style={{ fontSize }}>
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
      </div>
    );
  }
  return (
    <div {...root} data-align={align}>
      {icon ? <Icon name={icon} class="cc-label-icon" /> : null}
      <span class="cc-label-text">{text}</span>
    </div>
  );
}
