import { MeshClient, RequestFailedError, type ClientState } from "@carter/client";
import type { RosterEntry } from "@carter/protocol";
import { RouteFailure, type Link, type LinkFrame, type LinkPhase, type LinkStatus } from "../engine/link.js";
import type { DeviceLinkOptions } from "../engine/pairing.js";

const PHASES: Record<ClientState, LinkPhase> = {
  idle: "idle",
  connecting: "connecting",
  awaiting: "awaiting",
  ready: "connected",
  parked: "parked",
  closed: "closed",
};

/** The device's `Link` over `@carter/client` (reconnects, keepalive and E2EE live there). */
export class MeshLink implements Link {
  readonly name: string;
  readonly channel: string;
  readonly role: string;
  private readonly client: MeshClient;
  private current: LinkStatus = { phase: "idle" };
  private attemptFailure: string | null = null;
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();

  constructor(options: DeviceLinkOptions) {
    const { hub: _hub, ...clientOptions } = options;
    this.client = new MeshClient({ ...clientOptions, logger: { debug: () => {}, info: () => {} } });
    this.name = options.name;
    this.channel = options.channel;
    this.role = options.role;
    this.client.events.on("state", (state) => {
      if (state === "ready") this.attemptFailure = null;
      this.update({ phase: PHASES[state] });
    });
    // An attempt that never got a `welcome` (refused, closed, unreachable) reads `failed` with the
    // relay's reason until the next one; only the loss of an admitted link reads `reconnecting`.
    this.client.events.on("reconnecting", ({ delayMs }) => {
      const retry = `retrying in ${Math.round(delayMs / 1000)} s`;
      const failure = this.attemptFailure;
      this.attemptFailure = null;
      this.update(
        failure === null
          ? { phase: "reconnecting", detail: retry }
          : { phase: "failed", detail: `${failure}; ${retry}` },
      );
    });
    this.client.events.on("parked", () =>
      this.update({ phase: "parked", detail: "not admitted by the gateway" }),
    );
    this.client.events.on("error", (error) => {
      if (this.current.phase === "connected") return;
      this.attemptFailure = error.message;
      this.update({ phase: this.current.phase, detail: error.message });
    });
  }

  /** Starts connecting; failures surface as status, never as a rejection. */
  start(): void {
    this.client.connect().catch((error: Error) => this.update({ phase: "failed", detail: error.message }));
  }

  status(): LinkStatus {
    return this.current;
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onFrame(listener: (frame: LinkFrame) => void): () => void {
    return this.client.onFrame((frame) => {
      if (frame.reply_to === null) listener(frame);
    });
  }

  handle(type: string, handler: (payload: unknown) => unknown): void {
    this.client.on(type, (payload) => handler(payload));
  }

  send(type: string, payload: unknown): void {
    this.client.send(type, payload);
  }

  request(type: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    return this.client.request(type, payload, { timeout: timeoutMs });
  }

  async route(name: string, type: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    try {
      return await this.client.route({ name }, type, payload, { timeout: timeoutMs });
    } catch (error) {
      throw error instanceof RequestFailedError ? new RouteFailure(error.error, name) : error;
    }
  }

  nodes(): Promise<RosterEntry[]> {
    return this.client.nodes();
  }

  close(): void {
    void this.client.close();
  }

  private update(status: LinkStatus): void {
    if (status.phase === this.current.phase && status.detail === this.current.detail) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
