import { audioPipeline } from "./audio.js";
import { barometerPipeline, devicePipeline } from "./battery.js";
import { locationPipeline } from "./location.js";
import { headingPipeline, motionPipeline } from "./orientation.js";
import type { Pipeline } from "./pipeline.js";

/** The spec's pipelines (layout.md §11.2), as this browser provides them. */
export const PIPELINES: ReadonlyMap<string, Pipeline> = new Map(
  [headingPipeline, motionPipeline, barometerPipeline, devicePipeline, audioPipeline, locationPipeline].map(
    (p) => [p.name, p],
  ),
);

/** Default seconds between publisher frames, and the floor an `interval` is clamped to. */
export const PUBLISH_INTERVALS: Readonly<Record<string, { default: number; min: number }>> = {
  heading: { default: 0.5, min: 0.1 },
  motion: { default: 0.5, min: 0.1 },
  audio: { default: 0.5, min: 0.1 },
  location: { default: 2, min: 1 },
  device: { default: 30, min: 5 },
  barometer: { default: 5, min: 1 },
};

/** A publisher's period in seconds: its `interval` clamped to the pipeline's floor, else the default. */
export function publishInterval(pipeline: string, interval: unknown): number {
  const limits = PUBLISH_INTERVALS[pipeline] ?? { default: 1, min: 1 };
  return typeof interval === "number" && Number.isFinite(interval) && interval > 0
    ? Math.max(limits.min, interval)
    : limits.default;
}
