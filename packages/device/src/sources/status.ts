/**
 * What the device reports about its MQTT/HTTP sources, sensor pipelines and publishers: drawn in
 * the sources bar and on affected controls, and read by `get-connection-status`.
 */
export interface SourceStatus {
  /** The declared source name; an http binding with an absolute `url` and no source uses the URL. */
  name: string;
  type: "mqtt" | "http";
  /** Broker URL (mqtt) or polled URL (http). */
  url: string;
  /** `connected` = broker session up / last poll answered with JSON. */
  state: "connecting" | "connected" | "error";
  /** Why it is not connected (unreachable broker, HTTP status, bad JSON…), else `null`. */
  error: string | null;
  /** Poll period in seconds (http). */
  interval?: number;
}

export type SensorState =
  /** The browser has no API for it (barometer everywhere; battery outside Chromium…). */
  | "unavailable"
  /** Waiting for the user's tap (consent, or a permission the browser grants only from a tap). */
  | "needs-consent"
  | "starting"
  | "running"
  /** The user (or the browser's permission) said no. */
  | "denied"
  | "error";

export interface SensorStatus {
  pipeline: string;
  state: SensorState;
  detail: string | null;
  /** True when a publisher streams it to the channel (consent then names the channel). */
  publishing: boolean;
}

export interface PublisherStatus {
  sensor: string;
  /** Seconds between frames after clamping. */
  interval: number;
  /** `publishing` only while the pipeline runs and the link is connected. */
  state: "publishing" | "waiting" | "paused" | "unavailable" | "denied";
  sent: number;
}

export interface SourcesStatus {
  sources: SourceStatus[];
  sensors: SensorStatus[];
  publishers: PublisherStatus[];
  /** Bindings and actions the device cannot run (bad source names, missing topics…). */
  problems: { control: string | null; problem: string }[];
}

export const EMPTY_STATUS: SourcesStatus = { sources: [], sensors: [], publishers: [], problems: [] };
