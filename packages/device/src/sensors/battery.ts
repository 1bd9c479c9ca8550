import { round, type Pipeline, type SensorFeed } from "./pipeline.js";

interface BatteryManager extends EventTarget {
  level: number;
  charging: boolean;
}

type WithBattery = Navigator & { getBattery?: () => Promise<BatteryManager> };

/**
 * `device` from the Battery Status API (Chromium browsers): `battery` 0–100 and `state`
 * (`charging`, `full`, `unplugged`). Browsers expose no thermal state, low-power mode or screen
 * brightness, so those keys are never sent.
 */
export const devicePipeline: Pipeline = {
  name: "device",
  prompts: false,
  unavailable: () =>
    typeof navigator !== "undefined" && typeof (navigator as WithBattery).getBattery === "function"
      ? null
      : "this browser has no Battery Status API",
  needsTap: () => false,
  async start(feed: SensorFeed) {
    const battery = await (navigator as WithBattery).getBattery!();
    const report = () => {
      const level = round(battery.level * 100, 0);
      feed.reading({
        value: level,
        battery: level,
        state: battery.charging ? (battery.level >= 1 ? "full" : "charging") : "unplugged",
      });
    };
    report();
    battery.addEventListener("levelchange", report);
    battery.addEventListener("chargingchange", report);
    return () => {
      battery.removeEventListener("levelchange", report);
      battery.removeEventListener("chargingchange", report);
    };
  },
};

/** `barometer`: no browser exposes air pressure, so it is always reported unavailable. */
export const barometerPipeline: Pipeline = {
  name: "barometer",
  prompts: false,
  unavailable: () => "browsers have no barometer API",
  needsTap: () => false,
  start: () => Promise.reject(new Error("browsers have no barometer API")),
};
