import { useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { usePointerDrag } from "./drag.js";
import { fireSurfaceEvent } from "./events.js";
import { Icon } from "./icons.js";
import {
  canPlace,
  PALETTE_ZONE,
  sortAssignment,
  sortZones,
  surfaceItems,
  type SurfaceItem,
} from "./surface-data.js";
import type { ControlProps } from "./types.js";

/** Kanban-style zones: drag items between zones and the option area; the value maps each zone to its item ids. */
export function Sortboard({ def, ctx }: ControlProps) {
  const cfg = config(def, "sortboardConfig");
  const items = surfaceItems(cfg.items);
  const zones = sortZones(cfg.zones);
  const assignment = sortAssignment(items, zones, ctx.value.value ?? def.defaultValue);
  const [query, setQuery] = useState("");
  const zoneOf = (itemId: string) =>
    Object.keys(assignment).find((z) => assignment[z].includes(itemId)) ?? PALETTE_ZONE;
  const byId = new Map(items.map((i) => [i.id, i]));
  const palette = items.filter((i) => zoneOf(i.id) === PALETTE_ZONE);
  const move = (itemId: string, to: string, index: number) => {
    const from = zoneOf(itemId);
    const zone = zones.find((z) => z.id === to);
    if (to !== PALETTE_ZONE && !canPlace(zone, itemId, assignment[to])) return;
    if (from !== PALETTE_ZONE && zones.find((z) => z.id === from)?.locked) return;
    const next: Record<string, string[]> = {};
    for (const [zoneId, list] of Object.entries(assignment))
      next[zoneId] = list.filter((id) => id !== itemId);
    let at = index;
    if (to !== PALETTE_ZONE) {
      at = Math.min(Math.max(0, index), next[to].length);
      next[to].splice(at, 0, itemId);
    }
    ctx.commit({ zones: next }, { fire: false });
    fireSurfaceEvent(def, ctx, "sortboardConfig", "place", { item: itemId, from, to, index: at }, itemId);
    const changed = from === to ? [to] : [from, to].filter((z) => z !== PALETTE_ZONE);
    fireSurfaceEvent(def, ctx, "sortboardConfig", "layout", { zones: next, changed }, next);
  };
  const { drag, handlers } = usePointerDrag({
    start: (id) =>
      fireSurfaceEvent(def, ctx, "sortboardConfig", "pickup", { item: id, from: zoneOf(id) }, id),
    drop: (id, target, point) => {
      const zoneEl = target?.closest<HTMLElement>("[data-zone]");
      if (!zoneEl) return;
      const to = zoneEl.dataset.zone!;
      // The drop index: before the first item whose middle is below the pointer.
      const chips = [...zoneEl.querySelectorAll<HTMLElement>("[data-item]")].filter(
        (c) => c.dataset.item !== id,
      );
      const index = chips.findIndex((c) => {
        const box = c.getBoundingClientRect();
        return (
          point.y < box.top + box.height / 2 || (point.y < box.bottom && point.x < box.left + box.width / 2)
        );
      });
      move(id, to, index < 0 ? chips.length : index);
    },
  });
  const chip = (item: SurfaceItem, zoneLocked: boolean) => (
    <div
      key={item.id}
      class={`cc-sort-item${drag?.id === item.id ? " is-dragging" : ""}${item.locked ? " is-locked" : ""}`}
      data-item={item.id}
      style={item.tint ? { "--tint": cssColor(item.tint, "") } : undefined}
      {...handlers(item.id, !item.locked && !zoneLocked)}
    >
      {item.icon ? <Icon name={item.icon} /> : null}
      <span>{item.label}</span>
    </div>
  );
  const shown = query ? palette.filter((i) => i.label.toLowerCase().includes(query.toLowerCase())) : palette;
  const dragged = drag ? byId.get(drag.id) : undefined;
  return (
    <div {...rootProps(def, ctx)}>
      {bool(cfg.hidePalette, false) ? null : (
        <section class="cc-sort-zone cc-sort-palette" data-zone={PALETTE_ZONE}>
          <header class="cc-sort-zone-title">{str(cfg.paletteLabel, "Options")}</header>
          {bool(cfg.searchable, false) ? (
            <input
              class="cc-sort-search"
              type="search"
              placeholder="Search"
              value={query}
              onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            />
          ) : null}
          <div class="cc-sort-items">{shown.map((item) => chip(item, false))}</div>
        </section>
      )}
      <div
        class="cc-sort-zones"
        style={{
          gridTemplateColumns: `repeat(${Math.max(1, Math.round(num(cfg.columns, 2)))}, minmax(0, 1fr))`,
        }}
      >
        {zones.map((zone) => {
          const list = assignment[zone.id];
          return (
            <section
              key={zone.id}
              class={`cc-sort-zone${zone.locked ? " is-locked" : ""}`}
              data-zone={zone.id}
              style={zone.tint ? { "--tint": cssColor(zone.tint, "") } : undefined}
            >
              <header class="cc-sort-zone-title">
                {zone.label}
                {zone.capacity !== undefined ? (
                  <span class="cc-sort-count">{`${list.length}/${zone.capacity}`}</span>
                ) : null}
              </header>
              <div class="cc-sort-items">
                {list.map((id) => (byId.has(id) ? chip(byId.get(id)!, zone.locked) : null))}
              </div>
            </section>
          );
        })}
      </div>
      {drag && dragged ? (
        <div class="cc-sort-item cc-drag-ghost" style={{ left: `${drag.x}px`, top: `${drag.y}px` }}>
          <span>{dragged.label}</span>
        </div>
      ) : null}
    </div>
  );
}
