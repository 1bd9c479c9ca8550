import { batch, signal } from "@preact/signals";
import { isFailedReply, RelayError } from "@carter/protocol";
import { DeviceEngine, type EngineOptions, type Outbound } from "../engine/engine.js";
import { namedHub, pickHub } from "../engine/hub.js";
import { isObject } from "../engine/json.js";
import { layoutProblem, type LayoutDoc } from "../engine/layout.js";
import { RouteFailure, type Link, type LinkStatus } from "../engine/link.js";
import { linkOptions, type DeviceLinkOptions } from "../engine/pairing.js";
import { StudioMirror } from "../live/mirror.js";
import { accountFromToken } from "../engine/account.js";
import { ControlEdits } from "../live/control-edit.js";
import { guardResponders, LIVE_BROADCASTS } from "../live/guard.js";
import { highlightControl } from "../live/highlight.js";
import { SourceRuntime } from "../sources/runtime.js";
import { Provisioning } from "../live/provisioning.js";
import { liveResponders, type LiveSession } from "../live/responders.js";
import { browserStorage, SavedLayouts, type KeyValueStorage } from "../live/saved-layouts.js";
import { TrafficTap } from "../live/traffic.js";
import { MeshLink } from "./mesh-link.js";
import { NotificationCenter } from "./notifications.js";

export type LinkFactory = (options: DeviceLinkOptions) => Link & { start(): void };

export interface ControllerOptions extends EngineOptions {
  /** Mesh name when the source gives none (pairing payloads never do). */
  fallbackName: string;
  createLink?: LinkFactory;
  /** Where saved layouts live. Default: `localStorage`. */
  storage?: KeyValueStorage | null;
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
  /** Glance view (layout.md §11.5) chosen by the user: `null` follows the window size. */
  readonly glance = signal<boolean | null>(null);
  /** Where the current layout came from (a URL, a file name, `paste`, `apply-layout`…). */
  readonly source = signal<string | null>(null);
  link: (Link & { start(): void }) | null = null;
  /** Layouts saved on this device (live-edit `save-layout`, `layout-save`), listed in the loader. */
  readonly saved: SavedLayouts;
  /** The control-edit handoff: the configurator's control and the one sent back. */
  readonly edits = new ControlEdits();
  /** Provisioning through the device: the approval sheet's request and the minted credentials. */
  readonly provisioning = new Provisioning(
    () =>
      this.dialed && {
        url: this.dialed.url,
        channel: this.dialed.channel,
        token: this.dialed.token,
        key: this.dialed.e2ee?.key,
      },
  );
  /** Notifications from the hub or gateway, and the taps that go back as `notif_action`. */
  readonly notifications: NotificationCenter;
  /** MQTT/HTTP sources, sensors and publishers of the current layout (`sources.currentStatus()`). */
  readonly sources: SourceRuntime;

  private linkKey: string | null = null;
  private dialed: DeviceLinkOptions | null = null;
  private mirror: StudioMirror | null = null;
  private readonly createLink: LinkFactory;
  private readonly fallbackName: string;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly traffic: TrafficTap;

  constructor(options: ControllerOptions) {
    this.engine = new DeviceEngine(options);
    this.notifications = new NotificationCenter(
      (payload) => {
        const link = this.link;
        if (!link || link.status().phase !== "connected") return false;
        link.send("broadcast_request", payload);
        return true;
      },
      () => this.link?.channel ?? null,
    );
    this.saved = new SavedLayouts(options.storage === undefined ? browserStorage() : options.storage);
    this.traffic = new TrafficTap(
      (payload) => {
        if (this.link) this.broadcastQuietly(this.link, payload);
      },
      (id) => this.engine.control(id),
    );
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

  /**
   * Ends the live-edit session: says `bye` to the studio, closes its link and stops answering
   * the editor. What the editor pushed stays on screen; a `connection` block in it dials now, as
   * for any loaded layout.
   */
  endSession(): void {
    if (!this.liveEdit.value) return;
    this.stopTraffic();
    this.edits.clear();
    this.provisioning.clear();
    this.mirror?.bye();
    this.mirror?.dispose();
    this.mirror = null;
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.link?.close();
    this.link = null;
    this.linkKey = null;
    this.dialed = null;
    this.engine.attach(null);
    this.engine.setConnected(false);
    this.liveEdit.value = false;
    this.status.value = { phase: "idle" };
    const layout = this.engine.layout.value;
    if (layout) this.loadLayout(layout, this.source.value ?? "live-edit");
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
    this.notifications.dispose();
    this.stopTraffic();
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
    this.stopTraffic();
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
          typeof frame.payload.msg_type === "string" &&
          LIVE_BROADCASTS.has(frame.payload.msg_type)
        ) {
          // Outside a live-edit session no channel member may change what this device shows.
          if (this.liveEdit.value) this.liveBroadcast(frame.payload.msg_type, frame.payload);
          return;
        }
        if (frame.type === "broadcast") this.notifications.receive(frame.payload);
        this.engine.receive(frame.type, frame.payload);
      }),
    );
    const responders = guardResponders(liveResponders(this.session()), () => this.liveEdit.value);
    for (const [verb, responder] of Object.entries(responders)) link.handle(verb, responder);
    this.engine.attach(this.outbound(link, options.hub));
    this.status.value = link.status();
    link.start();
  }

  private stopTraffic(): void {
    this.traffic.stop();
    this.engine.setSyncTap(null);
  }

  private liveBroadcast(msgType: string, payload: Record<string, unknown>): void {
    const { msg_type: _ignored, ...rest } = payload;
    if (msgType === "layout-update") this.loadLayout(rest, "layout-update", true);
    else if (msgType === "layout-save") {
      const saved = this.saved.save(rest);
      if ("error" in saved) this.error.value = `layout-save: ${saved.error}`;
    } else if (msgType === "control-edit-request") {
      const problem = this.edits.request(payload);
      if (problem) this.error.value = problem;
    }
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
      // One link in a session: pushed layouts ride the studio link, so both reports describe it.
      link: () => ({
        phase: this.status.value.phase,
        channel: this.link?.channel ?? null,
        role: this.link?.role ?? null,
        account: accountFromToken(this.dialed?.token),
      }),
      studio: () =>
        this.liveEdit.value ? { phase: this.status.value.phase, channel: this.link?.channel ?? null } : null,
      saved: this.saved,
      edits: this.edits,
      provisioning: this.provisioning,
      watchTraffic: (request) => {
        const result = this.traffic.configure(request);
        this.engine.setSyncTap(
          this.traffic.watching
            ? (control, value, type, payload) => this.traffic.observe(control, value, type, payload)
            : null,
        );
        return result;
      },
      watchingTraffic: () => this.traffic.watching,
      sources: () => this.sources.currentStatus(),
      highlight: (id) => {
        const tab = this.engine.summary()?.tabs.findIndex((t) => t.controls.some((c) => c.id === id)) ?? -1;
        if (tab < 0) return false;
        this.selectTab(tab);
        highlightControl(id);
        return true;
      },
    };
  }
}
