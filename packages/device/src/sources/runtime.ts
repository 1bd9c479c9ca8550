import { effect, signal, type ReadonlySignal } from "@preact/signals";
import type { ControlDef } from "../controls/types.js";
import type { DeviceEngine } from "../engine/engine.js";
import { isObject, type JsonObject } from "../engine/json.js";
import { walkChildren } from "../engine/layout.js";
import { SensorHub, storedConsent, type StampedReading } from "../sensors/hub.js";
import { publishInterval } from "../sensors/registry.js";
import {
  externalBindings,
  httpTarget,
  parseSources,
  resolveSource,
  sensorKey,
  type ExternalBinding,
  type SourceDef,
} from "./bindings.js";
import { HttpPoll, sendHttp } from "./http-poll.js";
import { MqttLink } from "./mqtt-link.js";
import { extract, mqttPublishBody, topicMatches } from "./payload.js";
import { EMPTY_STATUS, type PublisherStatus, type SourcesStatus } from "./status.js";

/** What the sources need from the device: its mesh link, for publishers. */
export interface SourceHost {
  /** Sends a frame on the layout's link (sealed when the layout has an E2EE key). */
  send(type: string, payload: unknown): void;
  /** The identity name publisher frames carry as `device`; `null` without a link. */
  name(): string | null;
  /** The channel a publisher consent names. */
  channel(): string | null;
  /** Admitted to the mesh (publishers pause otherwise). */
  connected(): boolean;
  /** The layout came from an editor's live-edit session: consent lasts for this session only. */
  sessionOnly?(): boolean;
}

type Bound<K extends ExternalBinding["kind"]> = Extract<ExternalBinding, { kind: K }>;

interface RunningPublisher {
  sensor: string;
  pipeline: string;
  key: string;
  interval: number;
  sent: number;
  timer: ReturnType<typeof setInterval>;
}

const runtimes = new WeakMap<DeviceEngine, SourceRuntime>();

/** The sources runtime attached to an engine (the render layer reads control problems from it). */
export function sourcesOf(engine: DeviceEngine): SourceRuntime | undefined {
  return runtimes.get(engine);
}

function pollKey(b: Bound<"http">): string {
  return `${b.interval}|${b.url}|${JSON.stringify(b.headers)}`;
}

/**
 * Everything a layout reads or drives outside the mesh: MQTT brokers, HTTP polls, the device's
 * sensors and its publishers (layout.md §7.2, §8.3, §11). It follows the engine's layout (sources
 * live and die with it), feeds values through `engine.deliver` like meshsocket frames, runs
 * mqtt/http actions, and reports every failure in `status` and on the affected controls.
 */
export class SourceRuntime {
  /** Sources, sensors, publishers and binding problems (`get-connection-status` reads it). */
  readonly status: ReadonlySignal<SourcesStatus>;
  /** Why a control is not getting data or its action failed, by control id. */
  readonly controlProblems: ReadonlySignal<ReadonlyMap<string, string>>;

  private readonly statusSignal = signal<SourcesStatus>(EMPTY_STATUS);
  private readonly problemsSignal = signal<ReadonlyMap<string, string>>(new Map());
  private sources = new Map<string, SourceDef>();
  private sourceProblems: string[] = [];
  private bindings: ExternalBinding[] = [];
  private readonly mqtt = new Map<string, MqttLink>();
  private readonly polls = new Map<string, HttpPoll>();
  private readonly sensors: SensorHub;
  private publishers: RunningPublisher[] = [];
  private publisherProblems: string[] = [];
  /** The publishers block (and layout) the running publishers were built from. */
  private publishersKey: string | null = null;
  private readonly actionProblems = new Map<string, string>();
  private refreshQueued = false;
  private readonly stopEffect: () => void;
  private readonly stopListening: () => void;
  private readonly stopLinkEffect: () => void;

