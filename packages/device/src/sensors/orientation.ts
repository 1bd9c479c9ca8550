import { round, SensorDenied, SensorNeedsTap, type Pipeline, type SensorFeed } from "./pipeline.js";

type PermissionApi = { requestPermission?: () => Promise<"granted" | "denied" | "default"> };

const CARDINALS = [
  "N",
  "NNE",
  "NE",
  "ENE",
  "E",
  "ESE",
  "SE",
  "SSE",
  "S",
  "SSW",
  "SW",
  "WSW",
  "W",
  "WNW",
  "NW",
  "NNW",
];

/** The 16-point compass name of a heading (`"WNW"`). */
export function cardinal(heading: number): string {
  return CARDINALS[Math.round((((heading % 360) + 360) % 360) / 22.5) % 16];
}

/** Asks iOS Safari for motion access; elsewhere (no `requestPermission`) there is nothing to ask. */
async function requestOrientationPermission(): Promise<void> {
  for (const api of [globalThis.DeviceOrientationEvent, globalThis.DeviceMotionEvent] as PermissionApi[]) {
    if (typeof api?.requestPermission !== "function") continue;
    let answer: string;
    try {
      answer = await api.requestPermission();
    } catch {
      // Without a tap (a remembered consent after a reload) the browser refuses to ask.
      throw new SensorNeedsTap("tap to start (the browser asks only from a tap)");
    }
    if (answer !== "granted") throw new SensorDenied("motion and orientation access was refused");
  }
}

function iosPermission(): boolean {
  const api = globalThis.DeviceOrientationEvent as PermissionApi | undefined;
  return typeof api?.requestPermission === "function";
}

function orientationUnavailable(): string | null {
  return typeof globalThis.DeviceOrientationEvent === "function"
    ? null
    : "this browser has no DeviceOrientation API";
}

/** Heading from an orientation event: Safari's `webkitCompassHeading`, else an absolute `alpha`. */
function headingOf(event: DeviceOrientationEvent): { heading: number; accuracy: number | null } | null {
  const webkit = event as DeviceOrientationEvent & {
    webkitCompassHeading?: number;
    webkitCompassAccuracy?: number;
  };
  if (typeof webkit.webkitCompassHeading === "number") {
    const accuracy = webkit.webkitCompassAccuracy;
    return {
      heading: webkit.webkitCompassHeading,
      accuracy: typeof accuracy === "number" && accuracy >= 0 ? accuracy : null,
    };
  }
  if (event.absolute && typeof event.alpha === "number")
    return { heading: (((360 - event.alpha) % 360) + 360) % 360, accuracy: null };
  return null;
}

/**
 * `heading`: the magnetic heading from `deviceorientationabsolute` (Chromium on Android),
 * `deviceorientation` with `absolute` or Safari's `webkitCompassHeading`. Browsers give no true
 * (geographic) heading, so `trueHeading` is never sent; `accuracy` only where Safari reports it.
 */
export const headingPipeline: Pipeline = {
  name: "heading",
  prompts: false,
  unavailable: orientationUnavailable,
  needsTap: iosPermission,
  async start(feed: SensorFeed) {
    await requestOrientationPermission();
    const onEvent = (event: Event) => {
      const found = headingOf(event as DeviceOrientationEvent);
      if (!found) return;
      const heading = round(found.heading);
      feed.reading({
        value: heading,
        magnetic: heading,
        cardinal: cardinal(heading),
        ...(found.accuracy !== null ? { accuracy: found.accuracy } : {}),
      });
    };
    addEventListener("deviceorientationabsolute", onEvent);
    addEventListener("deviceorientation", onEvent);
    return () => {
      removeEventListener("deviceorientationabsolute", onEvent);
      removeEventListener("deviceorientation", onEvent);
    };
  },
};

function magnitude(v: { x: number | null; y: number | null; z: number | null } | null): number | null {
  if (!v || v.x === null || v.y === null || v.z === null) return null;
  return Math.hypot(v.x, v.y, v.z);
}

const STANDARD_GRAVITY = 9.80665;

/**
 * `motion`: pitch (`beta`), roll (`gamma`) and yaw (`alpha`) from `deviceorientation`; `accel`
 * (g, gravity included) and `rotation` (°/s) from `devicemotion` when the device sends it.
 */
export const motionPipeline: Pipeline = {
  name: "motion",
  prompts: false,
  unavailable: orientationUnavailable,
  needsTap: iosPermission,
  async start(feed: SensorFeed) {
    await requestOrientationPermission();
    let motion: { accel: number | null; rotation: number | null } = { accel: null, rotation: null };
    const onOrientation = (event: DeviceOrientationEvent) => {
      if (typeof event.beta !== "number" || typeof event.gamma !== "number") return;
      const pitch = round(event.beta);
      feed.reading({
        value: pitch,
        pitch,
        roll: round(event.gamma),
        ...(typeof event.alpha === "number" ? { yaw: round(event.alpha) } : {}),
        ...(motion.accel !== null ? { accel: round(motion.accel, 3) } : {}),
        ...(motion.rotation !== null ? { rotation: round(motion.rotation) } : {}),
      });
    };
    const onMotion = (event: DeviceMotionEvent) => {
      const g = magnitude(event.accelerationIncludingGravity);
      const rate = event.rotationRate;
      motion = {
        accel: g === null ? null : g / STANDARD_GRAVITY,
        rotation:
          rate && rate.alpha !== null && rate.beta !== null && rate.gamma !== null
            ? Math.hypot(rate.alpha, rate.beta, rate.gamma)
            : null,
      };
    };
    addEventListener("deviceorientation", onOrientation);
    addEventListener("devicemotion", onMotion);
    return () => {
      removeEventListener("deviceorientation", onOrientation);
      removeEventListener("devicemotion", onMotion);
    };
  },
};
