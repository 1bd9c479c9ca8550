import { createHub, type Hub } from "@carter/hub";
import type { Layout } from "@carter/kit";
import { DEMO_DOCS } from "./docs.js";
import { coreRings, DEMO, MODES } from "./layout.js";
import { formatBytes, formatUptime, SystemMeter, type SystemSample } from "./system.js";

export type LogLevel = "info" | "warn" | "error";

export interface DemoHubOptions {
  /** The relay to join. */
  url: string;
  token: string;
  /** A PEM certificate to trust for `wss://` (the demo gateway's development certificate). */
  ca?: string;
  layout: Layout;
  /** System push period; 0 = never on a timer (tests call `publish`). Default 1000 ms. */
  intervalMs?: number;
  /** Where hub events are echoed besides the log console (default: nowhere). */
  onLog?: (level: LogLevel, text: string) => void;
}

/** The authoritative state of the Controls tab. */
export interface ControlState {
  power: boolean;
  level: number;
  mode: (typeof MODES)[number];
  count: number;
  pings: number;
}

/** The last heading a phone's publisher sent (a `sensor` frame with `sensor: "heading"`). */
export interface PhoneHeading {
  device: string;
  /** Degrees, 0–360 (magnetic). */
  heading: number;
  cardinal: string;
}

export interface DemoHub {
  readonly hub: Hub;
  readonly state: Readonly<ControlState>;
  /** The latest published phone heading, `null` until a phone shares one. */
  readonly heading: PhoneHeading | null;
  /** Pushes one system reading (the timer calls this with a fresh sample). */
  publish(sample: SystemSample): void;
  /**
   * Changes the authoritative state from the server side (as a physical switch would) and echoes
   * it; while the relay is away the change reaches devices through their next snapshot.
   */
  update(changes: Partial<ControlState>): void;
  /** Appends a line to the device's log console. */
  log(level: LogLevel, text: string): void;
  close(): Promise<void>;
}

/** Thrown by a command handler for a value it refuses: the device gets `ok:false` and reverts. */
class RefusedCommand extends Error {}