  constructor(
    private readonly engine: DeviceEngine,
    private readonly host: SourceHost,
  ) {
    this.status = this.statusSignal;
    this.controlProblems = this.problemsSignal;
    this.sensors = new SensorHub(
      (pipeline, reading) => this.onReading(pipeline, reading),
      () => this.queueRefresh(),
    );
    runtimes.set(engine, this);
    engine.setExternalActions((id, action, payload) => this.runAction(id, action, payload));
    this.stopEffect = effect(() => {
      void engine.layout.value;
      void engine.tabs.value;
      this.rebuild();
    });
    this.stopListening = engine.listen({ layoutChanged: () => this.rebuild() });
    this.stopLinkEffect = effect(() => {
      host.connected();
      this.queueRefresh();
    });
  }

  /** The status as of now (publisher counts exact), for `get-connection-status`. */
  currentStatus(): SourcesStatus {
    this.refresh();
    return this.statusSignal.peek();
  }

  /** The user allowed a sensor pipeline (call from the tap). */
  grant(pipeline: string): void {
    this.sensors.grant(pipeline);
  }

  /** The user refused a sensor pipeline. */
  deny(pipeline: string): void {
    this.sensors.deny(pipeline);
  }

  /** The channel publisher consent names. */
  channel(): string | null {
    return this.host.channel();
  }

  dispose(): void {
    this.stopEffect();
    this.stopLinkEffect();
    this.stopListening();
    this.engine.setExternalActions(null);
    this.stopAll();
    runtimes.delete(this.engine);
  }

  // ---- wiring ------------------------------------------------------------------------------

  private rebuild(): void {
    const layout = this.engine.layout.peek();
    if (!layout) {
      this.stopAll();
      this.queueRefresh();
      return;
    }
    const { sources, problems } = parseSources(layout.sources);
    const bindings: ExternalBinding[] = [];
    const visit = {
      control: (def: ControlDef) => {
        bindings.push(...externalBindings(def.id, def.sync, sources));
      },
    };
    for (const tab of this.engine.tabs.peek())
      walkChildren(tab.children, visit, (group) => this.engine.childrenOf(group));
    this.sources = sources;
    this.sourceProblems = problems;
    this.bindings = bindings;
    for (const id of [...this.actionProblems.keys()])
      if (!this.engine.control(id)) this.actionProblems.delete(id);
    this.wireMqtt();
    this.wirePolls();
    this.wireSensors(layout.publishers, typeof layout.id === "string" ? layout.id : layout.name);
    this.queueRefresh();
  }

  private wireMqtt(): void {
    const wanted = new Map<string, Extract<SourceDef, { type: "mqtt" }>>();
    for (const source of this.sources.values())
      if (source.type === "mqtt") wanted.set(`${source.name}|${JSON.stringify(source)}`, source);
    for (const [key, link] of this.mqtt) {
      if (wanted.has(key)) continue;
      link.close();
      this.mqtt.delete(key);
    }
    for (const [key, source] of wanted) {
      let link = this.mqtt.get(key);
      if (!link) {
        link = new MqttLink(
          source,
          () => this.queueRefresh(),
          (topic, value) => this.onMqtt(source.name, topic, value),
        );
        this.mqtt.set(key, link);
      }
      const topics = new Set<string>();
      for (const b of this.bindings) if (b.kind === "mqtt" && b.source === source.name) topics.add(b.topic);
      link.setTopics(topics);
    }
  }

  private wirePolls(): void {
    const wanted = new Map<string, Bound<"http">>();
    for (const b of this.bindings) if (b.kind === "http") wanted.set(pollKey(b), b);
    for (const [key, poll] of this.polls) {
      if (wanted.has(key)) continue;
      poll.stop();
      this.polls.delete(key);
    }
    for (const [key, b] of wanted) {
      if (this.polls.has(key)) continue;
      this.polls.set(
        key,
        new HttpPoll(
          b.source ?? b.url,
          b.url,
          b.headers,
          b.interval,
          () => this.queueRefresh(),
          (body) => this.onHttp(key, body),
        ),
      );
    }
  }

