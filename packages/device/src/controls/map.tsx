import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { bool, config, num, rootProps, str } from "./fields.js";
import { normalizeMap } from "./map-data.js";
import type { MapView } from "./map-view.js";
import { tintOf } from "./viz.js";
import type { ControlProps } from "./types.js";

/** Markers and paths on a Leaflet map (tiles from `mapConfig.tileUrl`, else a coordinate grid); pan and zoom fire nothing. */
export function MapControl({ def, ctx }: ControlProps) {
  const cfg = config(def, "mapConfig");
  const raw =
    ctx.value.value ?? def.defaultValue ?? (Array.isArray(cfg.center) ? { center: cfg.center } : undefined);
  const data = useMemo(() => normalizeMap(raw, cfg), [raw, def]);
  const host = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const tint = tintOf(def);
  useEffect(() => {
    let created: MapView | null = null;
    let cancelled = false;
    import("./map-view.js")
      .then(({ MapView }) => {
        if (cancelled || !host.current) return;
        created = new MapView(host.current, {
          tileUrl: str(cfg.tileUrl) || undefined,
          interactive: bool(def.mapInteractive, true),
          tint,
          singleSpan: Math.max(0.0005, num(def.mapZoom, 0.01)),
        });
        setView(created);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      cancelled = true;
      created?.dispose();
    };
  }, [def]);
  useEffect(() => {
    view?.update(data, typeof cfg.recenter === "string" ? cfg.recenter : "auto", {
      enabled: bool(cfg.motion, false),
      seconds: num(cfg.motionDuration, 1.2),
    });
  }, [view, data]);
  useEffect(() => {
    const el = host.current;
    if (!el || !view) return;
    const observer = new ResizeObserver(() => view.resize());
    observer.observe(el);
    return () => observer.disconnect();
  }, [view]);
  return (
    <div {...rootProps(def, ctx)} data-markers={data?.markers.length ?? 0}>
      {failed ? (
        <div class="cc-placeholder">{`Map unavailable: ${failed}`}</div>
      ) : (
        <div ref={host} class="cc-map-host" />
      )}
    </div>
  );
}
