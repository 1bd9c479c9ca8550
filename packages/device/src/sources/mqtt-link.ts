import type { IClientOptions, MqttClient } from "mqtt";
import type { SourceDef } from "./bindings.js";
import { parseMqttPayload } from "./payload.js";
import type { SourceStatus } from "./status.js";

type MqttSource = Extract<SourceDef, { type: "mqtt" }>;

/** Reconnect backoff after a drop or a failed dial (the client retries on its own). */
const RECONNECT_MS = 3000;
const CONNECT_TIMEOUT_MS = 10_000;

/** Why a broker URL cannot be dialled from a browser, or `null` when it can. */
export function browserBrokerProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (parsed.protocol === "ws:" && globalThis.location?.protocol === "https:")
    return `${url}: an https page cannot open ws:// (mixed content); give the broker's wss:// listener`;
  if (parsed.protocol === "ws:" || parsed.protocol === "wss:") return null;
  if (parsed.protocol === "mqtt:" || parsed.protocol === "mqtts:" || parsed.protocol === "tcp:")
    return `${url}: a browser cannot open MQTT over TCP; give the source the broker's WebSocket listener (ws://host:port or wss://host:port)`;
  return `${url}: unsupported broker scheme ${parsed.protocol}`;
}

/**
 * One broker session over WebSocket (the `mqtt` package's browser build, loaded on demand):
 * subscribes the topics its bindings name at QoS 1 (inbound QoS 1 messages are acknowledged;
 * retained messages arrive on subscribe), publishes at QoS 0, reconnects with a fixed backoff and
 * reports every state change.
 */
export class MqttLink {
  private client: MqttClient | null = null;
  private closed = false;
  private readonly topics = new Set<string>();
  private state: SourceStatus["state"] = "connecting";
  private error: string | null = null;
  private everConnected = false;

  constructor(
    readonly source: MqttSource,
    private readonly onState: () => void,
    private readonly onMessage: (topic: string, value: unknown) => void,
  ) {
    const problem = browserBrokerProblem(source.url);
    if (problem) this.fail(problem);
    else void this.dial();
  }

  status(): SourceStatus {
    return {
      name: this.source.name,
      type: "mqtt",
      url: this.source.url,
      state: this.state,
      error: this.error,
    };
  }

  /** Subscribes topics not yet subscribed and drops the ones no binding uses any more. */
  setTopics(topics: ReadonlySet<string>): void {
    const added = [...topics].filter((t) => !this.topics.has(t));
    const removed = [...this.topics].filter((t) => !topics.has(t));
    this.topics.clear();
    for (const topic of topics) this.topics.add(topic);
    if (!this.client?.connected) return;
    if (added.length > 0) this.subscribe(added);
    if (removed.length > 0) this.client.unsubscribe(removed);
  }

  /** Publishes at QoS 0; rejects when the broker is not connected (never queued silently). */
  publish(topic: string, body: string, retain: boolean): Promise<void> {
    const client = this.client;
    if (!client?.connected)
      return Promise.reject(
        new Error(
          `mqtt source "${this.source.name}" is not connected${this.error ? ` (${this.error})` : ""}`,
        ),
      );
    return new Promise((resolve, reject) => {
      client.publish(topic, body, { qos: 0, retain }, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): void {
    this.closed = true;
    this.client?.end(true);
    this.client = null;
  }

  private async dial(): Promise<void> {
    let connect: typeof import("mqtt").connect;
    try {
      const mod = await import("mqtt");
      connect = mod.connect ?? mod.default.connect;
    } catch (error) {
      this.fail(`mqtt client failed to load: ${(error as Error).message}`);
      return;
    }
    if (this.closed) return;
    const options: IClientOptions = {
      clientId: this.source.clientId ?? `carter-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...(this.source.username !== undefined ? { username: this.source.username } : {}),
      ...(this.source.password !== undefined ? { password: this.source.password } : {}),
    };
    const client = connect(this.source.url, options);
    this.client = client;
    client.on("connect", () => {
      this.everConnected = true;
      this.set("connected", null);
      if (this.topics.size > 0) this.subscribe([...this.topics]);
    });
    client.on("message", (topic, message) => this.onMessage(topic, parseMqttPayload(message)));
    client.on("error", (error) => this.set("error", `${this.source.url}: ${error.message}`));
    client.on("close", () => {
      if (this.closed) return;
      if (this.state === "error" && this.error) return;
      this.set(
        "error",
        this.everConnected
          ? `${this.source.url}: connection lost, reconnecting`
          : `${this.source.url}: broker unreachable, retrying`,
      );
    });
  }

  private subscribe(topics: string[]): void {
    this.client?.subscribe(topics, { qos: 1 }, (error, granted) => {
      if (error) this.set("error", `subscribe ${topics.join(", ")}: ${error.message}`);
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0) this.set("error", `broker refused subscription to ${refused.join(", ")}`);
    });
  }

  private fail(message: string): void {
    this.set("error", message);
  }

  private set(state: SourceStatus["state"], error: string | null): void {
    if (this.state === state && this.error === error) return;
    this.state = state;
    this.error = error;
    this.onState();
  }
}
