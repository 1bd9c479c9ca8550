import { cssColor } from "./color.js";
import { num, rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import { lookupMap } from "./maps.js";
import type { ControlProps, ControlDef } from "./types.js";

const ABSOLUTE_URL = /^(https?:\/\/|data:image\/)/i;

export type ImageSource = { kind: "url"; url: string } | { kind: "symbol"; name: string } | { kind: "none" };

/** Resolution order: valueMap URL, iconMap symbol, synced URL, static `url`, `systemName`. */
export function resolveImage(def: ControlDef, value: unknown): ImageSource {
  if (value !== undefined) {
    const mapped = lookupMap<unknown>(def.valueMap, value);
    if (typeof mapped === "string" && ABSOLUTE_URL.test(mapped)) return { kind: "url", url: mapped };
    const symbol = lookupMap<unknown>(def.iconMap, value);
    if (typeof symbol === "string" && symbol !== "") return { kind: "symbol", name: symbol };
    if (typeof value === "string" && ABSOLUTE_URL.test(value)) return { kind: "url", url: value };
  }
  const url = str(def.url);
  if (ABSOLUTE_URL.test(url)) return { kind: "url", url };
  const name = str(def.systemName);
  return name ? { kind: "symbol", name } : { kind: "none" };
}

/** A remote image or a tinted symbol. */
export function ImageControl({ def, ctx }: ControlProps) {
  const value = ctx.value.value ?? def.defaultValue;
  const source = resolveImage(def, value);
  const shape = def.style === "circle" ? "circle" : def.style === "rounded" ? "rounded" : "plain";
  const radius =
    def.imageCornerRadius === undefined ? undefined : `${Math.max(0, num(def.imageCornerRadius, 0))}px`;
  const fit = def.aspectRatio === "fill" ? "cover" : "contain";
  const tint = lookupMap<string>(def.colorMap, value);
  return (
    <div {...rootProps(def, ctx, undefined, `cc-image--${shape}`)}>
      {source.kind === "url" ? (
        <img
          class="cc-image-img"
          src={source.url}
          alt={str(def.label, def.id)}
          style={{ objectFit: fit, borderRadius: radius }}
          referrerpolicy="no-referrer"
        />
      ) : source.kind === "symbol" ? (
        <Icon
          name={source.name}
          class="cc-image-symbol"
          style={{ color: tint === undefined ? undefined : cssColor(tint, "inherit") }}
        />
      ) : (
        <div class="cc-placeholder">No image</div>
      )}
    </div>
  );
}
