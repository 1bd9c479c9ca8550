/**
 * The carousel's presentation (layout: carousel `carouselMode`, `containerAnimation`): where each
 * panel sits relative to the active one in the coverflow and deck modes, and the page-by-page path
 * of a multi-page jump (its timing is `containerAnimation`'s stepping, render/motion.ts).
 */
import { isRecord } from "./document.js";
import { toNumber } from "./format.js";

export interface CarouselMotion {
  sideScale: number;
  /** Degrees. */
  sideRotation: number;
  /** Fraction of the viewport's width. */
  sideSpacing: number;
  sideOpacity: number;
  deckVisibleCount: number;
  deckScaleStep: number;
  /** Pixels per layer. */
  deckOffsetStep: number;
  /** Degrees per layer. */
  deckRotation: number;
}

const DEFAULTS: CarouselMotion = {
  sideScale: 0.82,
  sideRotation: 45,
  sideSpacing: 0.55,
  sideOpacity: 0.6,
  deckVisibleCount: 3,
  deckScaleStep: 0.06,
  deckOffsetStep: 14,
  deckRotation: 0,
};

/** `containerAnimation`'s coverflow and deck keys with their documented defaults (bad values fall back). */
export function carouselMotion(value: unknown): CarouselMotion {
  const spec = isRecord(value) ? value : {};
  const number = (key: keyof CarouselMotion, min: number, max: number) => {
    const n = toNumber(spec[key]);
    return n !== undefined && n >= min && n <= max ? n : (DEFAULTS[key] as number);
  };
  return {
    sideScale: number("sideScale", 0, 4),
    sideRotation: number("sideRotation", -180, 180),
    sideSpacing: number("sideSpacing", 0, 4),
    sideOpacity: number("sideOpacity", 0, 1),
    deckVisibleCount: Math.round(number("deckVisibleCount", 1, 20)),
    deckScaleStep: number("deckScaleStep", 0, 1),
    deckOffsetStep: number("deckOffsetStep", -200, 200),
    deckRotation: number("deckRotation", -180, 180),
  };
}

/** Panel `i`'s place relative to the active one: negative before, positive after (the shorter way round with `loop`). */
export function pageOffset(i: number, active: number, count: number, loop: boolean): number {
  let offset = i - active;
  if (loop && count > 2) {
    if (offset > count / 2) offset -= count;
    else if (offset < -count / 2) offset += count;
  }
  return offset;
}

/** The next page on the way from `shown` to `target`: one page per step, the shorter way round with `loop`. */
export function stepToward(shown: number, target: number, count: number, loop: boolean): number {
  if (shown === target || count === 0) return target;
  const ahead = pageOffset(target, shown, count, loop);
  return (((shown + Math.sign(ahead)) % count) + count) % count;
}

export interface PanelPose {
  /** Horizontal shift as a fraction of the viewport's width. */
  x: number;
  /** Vertical shift in pixels. */
  y: number;
  scale: number;
  /** 3D turn about the vertical axis, degrees. */
  rotateY: number;
  /** Turn in the page's plane, degrees. */
  rotate: number;
  opacity: number;
  /** Stacking order: the active panel is on top. */
  z: number;
}

/**
 * A coverflow panel: the active one centred and whole; neighbours shifted by `sideSpacing`,
 * scaled to `sideScale`, turned `sideRotation`° towards the centre and faded to `sideOpacity`;
 * panels past the neighbours hidden behind them.
 */
export function coverflowPose(offset: number, m: CarouselMotion): PanelPose {
  if (offset === 0) return { x: 0, y: 0, scale: 1, rotateY: 0, rotate: 0, opacity: 1, z: 100 };
  const side = Math.sign(offset);
  const far = Math.abs(offset) > 1;
  return {
    x: side * m.sideSpacing * (far ? 1.35 : 1),
    y: 0,
    scale: m.sideScale,
    rotateY: -side * m.sideRotation,
    rotate: 0,
    opacity: far ? 0 : m.sideOpacity,
    z: 100 - Math.abs(offset),
  };
}

/**
 * A deck panel: the front one whole; the next `deckVisibleCount − 1` stacked behind it, each
 * layer `deckScaleStep` smaller, `deckOffsetStep` px lower and `deckRotation`° turned; panels
 * already passed are swiped off to the side, deeper ones wait hidden in the last layer.
 */
export function deckPose(offset: number, m: CarouselMotion): PanelPose {
  if (offset < 0) return { x: -1.15, y: 0, scale: 1, rotateY: 0, rotate: -8, opacity: 0, z: 100 + offset };
  const layer = Math.min(offset, m.deckVisibleCount - 1);
  return {
    x: 0,
    y: layer * m.deckOffsetStep,
    scale: Math.max(0, 1 - layer * m.deckScaleStep),
    rotateY: 0,
    rotate: layer * m.deckRotation,
    opacity: offset < m.deckVisibleCount ? 1 : 0,
    z: 100 - offset,
  };
}

/** How far a paged drag moves the track: one for one, but only a third past an end without `loop` (rubber band). */
export function rubberBand(dx: number, atStart: boolean, atEnd: boolean): number {
  return (dx > 0 && atStart) || (dx < 0 && atEnd) ? dx / 3 : dx;
}

/** A pose as a CSS transform (the x shift in container-width units). */
export function poseTransform(pose: PanelPose): string {
  const parts = [`translateX(${round(pose.x * 100)}cqw)`];
  if (pose.y !== 0) parts.push(`translateY(${round(pose.y)}px)`);
  if (pose.rotateY !== 0) parts.push(`rotateY(${round(pose.rotateY)}deg)`);
  if (pose.rotate !== 0) parts.push(`rotate(${round(pose.rotate)}deg)`);
  parts.push(`scale(${round(pose.scale)})`);
  return parts.join(" ");
}

const round = (n: number) => Math.round(n * 1000) / 1000;
