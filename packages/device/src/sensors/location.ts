import { round, SensorDenied, type Pipeline, type SensorFeed } from "./pipeline.js";

/** A Geolocation error as a message; code 1 is a refused permission. */
function positionProblem(error: GeolocationPositionError): Error {
  if (error.code === 1) return new SensorDenied("location access was refused");
  return new Error(
    error.code === 3 ? "no position fix yet (timed out)" : `position unavailable: ${error.message}`,
  );
}

/**
 * `location` from the Geolocation API (`watchPosition`, high accuracy). `value` is the speed in
 * km/h, `null` while the browser reports none (a still or desktop device); keys the browser does
 * not report (speed, course, altitude) are left out rather than invented.
 */
export const locationPipeline: Pipeline = {
  name: "location",
  prompts: true,
  unavailable: () =>
    typeof navigator !== "undefined" && navigator.geolocation
      ? null
      : "this browser has no Geolocation API (it needs a secure context: https or localhost)",
  needsTap: () => false,
  start(feed: SensorFeed) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const watch = navigator.geolocation.watchPosition(
        (position) => {
          const c = position.coords;
          const speed = typeof c.speed === "number" && Number.isFinite(c.speed) ? c.speed : null;
          feed.reading({
            value: speed === null ? null : round(speed * 3.6),
            latitude: c.latitude,
            longitude: c.longitude,
            accuracy: round(c.accuracy),
            ...(speed !== null ? { speed: round(speed, 2), speedMph: round(speed * 2.236936) } : {}),
            ...(typeof c.heading === "number" && Number.isFinite(c.heading)
              ? { course: round(c.heading) }
              : {}),
            ...(typeof c.altitude === "number" ? { altitude: round(c.altitude) } : {}),
          });
          if (!settled) {
            settled = true;
            resolve(() => navigator.geolocation.clearWatch(watch));
          }
        },
        (error) => {
          const problem = positionProblem(error);
          if (!settled) {
            settled = true;
            navigator.geolocation.clearWatch(watch);
            reject(problem);
          } else feed.error(problem.message);
        },
        { enableHighAccuracy: true, maximumAge: 0 },
      );
    });
  },
};
