/**
 * Animation presets (layout.md §6.1 `animation`, §13.4 `containerAnimation`) as CSS timing: each
 * SwiftUI profile becomes a duration and an easing curve; springy profiles overshoot through a
 * cubic-bezier whose overshoot follows the profile's (or the layout's) `bounce`.
 */
import { isObject } from "../engine/json.js";

export type ProfileName = "snappy" | "smooth" | "bouncy" | "gentle" | "instant";

interface Profile {
  /** Seconds. */
  duration: number;
  /** Spring bounce 0..1; `undefined` for the plain ease and linear profiles. */
  bounce?: number;
  ease: string;
}

const PROFILES: Record<ProfileName, Profile> = {
  snappy: { duration: 0.3, bounce: 0.15, ease: "" },
  smooth: { duration: 0.35, bounce: 0, ease: "" },
  bouncy: { duration: 0.5, bounce: 0.3, ease: "" },
  gentle: { duration: 0.25, ease: "ease-in-out" },
  instant: { duration: 0, ease: "linear" },
};

export interface Motion {
  profile: ProfileName;
  /** Seconds. */
  duration: number;
  /** A CSS `<easing-function>`. */
  ease: string;
}

function isProfile(value: unknown): value is ProfileName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(PROFILES, value);
}

function springEase(bounce: number): string {
  const b = Math.max(0, Math.min(1, bounce));
  return `cubic-bezier(0.3, ${(1 + 2 * b).toFixed(2)}, 0.6, 1)`;
}

/**
 * A motion from `"bouncy"` or `{profile, duration, bounce}`; `fallback` names the profile an
 * object without one (or an absent value, when given) uses. `undefined` when nothing is set.
 */
export function motionOf(value: unknown, fallback?: ProfileName): Motion | undefined {
  const spec = isObject(value) ? value : isProfile(value) ? { profile: value } : undefined;
  const profile = isProfile(spec?.profile) ? spec.profile : fallback;
  if (!profile) return undefined;
  const preset = PROFILES[profile];
  const duration =
    typeof spec?.duration === "number" && Number.isFinite(spec.duration) && spec.duration >= 0
      ? spec.duration
      : preset.duration;
  const bounce =
    typeof spec?.bounce === "number" && Number.isFinite(spec.bounce) ? spec.bounce : preset.bounce;
  return {
    profile,
    duration,
    ease: preset.ease !== "" && spec?.bounce === undefined ? preset.ease : springEase(bounce ?? 0),
  };
}

/** A control's own `animation` as the custom properties its transitions read. */
export function animationVariables(value: unknown): Record<string, string> {
  const motion = motionOf(value);
  return motion ? { "--carter-anim-duration": `${motion.duration}s`, "--carter-anim-ease": motion.ease } : {};
}

/** The container types (carousel, flipCard, accordion) and their extra `containerAnimation` keys. */
const CONTAINER_EXTRAS: Record<string, Record<string, [variable: string, fallback: number, unit: string]>> = {
  accordion: { chevronRotation: ["--cc-chevron-rotation", 90, "deg"] },
  flipCard: { flipPerspective: ["--cc-flip-perspective", 0.5, ""] },
  carousel: {},
};

/**
 * `containerAnimation` of a carousel, flipCard or accordion as custom properties: the motion
 * (profile `bouncy` by default) and the type's own keys; `{}` for other types.
 */
export function containerAnimationVariables(type: string, value: unknown): Record<string, string> {
  const extras = CONTAINER_EXTRAS[type];
  if (!extras) return {};
  const spec = isObject(value) ? value : {};
  const motion = motionOf(spec, "bouncy")!;
  const out: Record<string, string> = {
    "--cc-container-duration": `${motion.duration}s`,
    "--cc-container-ease": motion.ease,
  };
  for (const [key, [variable, fallback, unit]] of Object.entries(extras)) {
    const n = spec[key];
    out[variable] = `${typeof n === "number" && Number.isFinite(n) ? n : fallback}${unit}`;
  }
  return out;
}

export interface Stepping {
  multiStep: boolean;
  /** Seconds between intermediate steps. */
  stepInterval: number;
}

/** `containerAnimation.multiStep` (true) and `stepInterval` (0.12 s): how a jump steps through. */
export function steppingOf(value: unknown): Stepping {
  const spec = isObject(value) ? value : {};
  const interval = spec.stepInterval;
  return {
    multiStep: spec.multiStep !== false,
    stepInterval:
      typeof interval === "number" && Number.isFinite(interval) && interval >= 0 ? interval : 0.12,
  };
}