function expectType<T>(what: string, value: unknown, check: (v: unknown) => v is T, wanted: string): T {
  if (!check(value))
    throw new RefusedCommand(`${what}: expected ${wanted}, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}

const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isMode = (v: unknown): v is ControlState["mode"] =>
  typeof v === "string" && (MODES as readonly string[]).includes(v);

function inRange(what: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new RefusedCommand(`${what}: ${value} is outside ${min}–${max}`);
  return value;
}

/**
 * The demo's server: pushes this machine's CPU, memory, load and uptime, echoes the Controls
 * tab's state authoritatively (acks on), refuses `turbo` so a revert can be seen, answers graph
 * node taps with markdown, fills the per-core group and writes the log console.
 */
export async function startDemoHub(options: DemoHubOptions): Promise<DemoHub> {
  const onLog = options.onLog ?? (() => {});
  let hub: Hub | null = null;
  let closed = false;
  const log = (level: LogLevel, text: string) => {
    onLog(level, text);
    if (hub && !closed) hub.push(DEMO.log, { line: { text, level } });
  };
  hub = await createHub({
    layout: options.layout,
    url: options.url,
    token: options.token,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    name: DEMO.hubName,
    channel: DEMO.channel,
    acks: true,
    onError: (error, context) =>
      log(
        error instanceof RefusedCommand ? "warn" : "error",
        `${context}: ${(error as Error).message ?? String(error)}`,
      ),
  });
  const connected = hub;

  const state: ControlState = { power: false, level: 40, mode: "normal", count: 0, pings: 0 };
  const summary = () =>
    `${state.power ? "on" : "off"} · level ${state.level} · ${state.mode} · count ${state.count}`;
  const echo = (id: keyof ControlState) => {
    connected.set(id, state[id]);
    connected.set("summary", summary());
  };
  const echoAll = () => {
    for (const id of Object.keys(state) as (keyof ControlState)[]) connected.set(id, state[id]);
    connected.set("summary", summary());
  };
  echoAll();

  connected.on("power", (value, _payload, meta) => {
    state.power = expectType("power", value, isBoolean, "true or false");
    echo("power");
    log("info", `${meta.from ?? "a device"} turned power ${state.power ? "on" : "off"}`);
  });
  connected.on("level", (value, _payload, meta) => {
    state.level = inRange("level", expectType("level", value, isFiniteNumber, "a number"), 0, 100);
    echo("level");
    log("info", `${meta.from ?? "a device"} set level to ${state.level}`);
  });
  connected.on("count", (value, _payload, meta) => {
    state.count = inRange("count", expectType("count", value, isFiniteNumber, "a number"), 0, 20);
    echo("count");
    log("info", `${meta.from ?? "a device"} set count to ${state.count}`);
  });
  connected.on("mode", (value, _payload, meta) => {
    const mode = expectType("mode", value, isMode, MODES.join(", "));
    if (mode === DEMO.refusedMode)
      throw new RefusedCommand(`mode: ${mode} is locked in this demo (the device reverts)`);
    state.mode = mode;
    echo("mode");
    log("info", `${meta.from ?? "a device"} switched mode to ${state.mode}`);
  });
  connected.on("ping", (_value, _payload, meta) => {
    state.pings += 1;
    echo("pings");
    log("info", `ping #${state.pings} from ${meta.from ?? "a device"}`);
  });
  let heading: PhoneHeading | null = null;
  const sharing = new Set<string>();
  connected.on(DEMO.sensor, (_value, payload) => {
    const frame = payload as Record<string, unknown>;
    if (frame.sensor !== "heading") return;
    const device = typeof frame.device === "string" ? frame.device : "a device";
    const degrees = expectType("sensor heading value", frame.value, isFiniteNumber, "a number");
    const cardinal = typeof frame.cardinal === "string" ? frame.cardinal : "";
    heading = { device, heading: degrees, cardinal };
    connected.set("hub-heading", `${device}: ${degrees}° ${cardinal}`.trim());
    if (!sharing.has(device)) {
      sharing.add(device);
      log("info", `${device} is sharing its heading (${degrees}° ${cardinal})`.trim());
    }
  });
  connected.handle(DEMO.getDoc, (payload) => {
    const path =
      typeof payload === "object" && payload !== null ? (payload as { path?: unknown }).path : undefined;
    const doc = typeof path === "string" && Object.hasOwn(DEMO_DOCS, path) ? DEMO_DOCS[path] : undefined;
    if (!doc)
      throw new Error(
        `${DEMO.getDoc}: no page ${JSON.stringify(path)} (have ${Object.keys(DEMO_DOCS).join(", ")})`,
      );
    return doc;
  });
  connected.onSyncRequest(({ from }) => log("info", `${from ?? "a device"} joined and asked for a snapshot`));

  let coreCount = -1;
  const publish = (sample: SystemSample) => {
    if (sample.cores.length !== coreCount) {
      coreCount = sample.cores.length;
      connected.fill("cores", coreRings(coreCount));
    }
    const [one, five, fifteen] = sample.load;
    connected.push(DEMO.system, {
      cpu: sample.cpu,
      cores: sample.cores,
      memory: sample.memory,
      memoryText: `${formatBytes(sample.memory.usedBytes)} of ${formatBytes(sample.memory.totalBytes)}`,
      load: sample.load,
      loadText: `load ${one.toFixed(2)} · ${five.toFixed(2)} · ${fifteen.toFixed(2)}`,
      uptimeSeconds: sample.uptimeSeconds,
      uptimeText: `up ${formatUptime(sample.uptimeSeconds)}`,
      host: sample.host,
    });
  };

  const meter = new SystemMeter();
  const intervalMs = options.intervalMs ?? 1000;
  const timer = intervalMs > 0 ? setInterval(() => publish(meter.sample()), intervalMs) : undefined;
  if (intervalMs > 0) publish(meter.sample());
  log("info", `hub ${connected.name} serving '${options.layout.name}' on channel ${DEMO.channel}`);

  return {
    hub: connected,
    state,
    get heading() {
      return heading;
    },
    publish,
    update(changes) {
      Object.assign(state, changes);
      echoAll();
    },
    log,
    async close() {
      closed = true;
      clearInterval(timer);
      await connected.close();
    },
  };
}
