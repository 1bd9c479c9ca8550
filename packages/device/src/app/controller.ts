import { batch, signal } from "@preact/signals";
import { isFailedReply, RelayError } from "@carter/protocol";
import { DeviceEngine, type EngineOptions, type Outbound } from "../engine/engine.js";
import { namedHub, pickHub } from "../engine/hub.js";
import { isObject } from "../engine/json.js";
import { layoutProblem, type LayoutDoc } from "../engine/layout.js";
import { RouteFailure, type Link, type LinkStatus } from "../engine/link.js";
import { linkOptions, type DeviceLinkOptions } from "../engine/pairing.js";
import { StudioMirror } from "../live/mirror.js";
import { SourceRuntime } from "../sources/runtime.js";
import { liveResponders, type LiveSession } from "../live/responders.js";
import { MeshLink } from "./mesh-link.js";

export type LinkFactory = (options: DeviceLinkOptions) => Link & { start(): void };

export interface ControllerOptions extends EngineOptions {
  /** Mesh name when the source gives none (pairing payloads never do). */
  fallbackName: string;
  createLink?: LinkFactory;
}

export type LoadResult = { ok: true } | { ok: false; error: string };

/**
 * The running device: one engine, at most one link, and where the layout came from. Loading
 * layouts, pairing, the live-edit responders and the Studio Mirror meet here; the UI only reads
 * its signals and calls its methods.
 */
export class DeviceController {
  readonly engine: DeviceEngine;
  readonly status = signal<LinkStatus>({ phase: "idle" });
  readonly error = signal<string | null>(null);
  readonly liveEdit = signal(false);
  readonly activeTab = signal(0);
  /** Where the current layout came from (a URL, a file name, `paste`, `apply-layout`…). */
  readonly source = signal<string | null>(null);
  link: (Link & { start(): void }) | null = null;
  /** MQTT/HTTP sources, sensors and publishers of the current layout (`sources.currentStatus()`). */
  readonly sources: SourceRuntime;

  private linkKey: string | null = null;
  private dialed: DeviceLinkOptions | null = null;
  private mirror: StudioMirror | null = null;
  private readonly createLink: LinkFactory;
  private readonly fallbackName: string;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(options: ControllerOptions) {
    this.engine = new DeviceEngine(options);
    this.fallbackName = options.fallbackName;
    this.createLink = options.createLink ?? ((o) => new MeshLink(o));
    this.engine.listen({ error: (message) => console.warn(`carter device: ${message}`) });
    this.sources = new SourceRuntime(this.engine, {
      send: (type, payload) => {
        if (!this.link) throw new Error("not connected");
        this.link.send(type, payload);
      },
      name: () => this.link?.name ?? null,
      channel: () => this.link?.channel ?? null,
      connected: () => this.status.value.phase === "connected",
      sessionOnly: () => this.liveEdit.peek(),
    });
  }

  /**
   * Validates and renders a layout. A layout loaded outside a live-edit session dials its
   * `connection` block; pushed layouts (`fromPeer`) never re-dial the link they arrived on.
   */
  loadLayout(doc: unknown, source: string, fromPeer = false): LoadResult {
    const problem = layoutProblem(doc);
    if (problem) {
      this.error.value = `${source}: ${problem}`;
      return { ok: false, error: problem };
    }
    const layout = doc as LayoutDoc;
    let dial: DeviceLinkOptions | undefined;
    if (!fromPeer && !this.liveEdit.value && layout.connection !== undefined) {
      try {
        dial = linkOptions(layout.connection, "layout", this.fallbackName);
      } catch (error) {
        const message = `connection: ${(error as Error).message}`;
        this.error.value = `${source}: ${message}`;
        return { ok: false, error: message };
      }
    }
    batch(() => {
      this.error.value = null;
      this.source.value = source;
      this.activeTab.value = 0;
      this.engine.load(layout);
    });
    if (dial) this.connect(dial);
    this.mirror?.layout();
    return { ok: true };
  }

  /** Starts a live-edit session from a pairing payload; the layout arrives from the editor. */
  pair(payload: unknown): LoadResult {
    try {
      const options = linkOptions(payload, "pairing", this.fallbackName);
      this.liveEdit.value = true;
      this.connect(options);
      return { ok: true };
    } catch (error) {
      this.error.value = `pairing: ${(error as Error).message}`;
      return { ok: false, error: (error as Error).message };
    }
  }

