import { useEffect, useRef, useState } from "preact/hooks";
import {
  carouselMotion,
  coverflowPose,
  deckPose,
  pageOffset,
  poseTransform,
  rubberBand,
  stepToward,
  type PanelPose,
} from "./carousel-motion.js";
import { steppingOf } from "../render/motion.js";
import { clampIndex, INTERACTIVE, panelsOf } from "./containers.js";
import { bool, num, rootProps } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

/**
 * Panels paged sideways (`paged`: the track follows a drag, with a rubber band at the ends unless
 * `loop`), as a 3D coverflow, or as a deck of stacked cards; value = page index. Swipes, arrows and indicator marks commit the new index; a jump of several pages (a sync,
 * a mark) riffles through the pages between, `stepInterval` apart, unless `multiStep` is false.
 */
export function Carousel({ def, ctx }: ControlProps) {
  const panels = panelsOf(def);
  const count = panels.length;
  const index = clampIndex(ctx.value.value ?? def.defaultValue, count, 0);
  const loop = bool(def.loop, false);
  const motion = carouselMotion(def.containerAnimation);
  const { multiStep, stepInterval } = steppingOf(def.containerAnimation);
  const [shown, setShown] = useState(index);
  const stepping = useRef(false);
  useEffect(() => {
    if (shown === index || shown >= count) {
      stepping.current = false;
      if (shown !== index) setShown(index);
      return;
    }
    if (!multiStep || Math.abs(pageOffset(index, shown, count, loop)) <= 1) {
      setShown(index);
      return;
    }
    const step = () => setShown((page) => stepToward(page, index, count, loop));
    if (!stepping.current) {
      stepping.current = true;
      step();
      return;
    }
    const timer = setTimeout(step, stepInterval * 1000);
    return () => clearTimeout(timer);
  }, [index, shown, count, loop, multiStep, stepInterval]);
  const go = (target: number, fire = true) => {
    if (count === 0) return;
    const next = loop ? ((target % count) + count) % count : Math.max(0, Math.min(count - 1, target));
    if (next !== index) ctx.commit(next, { fire });
  };
  const autoAdvance = num(def.autoAdvance, 0);
  useEffect(() => {
    if (autoAdvance <= 0 || count < 2) return;
    const timer = setInterval(() => go(index + 1 >= count ? 0 : index + 1, false), autoAdvance * 1000);
    return () => clearInterval(timer);
  }, [autoAdvance, index, count]);
  const swipe = useRef<{ x: number; id: number } | null>(null);
  const [drag, setDrag] = useState(0);
  const indicator = def.indicator === "bars" || def.indicator === "none" ? def.indicator : "dots";
  const mode = def.carouselMode === "coverflow" || def.carouselMode === "deck" ? def.carouselMode : "paged";
  const poseOf = (i: number): PanelPose | undefined => {
    const offset = pageOffset(i, shown, count, loop);
    if (mode === "coverflow") return coverflowPose(offset, motion);
    if (mode === "deck") return deckPose(offset, motion);
    return undefined;
  };
  return (
    <div {...rootProps(def, ctx, undefined, `cc-carousel--${mode}`)} data-page={shown}>
      <div
        class="cc-carousel-viewport"
        onPointerDown={(event) => {
          if ((event.target as Element).closest(INTERACTIVE)) return;
          swipe.current = { x: event.clientX, id: event.pointerId };
        }}
        onPointerMove={(event) => {
          const start = swipe.current;
          if (!start || start.id !== event.pointerId || mode !== "paged") return;
          const dx = event.clientX - start.x;
          if (Math.abs(dx) < 8) return;
          // Once it is a drag, keep the pointer (a release outside the card still ends it).
          event.currentTarget.setPointerCapture(event.pointerId);
          setDrag(rubberBand(dx, !loop && index === 0, !loop && index === count - 1));
        }}
        onPointerUp={(event) => {
          const start = swipe.current;
          swipe.current = null;
          setDrag(0);
          if (!start || start.id !== event.pointerId) return;
          const dx = event.clientX - start.x;
          if (Math.abs(dx) > 40) go(index + (dx < 0 ? 1 : -1));
        }}
        onPointerCancel={() => {
          swipe.current = null;
          setDrag(0);
        }}
      >
        <div
          class={`cc-carousel-track${drag !== 0 ? " is-dragging" : ""}`}
          data-drag={drag}
          style={
            mode === "paged" ? { transform: `translateX(calc(${-shown * 100}% + ${drag}px))` } : undefined
          }
        >
          {panels.map((panel, i) => {
            const pose = poseOf(i);
            return (
              <div
                key={panel.id ?? i}
                class={`cc-carousel-page${i === shown ? " is-active" : ""}`}
                aria-hidden={i !== shown}
                inert={i !== shown}
                data-offset={pageOffset(i, shown, count, loop)}
                style={
                  pose ? { transform: poseTransform(pose), opacity: pose.opacity, zIndex: pose.z } : undefined
                }
              >
                {ctx.renderGroup(panel)}
              </div>
            );
          })}
        </div>
      </div>
      {count > 1 ? (
        <div class="cc-carousel-nav">
          <button
            type="button"
            class="cc-carousel-arrow"
            aria-label="Previous page"
            disabled={!loop && index === 0}
            onClick={() => go(index - 1)}
          >
            <Icon name="chevron.left" />
          </button>
          {indicator === "none" ? (
            <span />
          ) : (
            <div class={`cc-indicator cc-indicator--${indicator}`}>
              {panels.map((_, i) => (
                <button
                  key={i}
                  type="button"
                  class={`cc-indicator-mark${i === shown ? " is-active" : ""}`}
                  aria-label={`Page ${i + 1}`}
                  onClick={() => go(i)}
                />
              ))}
            </div>
          )}
          <button
            type="button"
            class="cc-carousel-arrow"
            aria-label="Next page"
            disabled={!loop && index === count - 1}
            onClick={() => go(index + 1)}
          >
            <Icon name="chevron.right" />
          </button>
        </div>
      ) : null}
    </div>
  );
}
