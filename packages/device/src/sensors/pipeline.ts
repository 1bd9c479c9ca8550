/** One reading of a pipeline (layout.md §11.2): `value` plus the pipeline's other keys. */
export type Reading = { value: number | string | null } & Record<string, number | string | boolean | null>;

/** Where a running pipeline reports. */
export interface SensorFeed {
  reading(reading: Reading): void;
  /** A failure after start (permission revoked, hardware error). */
  error(message: string): void;
}

/** A permission the user or the browser refused: the pipeline shows `denied`, not `error`. */
export class SensorDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SensorDenied";
  }
}

/** The browser grants the permission only from a tap (iOS asks again after a reload). */
export class SensorNeedsTap extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SensorNeedsTap";
  }
}

/** A sensor pipeline as a browser provides it. */
export interface Pipeline {
  readonly name: string;
  /** `null` when this browser can provide it, else why not (shown as `unavailable`). */
  unavailable(): string | null;
  /** Starting opens a prompt a browser allows only from a tap (iOS `requestPermission`). */
  needsTap(): boolean;
  /** The browser asks the user itself (location, microphone). */
  readonly prompts: boolean;
  /** Starts reading (from the tap when `needsTap`); resolves with `stop`, rejects when refused. */
  start(feed: SensorFeed): Promise<() => void>;
}

/** Rounds to `digits` decimals (readings are for display and telemetry, not raw sensor dumps). */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
