/**
 * The `wheel` style's spin: the weighted pick, the slice under the 12 o'clock pointer, the slice
 * boundaries the pointer passes (one tick each) and the eased rotation of a tap or a flick.
 * Rotations are degrees clockwise; a wheel turned `r` shows wheel angle `-r` under the pointer.
 */
import { sliceAt, type SliceAngles } from "./geometry.js";

/** Full turns of a full-strength spin. */
const FULL_TURNS = 5;

/** Weighted pick for the wheel: `random` in 0..1 lands on a slice in proportion to its value. */
export function pickWeighted(weights: number[], random: number): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return -1;
  let threshold = random * total;
  for (let i = 0; i < weights.length; i++) {
    threshold -= weights[i];
    if (threshold < 0 && weights[i] > 0) return i;
  }
  return weights.findLastIndex((w) => w > 0);
}

const mod360 = (angle: number) => ((angle % 360) + 360) % 360;

/** The slice under the pointer when the wheel is turned `rotation` degrees; -1 when empty. */
export function sliceUnderPointer(angles: SliceAngles[], rotation: number): number {
  return sliceAt(angles, mod360(-rotation));
}

/** Slice boundaries (wheel angles) that a tick marks: none when fewer than two slices show. */
export function sliceBoundaries(angles: SliceAngles[]): number[] {
  const shown = angles.filter((a) => a.end > a.start);
  return shown.length < 2 ? [] : shown.map((a) => mod360(a.start));
}

/** How many boundaries the pointer passes while the wheel turns from `from` to `to` degrees. */
export function ticksBetween(boundaries: number[], from: number, to: number): number {
  const lo = Math.min(-from, -to);
  const hi = Math.max(-from, -to);
  let count = 0;
  for (const b of boundaries) count += Math.floor((hi - b) / 360) - Math.floor((lo - b) / 360);
  return count;
}

/** A spin: the wheel turns `distance` degrees from `from`, easing out over `duration` ms. */
export interface Spin {
  from: number;
  distance: number;
  duration: number;
}

/** The rotation `elapsed` ms into a spin (cubic ease-out: the wheel winds down to rest). */
export function spinRotation(spin: Spin, elapsed: number): number {
  const t = spin.duration > 0 ? Math.min(1, Math.max(0, elapsed / spin.duration)) : 1;
  return spin.from + spin.distance * (1 - (1 - t) ** 3);
}

/**
 * A tap's full-strength spin from `rotation` that lands on slice `landing`, `random` (0..1)
 * choosing the spot inside the slice; it settles in `seconds`.
 */
export function tapSpin(
  angles: SliceAngles[],
  rotation: number,
  landing: number,
  random: number,
  seconds: number,
): Spin {
  const { start, end } = angles[landing];
  const spot = start + (0.15 + 0.7 * random) * (end - start);
  const distance = 360 * FULL_TURNS + mod360(-spot - rotation);
  return { from: rotation, distance, duration: seconds * 1000 };
}

/**
 * A flick released at `velocity` degrees per second: it leaves at that speed (capped at a
 * full-strength spin's) and settles in up to `seconds`, sooner when gentler. Undefined when too
 * slow to spin.
 */
export function flickSpin(rotation: number, velocity: number, seconds: number): Spin | undefined {
  const full = (3 * 360 * FULL_TURNS) / seconds;
  const speed = Math.min(Math.abs(velocity), full);
  if (speed < 90) return undefined;
  const duration = seconds * 1000 * Math.max(0.3, speed / full);
  return { from: rotation, distance: (Math.sign(velocity) * speed * duration) / 3000, duration };
}
