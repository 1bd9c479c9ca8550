import { str } from "./fields.js";
import { rootProps } from "./fields.js";
import { Icon } from "./icons.js";
import { useLongPress } from "./long-press.js";
import type { ControlProps } from "./types.js";

const STYLES = new Set(["filled", "outlined", "outline", "ghost", "tinted", "icon-only"]);

/**
 * Fires `action` on tap and `longPressAction` on a held press. Draws its own label (the text
 * falls back to the id), so the card shows no header for it.
 */
export function Button({ def, ctx }: ControlProps) {
  const rawStyle = STYLES.has(def.style as string) ? (def.style as string) : "filled";
  const style = rawStyle === "outline" ? "outlined" : rawStyle;
  const size = def.size === "compact" || def.size === "large" ? def.size : "default";
  const text = str(def.label, def.id);
  const showText = style !== "icon-only" && !(def.hideLabel === true && def.icon);
  const longPress = useLongPress(
    def.longPressAction ? () => void ctx.fire("longPressAction", {}).catch(() => undefined) : undefined,
  );
  const onClick = () => {
    if (longPress.consumeLongPress()) return;
    ctx.fire("action", {}).catch(() => undefined);
  };
  return (
    <div {...rootProps(def, ctx)}>
      <button
        type="button"
        class={`cc-button-face cc-button--${style} cc-button--${size}`}
        aria-label={text}
        aria-busy={ctx.pending.value}
        onClick={onClick}
        {...longPress.handlers}
      >
        {def.icon ? <Icon name={def.icon} /> : null}
        {showText ? <span class="cc-button-text">{text}</span> : null}
      </button>
    </div>
  );
}
