import { networkInterfaces } from "node:os";
import { liveEditDevices, MeshClient, routeVerb } from "@carter/client";
import type { PairingPayload } from "@carter/kit";
import { isJsonObject, type RosterEntry } from "@carter/protocol";
import { startRelay, type RunningRelay } from "@carter/relay";
import { ToolError } from "./tool.js";

/** The editor's mesh name (session-protocol §5.1). */
export const EDITOR_NAME = "carter-mcp-editor";

export interface ConnectOptions {
  /** A relay or gateway `ws(s)://` URL; absent starts an embedded relay. */
  url?: string;
  token?: string;
  channel: string;
  role: string;
  name: string;
  /** Embedded relay only: port (0 = any free port) and bind address. */
  port: number;
  host: string;
  /** The host a phone dials, written into the pairing payload (default: a LAN address, else the bind host). */
  publicHost?: string;
}

/** One frame seen on the channel, kept for traffic probes, chat reads and scenario waits. */
export interface SeenFrame {
  at: number;
  type: string;
  payload: unknown;
}

const TRAFFIC_LIMIT = 2000;

function lanAddress(): string | null {
  for (const entries of Object.values(networkInterfaces()))
    for (const entry of entries ?? []) if (!entry.internal && entry.family === "IPv4") return entry.address;
  return null;
}

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The MCP server's link to a channel: an editor client (broadcast, route, monitor) on an embedded
 * relay or a given relay/gateway, the pairing payload for the device, and a ring of recent frames.
 */
export class McpSession {
  private relay: RunningRelay | null = null;
  private readonly listeners = new Set<(frame: SeenFrame) => void>();
  readonly traffic: SeenFrame[] = [];

  private constructor(
    readonly client: MeshClient,
    readonly options: ConnectOptions,
    readonly relayUrl: string,
    readonly pairing: PairingPayload,
  ) {}

  static async open(options: ConnectOptions): Promise<McpSession> {
    let relay: RunningRelay | null = null;
    let url = options.url;
    let pairingUrl = options.url;
    if (url === undefined) {
      relay = await startRelay({ port: options.port, host: options.host, logLevel: "warn" });
      const local = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
      url = `ws://${urlHost(local)}:${relay.port}`;
      const phoneHost = options.publicHost ?? (options.host === "0.0.0.0" ? (lanAddress() ?? local) : local);
      pairingUrl = `ws://${urlHost(phoneHost)}:${relay.port}`;
    }
    const client = new MeshClient({
      url,
      name: options.name,
      channel: options.channel,
      role: options.role,
      token: options.token,
      canBroadcast: true,
      canRoute: true,
      canMonitor: true,
      logger: { debug: () => {}, info: () => {} },
    });
    try {
      await withTimeout(
        client.connect(),
        10_000,
        `connect: the relay at ${url} did not admit us within 10 s`,
      );
    } catch (error) {
      await client.close();
      await relay?.close();
      throw error instanceof ToolError ? error : new ToolError(`connect: ${(error as Error).message}`);
    }
    const pairing: PairingPayload = { url: pairingUrl!, channel: options.channel, role: "viewer" };
    if (options.token !== undefined) pairing.token = options.token;
    const session = new McpSession(client, options, url, pairing);
    session.relay = relay;
    client.onFrame((frame) => session.record({ at: Date.now(), type: frame.type, payload: frame.payload }));
    return session;
  }

  get embedded(): boolean {
    return this.relay !== null;
  }

  private record(frame: SeenFrame): void {
    this.traffic.push(frame);
    if (this.traffic.length > TRAFFIC_LIMIT) this.traffic.splice(0, this.traffic.length - TRAFFIC_LIMIT);
    for (const listener of this.listeners) listener(frame);
  }

  /** Broadcasts `{msg_type, ...data}` and keeps it in the traffic ring (the relay never echoes it back). */
  broadcast(msgType: string, data: Record<string, unknown>): void {
    this.client.broadcast(msgType, data);
    this.record({ at: Date.now(), type: "broadcast", payload: { ...data, msg_type: msgType } });
  }

  /** Calls `listener` for every frame from now on; returns the unsubscribe. */
  onFrame(listener: (frame: SeenFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Broadcast payloads seen since `since` (ms epoch), oldest first. */
  broadcastsSince(since: number): { at: number; payload: Record<string, unknown> }[] {
    return this.traffic
      .filter((f) => f.type === "broadcast" && f.at >= since && isJsonObject(f.payload))
      .map((f) => ({ at: f.at, payload: f.payload as Record<string, unknown> }));
  }

  async roster(): Promise<RosterEntry[]> {
    return this.client.nodes({ timeout: 5000 });
  }

  /** Roster members that are devices: not us, not a hub, node or another editor. */
  async devices(): Promise<RosterEntry[]> {
    return liveEditDevices(await this.roster(), this.options.name);
  }

  /**
   * The device a routed verb goes to: the named one (which must be on the roster), else the only
   * device on the channel; `null` when none or several resolve.
   */
  async resolveDevice(name?: string): Promise<RosterEntry | null> {
    const devices = await this.devices();
    if (name !== undefined) {
      const found = devices.find((d) => d.name === name);
      if (!found)
        throw new ToolError(
          `device: no device named '${name}' on channel '${this.options.channel}' (devices: ${devices.map((d) => d.name).join(", ") || "none"})`,
        );
      return found;
    }
    return devices.length === 1 ? devices[0] : null;
  }

  /** The device for a verb that needs one; a clear error when none or several resolve. */
  async requireDevice(name?: string): Promise<RosterEntry> {
    const device = await this.resolveDevice(name);
    if (device) return device;
    const devices = await this.devices();
    throw new ToolError(
      devices.length === 0
        ? `no device on channel '${this.options.channel}': pair one (show_qr) or open_virtual_device, then wait_for_device`
        : `several devices on channel '${this.options.channel}' (${devices.map((d) => d.name).join(", ")}): pass device`,
    );
  }

  /**
   * Sends a live-edit verb to a device and returns its reply. A timeout means the device does not
   * answer that verb (an older app) or is gone; `{error}` replies become errors.
   */
  async verb(
    device: RosterEntry,
    verb: string,
    payload: unknown,
    timeoutMs = 8000,
  ): Promise<Record<string, unknown>> {
    try {
      return await routeVerb(this.client, device, verb, payload, timeoutMs);
    } catch (error) {
      throw new ToolError((error as Error).message);
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.client.close();
    await this.relay?.close();
    this.relay = null;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ToolError(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