  selectTab(index: number): void {
    if (index === this.activeTab.value || index < 0 || index >= this.engine.tabs.value.length) return;
    this.activeTab.value = index;
    this.mirror?.tab();
  }

  /** Drops the current socket (failed or parked) and dials the same relay again at once. */
  retry(): void {
    if (this.dialed === null) return;
    this.linkKey = null;
    this.connect(this.dialed);
  }

  setForeground(foreground: boolean): void {
    this.engine.setForeground(foreground);
  }

  close(): void {
    this.mirror?.bye();
    this.mirror?.dispose();
    this.mirror = null;
    this.link?.close();
    this.link = null;
    this.dialed = null;
    this.engine.attach(null);
    this.sources.dispose();
    this.engine.dispose();
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private connect(options: DeviceLinkOptions): void {
    const key = JSON.stringify(options);
    if (this.link && key === this.linkKey) return;
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.mirror?.dispose();
    this.mirror = null;
    this.link?.close();
    const link = this.createLink(options);
    this.link = link;
    this.linkKey = key;
    this.dialed = options;
    if (this.liveEdit.value) {
      this.mirror = new StudioMirror(
        this.engine,
        (payload) => this.broadcastQuietly(link, payload),
        () => link.name,
        () => this.currentTab(),
      );
    }
    this.unsubscribe.push(
      link.onStatus((status) => {
        this.status.value = status;
        const connected = status.phase === "connected";
        this.engine.setConnected(connected);
        if (connected) {
          this.mirror?.hello();
          if (this.engine.layout.value) this.mirror?.layout();
        }
      }),
      link.onFrame((frame) => {
        if (
          frame.type === "broadcast" &&
          isObject(frame.payload) &&
          frame.payload.msg_type === "layout-update"
        ) {
          const { msg_type: _ignored, ...layout } = frame.payload;
          this.loadLayout(layout, "layout-update", true);
          return;
        }
        this.engine.receive(frame.type, frame.payload);
      }),
    );
    for (const [verb, responder] of Object.entries(liveResponders(this.session())))
      link.handle(verb, responder);
    this.engine.attach(this.outbound(link, options.hub));
    this.status.value = link.status();
    link.start();
  }

  private currentTab(): { title: string; index: number } | null {
    const index = this.activeTab.value;
    const tab = this.engine.tabs.value[index];
    return tab ? { title: tab.title, index } : null;
  }

  private broadcastQuietly(link: Link, payload: Record<string, unknown>): void {
    if (link.status().phase !== "connected") return;
    try {
      link.send("broadcast_request", payload);
    } catch (error) {
      console.warn(`carter device: studio.event not sent: ${(error as Error).message}`);
    }
  }

  private outbound(link: Link, dialedHub: string | undefined): Outbound {
    const engine = this.engine;
    return {
      name: link.name,
      role: link.role,
      send: (type, payload) => link.send(type, payload),
      request: (type, payload, timeoutMs) => link.request(type, payload, timeoutMs),
      async requestHub(type, payload, timeoutMs) {
        const named = namedHub(engine.layout.value, dialedHub);
        if (named) {
          try {
            return await link.route(named.name, type, payload, timeoutMs);
          } catch (error) {
            // `state.authority` may name a role rather than a member: only then can the roster help.
            const missing = error instanceof RouteFailure && error.error === RelayError.TARGET_NOT_FOUND;
            if (named.from === "hub" || !missing) throw error;
          }
        }
        const hub = pickHub(engine.layout.value, await link.nodes());
        if (!hub)
          throw new Error(
            "no hub in the roster (name one in connection.hub; finding one without a name needs can_monitor)",
          );
        const reply = await link.request("route_msg", { target_id: hub.id, type, payload }, timeoutMs);
        if (isFailedReply(reply)) throw new Error(reply.error);
        return reply;
      },
    };
  }

  private session(): LiveSession {
    return {
      engine: this.engine,
      isLiveEditSession: () => this.liveEdit.value,
      activeFile: () => this.source.value,
      apply: (layout, source) => {
        const result = this.loadLayout(layout, source, true);
        return result.ok ? { ok: true, rendered: this.engine.summary()! } : result;
      },
      link: () => ({
        phase: this.status.value.phase,
        channel: this.link?.channel ?? null,
        role: this.link?.role ?? null,
      }),
    };
  }
}
