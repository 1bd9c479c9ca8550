import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { bool, config, num, rootProps, str } from "./fields.js";
import { isRecord } from "./document.js";
import { fireItemAction, fireSurfaceEvent } from "./events.js";
import { toNumber } from "./format.js";
import { Icon } from "./icons.js";
import { tintOf } from "./viz.js";
import type { ControlDef, ControlProps } from "./types.js";

interface Puck {
  id: string;
  label: string;
  icon?: string;
  tint?: string;
  bearing: number;
  locked: boolean;
  source: Record<string, unknown>;
}

/** Degrees folded into 0..360. */
export const wrap = (deg: number) => ((deg % 360) + 360) % 360;
/** The smallest angle between two bearings, 0..180. */
export const angleBetween = (a: number, b: number) => {
  const d = Math.abs(wrap(a) - wrap(b));
  return d > 180 ? 360 - d : d;
};

function pucksOf(def: ControlDef): Puck[] {
  const list = config(def, "compassConfig").pucks;
  if (!Array.isArray(list)) return [];
  const out: Puck[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== "string") continue;
    const bearing = toNumber(item.bearing);
    if (bearing === undefined) continue;
    out.push({
      id: item.id,
      label: str(item.label, item.id),
      bearing: wrap(bearing),
      locked: item.locked === true,
      source: item,
      ...(typeof item.icon === "string" ? { icon: item.icon } : {}),
      ...(typeof item.tint === "string" ? { tint: item.tint } : {}),
    });
  }
  return out;
}

/** True when a sync binding asks for the phone's heading sensor. */
function wantsHeadingSensor(def: ControlDef): boolean {
  return (
    Array.isArray(def.sync) &&
    def.sync.some((b) => isRecord(b) && b.method === "sensor" && b.sensor === "heading")
  );
}

/** Compass heading from an orientation event: Safari's `webkitCompassHeading`, else an absolute `alpha`. */
function headingOf(event: DeviceOrientationEvent): number | undefined {
  const webkit = (event as DeviceOrientationEvent & { webkitCompassHeading?: number }).webkitCompassHeading;
  if (typeof webkit === "number") return wrap(webkit);
  if (event.absolute && typeof event.alpha === "number") return wrap(360 - event.alpha);
  return undefined;
}

const CARDINALS = ["N", "E", "S", "W"];
const VIEW_BOX = "-120 -120 240 240";
const R = 100;

const at = (bearing: number, r: number) => ({
  x: r * Math.sin((bearing * Math.PI) / 180),
  y: -r * Math.cos((bearing * Math.PI) / 180),
});

/** Ring, ticks and cardinals: the same vnodes for every heading, so a new heading skips their diff. */
function dialFaceOf(showCardinals: boolean) {
  return (
    <>
      <circle class="cc-compass-ring" r={R} />
      {Array.from({ length: 72 }, (_, i) => {
        const outer = at(i * 5, R);
        const inner = at(i * 5, i % 18 === 0 ? R - 12 : i % 2 === 0 ? R - 7 : R - 4);
        return <line key={i} class="cc-compass-tick" x1={inner.x} y1={inner.y} x2={outer.x} y2={outer.y} />;
      })}
      {showCardinals
        ? CARDINALS.map((c, i) => {
            const p = at(i * 90, R - 24);
            return (
              <text
                key={c}
                class="cc-compass-cardinal"
                x={p.x}
                y={p.y}
                text-anchor="middle"
                dominant-baseline="middle"
              >
                {c}
              </text>
            );
          })
        : null}
    </>
  );
}

/**
 * A heading needle (the device's own heading where the browser has one, else the synced value)
 * with pucks: aiming within `tolerance` for `dwell` seconds fires the puck's action; dragging a
 * puck round the dial moves its bearing.
 */
