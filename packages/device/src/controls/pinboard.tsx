import { useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { usePointerDrag } from "./drag.js";
import { fireItemAction, fireSurfaceEvent } from "./events.js";
import { Icon } from "./icons.js";
import { pinPoints, snapUnit, surfaceItems, type Point } from "./surface-data.js";
import { tintOf } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Markers dragged from a palette onto a surface; the value holds each placed item's normalized {x, y}. */
export function Pinboard({ def, ctx }: ControlProps) {
  const cfg = config(def, "pinboardConfig");
  const items = surfaceItems(cfg.items);
  const points = pinPoints(items, ctx.value.value ?? def.defaultValue);
  const [query, setQuery] = useState("");
  const tint = tintOf(def);
  const aspect = Math.min(4, Math.max(0.25, num(cfg.surfaceAspect, 1.4)));
  const update = (next: Record<string, Point>, changed: string) => {
    ctx.commit({ points: next }, { fire: false });
    fireSurfaceEvent(def, ctx, "pinboardConfig", "layout", { points: next, changed: [changed] }, next);
  };
  const { drag, handlers } = usePointerDrag({
    start: (id) =>
      fireSurfaceEvent(
        def,
        ctx,
        "pinboardConfig",
        "pickup",
        { item: id, from: points[id] ? "surface" : "palette" },
        id,
      ),
    drop: (id, target, pointer) => {
      const surface = target?.closest<HTMLElement>(".cc-pin-surface");
      const next = { ...points };
      if (!surface || !surface.closest(`[data-id="${CSS.escape(def.id)}"]`)) {
        // Dropped off the surface: a placed marker goes back to the palette.
        if (!points[id]) return;
        delete next[id];
        update(next, id);
        return;
      }
      const box = surface.getBoundingClientRect();
      const point = {
        x: snapUnit((pointer.x - box.left) / box.width),
        y: snapUnit((pointer.y - box.top) / box.height),
      };
      next[id] = point;
      fireSurfaceEvent(def, ctx, "pinboardConfig", "place", { item: id, ...point }, { item: id, ...point });
      update(next, id);
    },
    tap: (id) => {
      const item = items.find((i) => i.id === id);
      if (item && points[id]) fireItemAction(ctx, item.source);
    },
  });
  const palette = items.filter((i) => !points[i.id]);
  const shown = query ? palette.filter((i) => i.label.toLowerCase().includes(query.toLowerCase())) : palette;
  const background = str(cfg.background);
  const dragged = drag ? items.find((i) => i.id === drag.id) : undefined;
  return (
    <div {...rootProps(def, ctx)}>
      {bool(cfg.hidePalette, false) ? null : (
        <section class="cc-pin-palette">
          <header class="cc-sort-zone-title">{str(cfg.paletteLabel, "Items")}</header>
          {bool(cfg.searchable, false) ? (
            <input
              class="cc-sort-search"
              type="search"
              placeholder="Search"
              value={query}
              onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            />
          ) : null}
          <div class="cc-sort-items">
            {shown.map((item) => (
              <div
                key={item.id}
                class={`cc-sort-item${item.locked ? " is-locked" : ""}`}
                data-item={item.id}
                {...handlers(item.id, !item.locked)}
              >
                {item.icon ? <Icon name={item.icon} /> : null}
                <span>{item.label}</span>
              </div>
            ))}
          </div>
        </section>
      )}
      <div class="cc-pin-stage">
        <div class="cc-pin-surface" style={{ aspectRatio: String(aspect) }}>
          {background ? <Icon name={background} class="cc-pin-backdrop" /> : null}
          {items.map((item) => {
            const p = points[item.id];
            if (!p) return null;
            return (
              <div
                key={item.id}
                class={`cc-pin-marker${drag?.id === item.id ? " is-dragging" : ""}`}
                data-item={item.id}
                data-x={p.x}
                data-y={p.y}
                style={{ left: `${p.x * 100}%`, top: `${p.y * 100}%`, "--tint": cssColor(item.tint, tint) }}
                title={item.label}
                {...handlers(item.id, !item.locked)}
              >
                {item.icon ? <Icon name={item.icon} /> : <span class="cc-pin-dot" />}
                <span class="cc-pin-label">{item.label}</span>
              </div>
            );
          })}
        </div>
      </div>
      {drag && dragged ? (
        <div class="cc-sort-item cc-drag-ghost" style={{ left: `${drag.x}px`, top: `${drag.y}px` }}>
          <span>{dragged.label}</span>
        </div>
      ) : null}
    </div>
  );
}