  private wireSensors(block: unknown, layoutKey: string): void {
    const uses = new Map<string, boolean>();
    for (const b of this.bindings)
      if (b.kind === "sensor" && !uses.has(b.pipeline)) uses.set(b.pipeline, false);
    const publishersKey = JSON.stringify([layoutKey, block ?? null]);
    if (publishersKey === this.publishersKey) {
      for (const p of this.publishers) uses.set(p.pipeline, true);
      this.sensors.setUses(uses, storedConsent(layoutKey, this.host.sessionOnly?.() ?? false));
      return;
    }
    this.publishersKey = publishersKey;
    for (const p of this.publishers) clearInterval(p.timer);
    this.publishers = [];
    this.publisherProblems = [];
    if (block !== undefined && !Array.isArray(block))
      this.publisherProblems.push("publishers must be an array");
    for (const [index, entry] of (Array.isArray(block) ? block : []).entries()) {
      const key = isObject(entry) ? sensorKey(entry.sensor) : null;
      if (!key) {
        this.publisherProblems.push(`publishers[${index}] needs a "sensor"`);
        continue;
      }
      uses.set(key.pipeline, true);
      const interval = publishInterval(key.pipeline, (entry as JsonObject).interval);
      const publisher: RunningPublisher = {
        sensor: (entry as JsonObject).sensor as string,
        ...key,
        interval,
        sent: 0,
        timer: setInterval(() => this.publish(publisher), interval * 1000),
      };
      this.publishers.push(publisher);
    }
    this.sensors.setUses(uses, storedConsent(layoutKey, this.host.sessionOnly?.() ?? false));
  }

  private stopAll(): void {
    for (const link of this.mqtt.values()) link.close();
    this.mqtt.clear();
    for (const poll of this.polls.values()) poll.stop();
    this.polls.clear();
    for (const p of this.publishers) clearInterval(p.timer);
    this.publishers = [];
    this.publisherProblems = [];
    this.publishersKey = null;
    this.sensors.stopAll();
    this.bindings = [];
    this.sources = new Map();
    this.sourceProblems = [];
    this.actionProblems.clear();
  }

  // ---- inbound -----------------------------------------------------------------------------

  private onMqtt(source: string, topic: string, value: unknown): void {
    for (const b of this.bindings) {
      if (b.kind !== "mqtt" || b.source !== source || !topicMatches(b.topic, topic)) continue;
      const v = extract(value, b.filter, b.path);
      if (v !== undefined) this.engine.deliver(b.controlId, v);
    }
  }

  private onHttp(key: string, body: unknown): void {
    for (const b of this.bindings) {
      if (b.kind !== "http" || pollKey(b) !== key) continue;
      const v = extract(body, b.filter, b.path);
      if (v !== undefined) this.engine.deliver(b.controlId, v);
    }
  }

  private onReading(pipeline: string, reading: StampedReading): void {
    for (const b of this.bindings) {
      if (b.kind !== "sensor" || b.pipeline !== pipeline) continue;
      const v = reading[b.key];
      if (v !== undefined && v !== null) this.engine.deliver(b.controlId, v);
    }
  }

  // ---- outbound ----------------------------------------------------------------------------

  /** A publisher tick: the pipeline's latest reading as a `sensor` broadcast (layout.md §11.3). */
  private publish(p: RunningPublisher): void {
    const name = this.host.name();
    if (name === null || !this.host.connected()) return;
    if (typeof document !== "undefined" && document.hidden) return;
    if (this.sensors.state(p.pipeline) !== "running") return;
    const reading = this.sensors.latest(p.pipeline);
    if (!reading) return;
    const { value, ts_ms, ...keys } = reading;
    const picked = p.key === "value" ? value : keys[p.key];
    if (picked === undefined) return;
    try {
      this.host.send("broadcast_request", {
        msg_type: "sensor",
        sensor: p.sensor,
        device: name,
        ts_ms,
        value: picked,
        ...keys,
      });
      p.sent++;
      // The bar's count moves about once a second; `currentStatus()` is always exact.
      if (p.sent % Math.max(1, Math.round(1 / p.interval)) === 0) this.queueRefresh();
    } catch (error) {
      this.publisherProblems = [`publisher ${p.sensor}: ${(error as Error).message}`];
      this.queueRefresh();
    }
  }