export function Compass({ def, ctx }: ControlProps) {
  const cfg = config(def, "compassConfig");
  const tolerance = Math.max(1, num(cfg.tolerance, 15));
  const dwellMs = Math.max(0, num(cfg.dwell, 1.2)) * 1000;
  const editable = bool(cfg.editable, true);
  const [moved, setMoved] = useState<Record<string, number>>({});
  const pucks = pucksOf(def).map((p) => (moved[p.id] !== undefined ? { ...p, bearing: moved[p.id] } : p));
  const heading = toNumber(ctx.value.value ?? def.defaultValue);
  const tint = tintOf(def);
  const dial = useRef<SVGSVGElement>(null);
  const dragging = useRef<string | null>(null);
  const aimed = useRef<{ id: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const [fired, setFired] = useState<string | null>(null);

  useEffect(() => {
    if (!wantsHeadingSensor(def) || typeof window.DeviceOrientationEvent !== "function") return;
    const onOrientation = (event: DeviceOrientationEvent) => {
      const h = headingOf(event);
      if (h !== undefined) ctx.commit(Math.round(h), { fire: false });
    };
    window.addEventListener("deviceorientationabsolute", onOrientation as EventListener);
    window.addEventListener("deviceorientation", onOrientation);
    return () => {
      window.removeEventListener("deviceorientationabsolute", onOrientation as EventListener);
      window.removeEventListener("deviceorientation", onOrientation);
    };
  }, [def, ctx]);

  // The puck the needle points at, held for `dwell`, fires once until the needle leaves it.
  const target =
    heading === undefined ? undefined : pucks.find((p) => angleBetween(p.bearing, heading) <= tolerance);
  useEffect(() => {
    if (aimed.current?.id === target?.id) return;
    if (aimed.current) clearTimeout(aimed.current.timer);
    aimed.current = null;
    setFired(null);
    if (!target) return;
    aimed.current = {
      id: target.id,
      timer: setTimeout(() => {
        setFired(target.id);
        fireItemAction(ctx, target.source);
      }, dwellMs),
    };
  }, [target?.id]);
  useEffect(() => () => aimed.current && clearTimeout(aimed.current.timer), []);

  const showCardinals = bool(cfg.showCardinals, true);
  const dialFace = useMemo(() => dialFaceOf(showCardinals), [showCardinals]);
  const bearingAt = (event: PointerEvent) => {
    const box = dial.current!.getBoundingClientRect();
    const dx = event.clientX - (box.left + box.width / 2);
    const dy = event.clientY - (box.top + box.height / 2);
    return Math.round(wrap((Math.atan2(dx, -dy) * 180) / Math.PI));
  };
  const point = (bearing: number) => {
    const p = at(bearing, 0.82);
    return { x: Number((0.5 + p.x / 2).toFixed(4)), y: Number((0.5 + p.y / 2).toFixed(4)), bearing };
  };
  const drop = () => {
    const id = dragging.current;
    dragging.current = null;
    if (id === null) return;
    const bearing = pucks.find((p) => p.id === id)!.bearing;
    const placed = point(bearing);
    fireSurfaceEvent(def, ctx, "compassConfig", "place", { item: id, ...placed }, { item: id, ...placed });
    const points = Object.fromEntries(pucks.map((p) => [p.id, point(p.bearing)]));
    fireSurfaceEvent(def, ctx, "compassConfig", "layout", { points, changed: [id] }, points);
  };
  return (
    <div {...rootProps(def, ctx)}>
      <svg
        ref={dial}
        class="cc-compass-svg"
        viewBox={VIEW_BOX}
        role="img"
        aria-label={heading === undefined ? "No heading" : `Heading ${Math.round(heading)}°`}
        onPointerMove={(event) => {
          const id = dragging.current;
          if (id !== null) setMoved((m) => ({ ...m, [id]: bearingAt(event) }));
        }}
        onPointerUp={drop}
        onPointerCancel={drop}
      >
        {dialFace}
        {pucks.map((p) => {
          const pos = at(p.bearing, R * 0.82);
          const colour = cssColor(p.tint, tint);
          const draggable = editable && !p.locked;
          return (
            <g
              key={p.id}
              class={`cc-compass-puck${target?.id === p.id ? " is-aimed" : ""}${fired === p.id ? " is-fired" : ""}`}
              data-puck={p.id}
              data-bearing={p.bearing}
              transform={`translate(${pos.x} ${pos.y})`}
              onPointerDown={
                draggable
                  ? (event) => {
                      event.preventDefault();
                      dial.current?.setPointerCapture?.(event.pointerId);
                      dragging.current = p.id;
                      fireSurfaceEvent(
                        def,
                        ctx,
                        "compassConfig",
                        "pickup",
                        { item: p.id, from: "compass" },
                        p.id,
                      );
                    }
                  : undefined
              }
            >
              <circle r={11} fill={colour} />
              {p.icon ? (
                <foreignObject x={-7} y={-7} width={14} height={14}>
                  <Icon name={p.icon} class="cc-compass-puck-icon" />
                </foreignObject>
              ) : null}
              <title>{`${p.label} ${Math.round(p.bearing)}°`}</title>
            </g>
          );
        })}
      </svg>
      {/* The needle turns on a layer of its own: an HTML-level transform the compositor animates,
          where a turning SVG group would repaint the whole dial every frame of its transition. */}
      {heading !== undefined ? (
        <svg
          class="cc-compass-layer cc-compass-needle-layer"
          viewBox={VIEW_BOX}
          aria-hidden="true"
          style={{ transform: `rotate(${heading}deg)` }}
        >
          <g class="cc-compass-needle" data-heading={heading}>
            <path d="M0 -78 L7 0 L0 8 L-7 0 Z" fill={tint} />
            <path d="M0 78 L7 0 L-7 0 Z" class="cc-compass-tail" />
          </g>
        </svg>
      ) : null}
      <svg class="cc-compass-layer" viewBox={VIEW_BOX} aria-hidden="true">
        <text class="cc-compass-readout" y={42} text-anchor="middle">
          {heading === undefined ? "—" : `${Math.round(heading)}°`}
        </text>
      </svg>
    </div>
  );
}
