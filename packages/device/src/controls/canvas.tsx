import { useEffect, useRef, useState } from "preact/hooks";
import { bool, config, num, rootProps } from "./fields.js";
import { isRecord } from "./document.js";
import { fireSurfaceEvent } from "./events.js";
import { LONG_PRESS_MS } from "./long-press.js";
import { canvasFrames, snapUnit, surfaceItems, type Frame } from "./surface-data.js";
import type { ControlProps, GroupDef } from "./types.js";

/** A press that moves further than this before the long press fires is a scroll or a hosted control's drag. */
const LIFT_TOLERANCE_PX = 10;

/**
 * Live controls hosted at normalized frames on a surface that zooms up to `maxZoom`. With
 * `editable`, a long press lifts an item and the drag moves it (pickup, place, layout events).
 */
export function Canvas({ def, ctx }: ControlProps) {
  const cfg = config(def, "canvasConfig");
  const items = surfaceItems(cfg.items);
  const frames = canvasFrames(items, ctx.value.value ?? def.defaultValue);
  const aspect = Math.min(4, Math.max(0.25, num(cfg.aspect, 1)));
  const maxZoom = Math.max(1, num(cfg.maxZoom, 3));
  const snap = Math.max(0, num(cfg.snap, 0));
  const editable = bool(cfg.editable, false);
  const [zoom, setZoom] = useState(1);
  const [lifted, setLifted] = useState<{ id: string; frame: Frame } | null>(null);
  const surface = useRef<HTMLDivElement>(null);
  const press = useRef<{ id: string; x: number; y: number; timer: ReturnType<typeof setTimeout> } | null>(
    null,
  );
  useEffect(() => () => press.current && clearTimeout(press.current.timer), []);

  // While an item is lifted the whole window follows the pointer, so hosted controls see nothing.
  useEffect(() => {
    if (!lifted) return;
    const grab = { ...lifted };
    const startBox = surface.current!.getBoundingClientRect();
    let origin: { x: number; y: number } | null = null;
    const move = (event: PointerEvent) => {
      event.preventDefault();
      origin ??= { x: event.clientX, y: event.clientY };
      const dx = (event.clientX - origin.x) / startBox.width;
      const dy = (event.clientY - origin.y) / startBox.height;
      grab.frame = {
        ...lifted.frame,
        x: snapUnit(Math.min(1 - lifted.frame.w, Math.max(0, lifted.frame.x + dx)), snap),
        y: snapUnit(Math.min(1 - lifted.frame.h, Math.max(0, lifted.frame.y + dy)), snap),
      };
      setLifted({ ...grab });
    };
    const drop = () => {
      setLifted(null);
      const next = { ...frames, [grab.id]: grab.frame };
      ctx.commit({ frames: next }, { fire: false });
      fireSurfaceEvent(
        def,
        ctx,
        "canvasConfig",
        "place",
        { item: grab.id, ...grab.frame },
        { item: grab.id, ...grab.frame },
      );
      fireSurfaceEvent(def, ctx, "canvasConfig", "layout", { frames: next, changed: [grab.id] }, next);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", drop, { once: true });
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", drop);
    };
  }, [lifted?.id]);

  const cancelPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  return (
    <div {...rootProps(def, ctx)}>
      <div class="cc-canvas-viewport">
        <div
          ref={surface}
          class={`cc-canvas-surface${bool(cfg.showGrid, false) ? " has-grid" : ""}`}
          style={{ width: `${zoom * 100}%`, aspectRatio: String(aspect) }}
        >
          {items.map((item) => {
            const control = item.source.control;
            const frame = lifted?.id === item.id ? lifted.frame : frames[item.id];
            const movable = editable && !item.locked;
            const panel: GroupDef | null = isRecord(control)
              ? {
                  type: "group",
                  grid: { columns: 1, rows: 1 },
                  children: [{ ...control, position: [0, 0], span: [1, 1] }],
                }
              : null;
            return (
              <div
                key={item.id}
                class={`cc-canvas-item${lifted?.id === item.id ? " is-lifted" : ""}`}
                data-item={item.id}
                data-frame={`${frame.x},${frame.y},${frame.w},${frame.h}`}
                style={{
                  left: `${frame.x * 100}%`,
                  top: `${frame.y * 100}%`,
                  width: `${frame.w * 100}%`,
                  height: `${frame.h * 100}%`,
                }}
                onPointerDownCapture={
                  movable
                    ? (event) => {
                        cancelPress();
                        const { clientX: x, clientY: y } = event;
                        press.current = {
                          id: item.id,
                          x,
                          y,
                          timer: setTimeout(() => {
                            press.current = null;
                            fireSurfaceEvent(
                              def,
                              ctx,
                              "canvasConfig",
                              "pickup",
                              { item: item.id, from: "canvas" },
                              item.id,
                            );
                            setLifted({ id: item.id, frame: frames[item.id] });
                          }, LONG_PRESS_MS),
                        };
                      }
                    : undefined
                }
                onPointerMoveCapture={(event) => {
                  const p = press.current;
                  if (p && Math.hypot(event.clientX - p.x, event.clientY - p.y) > LIFT_TOLERANCE_PX)
                    cancelPress();
                }}
                onPointerUpCapture={cancelPress}
                onClickCapture={(event) => {
                  if (lifted) event.stopPropagation();
                }}
              >
                {panel ? ctx.renderGroup(panel) : null}
              </div>
            );
          })}
        </div>
      </div>
      {maxZoom > 1 ? (
        <div class="cc-canvas-zoom">
          <button type="button" aria-label="Zoom out" onClick={() => setZoom((z) => Math.max(1, z / 1.5))}>
            −
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            onClick={() => setZoom((z) => Math.min(maxZoom, z * 1.5))}
          >
            +
          </button>
        </div>
      ) : null}
    </div>
  );
}
