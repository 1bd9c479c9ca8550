import type { SensorState, SensorStatus } from "../sources/status.js";
import { SensorDenied, SensorNeedsTap, type Pipeline, type Reading } from "./pipeline.js";
import { PIPELINES } from "./registry.js";

/** A reading with the wall-clock time it arrived (`ts_ms` of publisher frames). */
export type StampedReading = Reading & { ts_ms: number };

/** Remembered consent decisions of one layout. */
export interface ConsentStore {
  get(key: string): "granted" | "denied" | undefined;
  set(key: string, decision: "granted" | "denied"): void;
}

const STORAGE_KEY = "carter.sensor-consent";

/**
 * Consent remembered per layout in `localStorage`, or in `sessionStorage` for a layout an editor
 * pushed in a live-edit session (it asks again next session); in memory where storage is blocked.
 */
export function storedConsent(layoutKey: string, sessionOnly = false): ConsentStore {
  const memory = new Map<string, "granted" | "denied">();
  const storage = (): Storage => (sessionOnly ? sessionStorage : localStorage);
  const read = (): Record<string, Record<string, "granted" | "denied">> => {
    try {
      const parsed: unknown = JSON.parse(storage().getItem(STORAGE_KEY) ?? "{}");
      return typeof parsed === "object" && parsed !== null ? (parsed as ReturnType<typeof read>) : {};
    } catch {
      return {};
    }
  };
  return {
    get: (key) => memory.get(key) ?? read()[layoutKey]?.[key],
    set: (key, decision) => {
      memory.set(key, decision);
      try {
        const all = read();
        all[layoutKey] = { ...all[layoutKey], [key]: decision };
        storage().setItem(STORAGE_KEY, JSON.stringify(all));
      } catch {
        // Storage full or blocked: the decision holds for this page only.
      }
    },
  };
}

interface Slot {
  name: string;
  pipeline: Pipeline | undefined;
  publishing: boolean;
  state: SensorState;
  detail: string | null;
  stop: (() => void) | null;
  latest: StampedReading | null;
  /** Bumped on every stop so a start that resolves late is dropped. */
  generation: number;
}

/**
 * The sensor pipelines a layout uses. Each runs once however many bindings and publishers read
 * it; consent is asked once per pipeline (and per layout) and remembered; a pipeline the browser
 * cannot provide is `unavailable`, never simulated.
 */
export class SensorHub {
  private readonly slots = new Map<string, Slot>();
  private consent: ConsentStore = storedConsent("");

  constructor(
    private readonly onReading: (pipeline: string, reading: StampedReading) => void,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sets the pipelines in use (`true` = a publisher broadcasts it) and the layout's consent. */
  setUses(uses: ReadonlyMap<string, boolean>, consent: ConsentStore): void {
    this.consent = consent;
    let changed = false;
    for (const [name, slot] of this.slots) {
      if (uses.get(name) === slot.publishing) continue;
      this.halt(slot);
      this.slots.delete(name);
      changed = true;
    }
    for (const [name, publishing] of uses) {
      if (this.slots.has(name)) continue;
      const slot: Slot = {
        name,
        pipeline: PIPELINES.get(name),
        publishing,
        state: "needs-consent",
        detail: null,
        stop: null,
        latest: null,
        generation: 0,
      };
      this.slots.set(name, slot);
      this.arm(slot);
      changed = true;
    }
    if (changed) this.onChange();
  }

  /** The user allowed a pipeline: call from the tap (iOS grants motion access only there). */
  grant(name: string): void {
    const slot = this.slots.get(name);
    if (!slot?.pipeline || slot.state === "running" || slot.state === "starting") return;
    this.consent.set(this.consentKey(slot), "granted");
    this.start(slot);
  }

  /** The user refused a pipeline; remembered for the layout. */
  deny(name: string): void {
    const slot = this.slots.get(name);
    if (!slot) return;
    this.consent.set(this.consentKey(slot), "denied");
    this.halt(slot);
    this.set(slot, "denied", "refused on this device");
  }

  latest(name: string): StampedReading | null {
    return this.slots.get(name)?.latest ?? null;
  }

  state(name: string): SensorState | undefined {
    return this.slots.get(name)?.state;
  }

  status(): SensorStatus[] {
    return [...this.slots.values()].map((s) => ({
      pipeline: s.name,
      state: s.state,
      detail: s.detail,
      publishing: s.publishing,
    }));
  }

  stopAll(): void {
    for (const slot of this.slots.values()) this.halt(slot);
    this.slots.clear();
  }

  private consentKey(slot: Slot): string {
    return slot.publishing ? `${slot.name}:publish` : slot.name;
  }

  /** Decides a new slot's first state: unavailable, denied, waiting for a tap, or started. */
  private arm(slot: Slot): void {
    const pipeline = slot.pipeline;
    if (!pipeline) {
      slot.state = "unavailable";
      slot.detail = `"${slot.name}" is not a sensor pipeline (${[...PIPELINES.keys()].join(", ")})`;
      return;
    }
    const missing = pipeline.unavailable();
    if (missing) {
      slot.state = "unavailable";
      slot.detail = missing;
      return;
    }
    const decision = this.consent.get(this.consentKey(slot));
    if (decision === "denied") {
      slot.state = "denied";
      slot.detail = "refused on this device";
      return;
    }
    const asks = slot.publishing || pipeline.prompts || pipeline.needsTap();
    if (asks && decision !== "granted") {
      slot.state = "needs-consent";
      slot.detail = null;
      return;
    }
    this.start(slot);
  }

  private start(slot: Slot): void {
    const pipeline = slot.pipeline!;
    const generation = ++slot.generation;
    this.set(slot, "starting", null);
    pipeline
      .start({
        reading: (reading) => {
          if (slot.generation !== generation) return;
          const stamped = { ...reading, ts_ms: this.now() };
          slot.latest = stamped;
          if (slot.state !== "running" || slot.detail !== null) this.set(slot, "running", null);
          this.onReading(slot.name, stamped);
        },
        error: (message) => {
          if (slot.generation === generation) this.set(slot, "error", message);
        },
      })
      .then(
        (stop) => {
          if (slot.generation !== generation) {
            stop();
            return;
          }
          slot.stop = stop;
          if (slot.state === "starting") this.set(slot, "running", "waiting for the first reading");
        },
        (error: unknown) => {
          if (slot.generation !== generation) return;
          if (error instanceof SensorNeedsTap) {
            this.set(slot, "needs-consent", error.message);
            return;
          }
          const denied = error instanceof SensorDenied;
          if (denied) this.consent.set(this.consentKey(slot), "denied");
          this.set(slot, denied ? "denied" : "error", (error as Error).message);
        },
      );
  }

  private halt(slot: Slot): void {
    slot.generation++;
    slot.stop?.();
    slot.stop = null;
  }

  private set(slot: Slot, state: SensorState, detail: string | null): void {
    if (slot.state === state && slot.detail === detail) return;
    slot.state = state;
    slot.detail = detail;
    this.onChange();
  }
}