  private async runAction(controlId: string, action: JsonObject, payload: unknown): Promise<void> {
    try {
      if (action.method === "mqtt") await this.publishMqtt(action, payload);
      else await this.requestHttp(action, payload);
      if (this.actionProblems.delete(controlId)) this.queueRefresh();
    } catch (error) {
      this.actionProblems.set(controlId, `action failed: ${(error as Error).message}`);
      this.queueRefresh();
      throw error;
    }
  }

  private async publishMqtt(action: JsonObject, payload: unknown): Promise<void> {
    if (typeof action.topic !== "string" || action.topic === "") throw new Error("mqtt action needs a topic");
    const source = resolveSource(this.sources, "mqtt", action.source);
    if (typeof source === "string") throw new Error(source);
    if (source === null) throw new Error("mqtt needs a declared source (the broker url)");
    const link = [...this.mqtt.values()].find((l) => l.source.name === source.name);
    if (!link) throw new Error(`mqtt source "${source.name}" is not running`);
    await link.publish(action.topic, mqttPublishBody(payload), action.retain === true);
  }

  private async requestHttp(action: JsonObject, payload: unknown): Promise<void> {
    const target = httpTarget(action, this.sources);
    if (typeof target === "string") throw new Error(target);
    const headers: Record<string, string> = { ...target.source?.headers };
    if (isObject(action.headers))
      for (const [key, value] of Object.entries(action.headers))
        if (typeof value === "string" || typeof value === "number") headers[key] = String(value);
    const method =
      typeof action.httpMethod === "string" && action.httpMethod !== ""
        ? action.httpMethod.toUpperCase()
        : payload === undefined || payload === null
          ? "GET"
          : "POST";
    await sendHttp(target.url, method, headers, payload);
  }

  // ---- status ------------------------------------------------------------------------------

  private queueRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.refresh();
    });
  }

  private refresh(): void {
    const sources = [
      ...[...this.mqtt.values()].map((l) => l.status()),
      ...[...this.polls.values()].map((p) => p.status()),
    ];
    const problems: SourcesStatus["problems"] = [
      ...this.sourceProblems.map((problem) => ({ control: null, problem })),
      ...this.publisherProblems.map((problem) => ({ control: null, problem })),
    ];
    const perControl = new Map<string, string>();
    const note = (id: string, problem: string) => {
      if (!perControl.has(id)) perControl.set(id, problem);
    };
    const sensors = this.sensors.status();
    for (const b of this.bindings) {
      if (b.kind === "invalid") {
        problems.push({ control: b.controlId, problem: b.problem });
        note(b.controlId, b.problem);
      } else if (b.kind === "mqtt") {
        const link = [...this.mqtt.values()].find((l) => l.source.name === b.source)?.status();
        if (link?.error) note(b.controlId, `${b.source}: ${link.error}`);
      } else if (b.kind === "http") {
        const poll = this.polls.get(pollKey(b))?.status();
        if (poll?.error) note(b.controlId, poll.error);
      } else {
        const sensor = sensors.find((s) => s.pipeline === b.pipeline);
        if (sensor && sensor.state !== "running" && sensor.state !== "starting")
          note(
            b.controlId,
            sensor.state === "needs-consent"
              ? `${b.pipeline}: waiting for your tap on "Allow ${b.pipeline}"`
              : `${b.pipeline} ${sensor.state}${sensor.detail ? `: ${sensor.detail}` : ""}`,
          );
      }
    }
    for (const [id, problem] of this.actionProblems) note(id, problem);
    const publishers: PublisherStatus[] = this.publishers.map((p) => {
      const state = this.sensors.state(p.pipeline);
      return {
        sensor: p.sensor,
        interval: p.interval,
        sent: p.sent,
        state:
          state === "unavailable" || state === "denied"
            ? state
            : state !== "running"
              ? "waiting"
              : this.host.connected()
                ? "publishing"
                : "paused",
      };
    });
    const status = { sources, sensors, publishers, problems };
    if (JSON.stringify(status) !== JSON.stringify(this.statusSignal.peek())) this.statusSignal.value = status;
    // Every cell's note reads this map: replace it only when a problem changed.
    const previous = this.problemsSignal.peek();
    if (previous.size !== perControl.size || [...perControl].some(([id, p]) => previous.get(id) !== p))
      this.problemsSignal.value = perControl;
  }
}
