import { batch, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import { newId } from "@carter/protocol";
import type { ActionTokens, ControlDef, GroupDef } from "../controls/types.js";
import { resolveCarrier } from "./carriers.js";
import { isObject, jsonEqual, type JsonObject } from "./json.js";
import { declaredChildren, glanceControls, walkChildren, type LayoutDoc, type TabDef } from "./layout.js";
import { compilePollGroups, PollRunner } from "./poll.js";
import { initialValue, receive, SKIP } from "./receivers.js";
import { FrameBudget, type FlushPacer } from "./frame-budget.js";
import { animationFrameScheduler, ValueStore, type FrameScheduler } from "./store.js";
import { substitute } from "./substitute.js";
import { BindingIndex, compileBindings } from "./sync.js";

/** How the engine talks to the mesh; the app wires it to the relay client. */
export interface Outbound {
  /** This device's mesh name: `from` of sync requests, `_from` of acked commands, `to` of replies. */
  readonly name: string;
  /** This device's mesh role (`sender.role` of chat messages). */
  readonly role?: string;
  send(type: string, payload: unknown): void;
  /** Resolves with the reply payload, `null` on timeout. */
  request(type: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** A routed request to the layout's hub; resolves with the reply payload, rejects on failure. */
  requestHub(type: string, payload: unknown, timeoutMs: number): Promise<unknown>;
}

/** What the engine tells the rest of the device (Studio Mirror, status line). */
export interface EngineListener {
  /** The user changed a control's value. */
  userValue?(controlId: string, value: unknown): void;
  /** An action left the device (or failed to). */
  action?(controlId: string, controlType: string, event: string, payload: unknown): void;
  /** A new layout or new server-driven content was indexed. */
  layoutChanged?(): void;
  error?(message: string): void;
}

/** Sees every sync value a frame delivers, before the receivers (the live-edit traffic tap). */
export type SyncTap = (controlId: string, value: unknown, type: string, payload: unknown) => void;

/**
 * Runs `method: "mqtt"` and `"http"` actions (the device's sources, layout.md §8.3); `payload` is
 * substituted, `undefined` when the action has none. Rejects with a message naming the failure.
 */
export type ExternalActions = (controlId: string, action: JsonObject, payload: unknown) => Promise<void>;

export interface EngineOptions {
  schedule?: FrameScheduler;
  /** Caps the controls one flush applies. Default: a `FrameBudget` with the animation-frame scheduler, else none. */
  pacer?: FlushPacer;
  now?: () => number;
  /** Reply wait for `mode: "request"` actions and hub requests. */
  requestTimeoutMs?: number;
}

/** A layout summary as live-edit verbs report it (session-protocol §5.2). */
export interface LayoutSummary {
  name: string;
  accentColor: string | null;
  tabs: {
    title: string;
    icon: string | null;
    controls: { id: string; type: string; position: unknown; span: unknown }[];
  }[];
}

interface PendingCommand {
  cmd: string;
  timer: ReturnType<typeof setTimeout>;
}

const DEFAULT_ACK_TIMEOUT_MS = 2000;
/** Broadcast `msg_type`s (channel chat) and `event`s (companion chat) the chat controls receive. */
const CHAT_FRAMES: ReadonlySet<string> = new Set(["chat_message", "chat_clear", "chat_response"]);

/**
 * The device's data engine: no DOM, no sockets. It indexes a layout, turns inbound frames into
 * normalized control values (layout.md §7, session-protocol §4), fires actions (§8), and runs the
 * `state` protocol (sync requests, snapshots, acked commands), dynamic groups and tabs and poll
 * groups.
 */
export class DeviceEngine {
  readonly layout: Signal<LayoutDoc | null> = signal(null);
  readonly tabs: Signal<TabDef[]> = signal([]);
  readonly values: ValueStore;

  private out: Outbound | null = null;
  private connected = false;
  private readonly listeners = new Set<EngineListener>();
  private syncTap: SyncTap | null = null;
  private readonly frameWatchers = new Set<(type: string, payload: unknown) => void>();
  private readonly now: () => number;
  private readonly requestTimeoutMs: number;

  private controls = new Map<string, ControlDef>();
  private bindings = new BindingIndex();
  private dynamicGroups = new Map<string, GroupDef[]>();
  private readonly liveChildren = new Map<string, Signal<readonly unknown[]>>();
  private dynamicTabEvents = new Set<string>();
  /** Chat controls get the chat frames (session-protocol §4.8) without a sync binding. */
  private chatControls: string[] = [];

  private readonly synced = new Map<string, unknown>();
  private readonly pendingCommands = new Map<string, PendingCommand>();
  private readonly pendingSignals = new Map<string, Signal<boolean>>();
  private readonly polls: PollRunner;
  private externalActions: ExternalActions | null = null;

  constructor(options: EngineOptions = {}) {
    this.values = options.schedule
      ? new ValueStore(options.schedule, options.pacer)
      : new ValueStore(animationFrameScheduler, options.pacer ?? new FrameBudget());
    this.now = options.now ?? Date.now;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.polls = new PollRunner((group) => this.sendSafely(group.event, group.payload));
  }

  listen(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Attaches (or detaches, with `null`) the mesh link. */
  attach(out: Outbound | null): void {
    this.out = out;
    if (!out) this.setConnected(false);
  }

  get deviceName(): string | null {
    return this.out?.name ?? null;
  }

  /** Installs the runner of mqtt/http actions (without one they are reported unsupported). */
  setExternalActions(run: ExternalActions | null): void {
    this.externalActions = run;
  }

  /** Replaces the layout: values restart from `defaultValue`, server content is dropped. */
  load(layout: LayoutDoc | null): void {
    for (const pending of this.pendingCommands.values()) clearTimeout(pending.timer);
    this.pendingCommands.clear();
    this.synced.clear();
    this.liveChildren.clear();
    this.controls = new Map();
    batch(() => {
      for (const s of this.pendingSignals.values()) s.value = false;
      this.values.clear();
      this.layout.value = layout;
      this.tabs.value = layout ? layout.tabs.map((tab) => ({ ...tab, children: tab.children ?? [] })) : [];
      this.reindex();
    });
    this.polls.setGroups(compilePollGroups(layout?.pollGroups));
    if (this.connected) this.requestSync();
  }

  /** Call on every admission to the mesh (first connect and each reconnect), and on loss. */
  setConnected(connected: boolean): void {
    const was = this.connected;
    this.connected = connected;
    this.polls.setConnected(connected);
    if (connected && !was) this.requestSync();
  }

  /** The page became visible or hidden (poll groups pause while hidden). */
  setForeground(foreground: boolean): void {
    this.polls.setForeground(foreground);
  }

  dispose(): void {
    this.polls.stop();
    for (const pending of this.pendingCommands.values()) clearTimeout(pending.timer);
    this.pendingCommands.clear();
  }

  // ---- inbound -------------------------------------------------------------------------------

  /** One inbound frame (already decrypted). The hot path: runs for every frame. */
  receive(type: string, payload: unknown): void {
    if (this.frameWatchers.size > 0) for (const watch of this.frameWatchers) watch(type, payload);
    if (type === "broadcast" && isObject(payload)) {
      const msgType = payload.msg_type;
      if (msgType === "command_ack") this.onAck(payload);
      else if (msgType === "control_snapshot") this.onSnapshot(payload);
      const slot =
        typeof msgType === "string" ? msgType : typeof payload.event === "string" ? payload.event : undefined;
      if (slot !== undefined) {
        if (this.dynamicGroups.has(slot)) this.fillDynamicGroups(slot, payload);
        if (this.dynamicTabEvents.has(slot)) this.injectTab(payload);
      }
      if (
        this.chatControls.length > 0 &&
        (CHAT_FRAMES.has(msgType as string) || CHAT_FRAMES.has(payload.event as string))
      )
        for (const id of this.chatControls) this.deliver(id, payload);
    }
    for (const delivery of this.bindings.match(type, payload)) {
      this.syncTap?.(delivery.controlId, delivery.value, type, payload);
      this.deliver(delivery.controlId, delivery.value);
    }
  }

  /** Sees every inbound frame (decorations such as a group's pulse); returns the unsubscribe. */
  watchFrames(watch: (type: string, payload: unknown) => void): () => void {
    this.frameWatchers.add(watch);
    return () => this.frameWatchers.delete(watch);
  }

  /** Installs (or removes, with `null`) the one sync tap. */
  setSyncTap(tap: SyncTap | null): void {
    this.syncTap = tap;
  }

  /** Routes a value to a control like server data; false when the control or shape does not fit. */
  deliver(controlId: string, raw: unknown): boolean {
    const def = this.controls.get(controlId);
    if (!def) return false;
    if (this.pendingCommands.has(controlId)) {
      const held = receive(def, raw, this.synced.get(controlId), this.now());
      if (held === SKIP) return false;
      this.synced.set(controlId, held);
      return true;
    }
    const value = receive(def, raw, this.values.get(controlId), this.now());
    if (value === SKIP) return false;
    this.synced.set(controlId, value);
    this.values.set(controlId, value);
    return true;
  }

  /** Applies `{id: value}` as server data (editor `set-control-state`). */
  setControlState(values: unknown): { applied: string[]; skipped: string[] } {
    const applied: string[] = [];
    const skipped: string[] = [];
    if (isObject(values)) {
      for (const [id, value] of Object.entries(values))
        (this.deliver(id, value) ? applied : skipped).push(id);
    }
    return { applied, skipped };
  }

  private onSnapshot(payload: JsonObject): void {
    const name = this.out?.name;
    if (name === undefined || payload.to !== name || !isObject(payload.controls)) return;
    for (const [id, value] of Object.entries(payload.controls)) this.deliver(id, value);
  }

  private onAck(payload: JsonObject): void {
    const name = this.out?.name;
    if (payload.to !== undefined && payload.to !== name) return;
    for (const [controlId, pending] of this.pendingCommands) {
      if (pending.cmd !== payload.cmd_id) continue;
      this.settle(controlId, payload.ok === true);
      return;
    }
  }

  // ---- controls ------------------------------------------------------------------------------

  control(id: string): ControlDef | undefined {
    return this.controls.get(id);
  }

  valueSignal(id: string): ReadonlySignal<unknown> {
    return this.values.signal(id);
  }

  pendingSignal(id: string): ReadonlySignal<boolean> {
    let s = this.pendingSignals.get(id);
    if (!s) this.pendingSignals.set(id, (s = signal(this.pendingCommands.has(id))));
    return s;
  }

  /** Current values of every control (or of `ids`), for read-back and tests. */
  snapshot(ids?: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const id of ids ?? this.controls.keys()) {
      if (this.controls.has(id) && this.values.get(id) !== undefined) out[id] = this.values.get(id);
    }
    return out;
  }

  /** The user set a value; fires the control's `action` unless `fire` is false. */
  commit(id: string, value: unknown, options: { fire?: boolean } = {}): void {
    const def = this.controls.get(id);
    if (!def) return;
    this.values.setNow(id, value);
    for (const l of this.listeners) l.userValue?.(id, value);
    if (options.fire !== false) void this.fire(id, "action", { value });
  }

  /**
   * Fires one action carrier of a control. Resolves with the reply payload for `mode: "request"`
   * (`null` on timeout), else `undefined`; never rejects (failures go to listeners).
   */
  fire(id: string, carrier: string, tokens: ActionTokens): Promise<unknown> {
    const def = this.controls.get(id);
    const action = def ? resolveCarrier(def, carrier) : undefined;
    if (!action) return Promise.resolve(undefined);
    return this.fireAction(id, action, tokens, carrier);
  }

  /**
   * Fires an inline action on behalf of a control (e.g. a graph node's `onTap: {type:"action"}`),
   * with the same substitution, acks and modes as the control's own carriers.
   */
  async fireAction(
    id: string,
    action: JsonObject,
    tokens: ActionTokens,
    carrier = "action",
  ): Promise<unknown> {
    const def = this.controls.get(id);
    if (!def) return undefined;
    const method = action.method ?? "meshsocket";
    if ((method === "mqtt" || method === "http") && this.externalActions) {
      const filledTokens = "value" in tokens ? tokens : { ...tokens, value: this.values.get(id) ?? null };
      const payload = action.payload === undefined ? undefined : substitute(action.payload, filledTokens);
      for (const l of this.listeners) l.action?.(id, def.type, method, payload ?? null);
      try {
        await this.externalActions(id, action, payload);
      } catch (error) {
        this.emitError(`${id}: ${(error as Error).message}`);
      }
      return undefined;
    }
    if (method !== "meshsocket") {
      this.emitError(`${id}: ${String(method)} actions are not supported by the browser device`);
      return undefined;
    }
    if (typeof action.event !== "string" || action.event === "") {
      this.emitError(`${id}: ${carrier}.event is missing`);
      return undefined;
    }
    const filled: ActionTokens =
      "value" in tokens ? tokens : { ...tokens, value: this.values.get(id) ?? null };
    let payload = substitute(action.payload ?? null, filled);
    const acked = this.layout.value?.state?.acks === true && isObject(payload) && this.out !== null;
    if (acked) {
      const cmd = newId();
      payload = { ...(payload as JsonObject), _cmd: cmd, _from: this.out!.name };
      this.await(id, cmd);
    }
    for (const l of this.listeners) l.action?.(id, def.type, action.event, payload);
    if (action.mode === "request") {
      if (!this.out) {
        this.emitError(`${id}: not connected`);
        return null;
      }
      try {
        return await this.out.request(action.event, payload, this.requestTimeoutMs);
      } catch (error) {
        this.emitError(`${id}: ${(error as Error).message}`);
        return null;
      }
    }
    this.sendSafely(action.event, payload);
    return undefined;
  }

  /**
   * Sends a frame on behalf of a control exactly as given, with no token substitution (chat
   * messages carry user text that may contain `{{…}}`).
   */
  sendFrame(id: string, type: string, payload: unknown): void {
    const def = this.controls.get(id);
    if (!def) return;
    for (const l of this.listeners) l.action?.(id, def.type, type, payload);
    this.sendSafely(type, payload);
  }

  /** This device's mesh name and role while a link is attached. */
  identity(): { name: string; role: string } | null {
    return this.out ? { name: this.out.name, role: this.out.role ?? "controller" } : null;
  }

  /** A routed request to the layout's hub (graph content taps); rejects on timeout or failure. */
  request(type: string, payload: unknown): Promise<unknown> {
    if (!this.out) return Promise.reject(new Error("not connected"));
    return this.out.requestHub(type, payload, this.requestTimeoutMs);
  }

  private await(id: string, cmd: string): void {
    const previous = this.pendingCommands.get(id);
    if (previous) clearTimeout(previous.timer);
    const timeout = this.layout.value?.state?.ackTimeoutMs;
    const ms = typeof timeout === "number" && timeout > 0 ? timeout : DEFAULT_ACK_TIMEOUT_MS;
    const timer = setTimeout(() => {
      if (this.pendingCommands.get(id)?.cmd === cmd) this.settle(id, false);
    }, ms);
    this.pendingCommands.set(id, { cmd, timer });
    this.pendingSignal(id);
    this.pendingSignals.get(id)!.value = true;
  }

  /** Ends a command's wait: success adopts the optimistic value, failure snaps back. */
  private settle(id: string, ok: boolean): void {
    const pending = this.pendingCommands.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingCommands.delete(id);
    batch(() => {
      if (ok) {
        this.synced.set(id, this.values.get(id));
      } else {
        const truth = this.synced.get(id);
        if (!jsonEqual(truth, this.values.get(id))) this.values.setNow(id, truth);
      }
      this.pendingSignals.get(id)!.value = false;
    });
  }

  // ---- state protocol ------------------------------------------------------------------------

  /** The events of the layout's dynamic slots (groups and tabs), as `control_sync_request` lists them. */
  dynamicEvents(): string[] {
    return [...new Set([...this.dynamicGroups.keys(), ...this.dynamicTabEvents])];
  }

  /** Frame types the layout's bindings listen to (for `get-connection-status`). */
  listening(): string[] {
    return this.bindings.events();
  }

  private requestSync(): void {
    const layout = this.layout.value;
    if (!layout || !this.out) return;
    const dynamic = this.dynamicEvents();
    if (layout.state?.sync !== true && dynamic.length === 0) return;
    this.sendSafely("broadcast_request", { msg_type: "control_sync_request", from: this.out.name, dynamic });
  }

  private sendSafely(type: string, payload: unknown): void {
    if (!this.out) return;
    try {
      this.out.send(type, payload);
    } catch (error) {
      this.emitError(`${type}: ${(error as Error).message}`);
    }
  }

  private emitError(message: string): void {
    for (const l of this.listeners) l.error?.(message);
  }

  // ---- server-driven content -----------------------------------------------------------------

  /** The children a group renders: live ones for a dynamic group once the server filled it. */
  childrenOf(group: GroupDef): readonly unknown[] {
    if (typeof group.dynamic === "string" && typeof group.id === "string") {
      const live = this.liveChildren.get(group.id);
      if (live) return live.value;
    }
    return declaredChildren(group);
  }

  private fillDynamicGroups(event: string, payload: JsonObject): void {
    const children = Array.isArray(payload.children) ? payload.children : [];
    let changed = false;
    for (const group of this.dynamicGroups.get(event) ?? []) {
      const id = group.id as string;
      const live = this.liveChildren.get(id)!;
      if (jsonEqual(live.value, children)) continue;
      live.value = children;
      changed = true;
    }
    if (changed) this.reindexAndNotify();
  }

  private injectTab(payload: JsonObject): void {
    const { msg_type: _msgType, tab: nested, ...flat } = payload;
    const source = isObject(nested) ? nested : flat;
    if (typeof source.title !== "string") {
      this.emitError(`dynamic tab: ${isObject(nested) ? "tab.title" : "title"} must be a string`);
      return;
    }
    const tab: TabDef = {
      ...source,
      title: source.title,
      children: Array.isArray(source.children) ? source.children : [],
    };
    const tabs = this.tabs.value;
    const at = tabs.findIndex((t) => t.title === tab.title);
    if (at >= 0 && jsonEqual(tabs[at], tab)) return;
    this.tabs.value = at >= 0 ? tabs.map((t, i) => (i === at ? tab : t)) : [...tabs, tab];
    this.reindexAndNotify();
  }

  private reindexAndNotify(): void {
    batch(() => this.reindex());
    for (const l of this.listeners) l.layoutChanged?.();
  }

  /**
   * Rebuilds the control, binding and dynamic-slot indexes from the current tabs and live
   * children. Surviving ids keep their values; new ids start from `defaultValue`; gone ids drop.
   */
  private reindex(): void {
    const controls = new Map<string, ControlDef>();
    const bindings = new BindingIndex();
    const dynamicGroups = new Map<string, GroupDef[]>();
    const chatControls: string[] = [];
    const visit = {
      control: (def: ControlDef) => {
        if (controls.has(def.id)) return;
        controls.set(def.id, def);
        if (def.type === "chat") chatControls.push(def.id);
        for (const binding of compileBindings(def.id, def.sync)) bindings.add(binding);
      },
      group: (group: GroupDef) => {
        if (typeof group.dynamic !== "string" || typeof group.id !== "string") return;
        if (!this.liveChildren.has(group.id))
          this.liveChildren.set(group.id, signal(declaredChildren(group)));
        const list = dynamicGroups.get(group.dynamic);
        if (list) list.push(group);
        else dynamicGroups.set(group.dynamic, [group]);
      },
    };
    const childrenOf = (group: GroupDef) => this.childrenOf(group);
    for (const tab of this.tabs.value) walkChildren(tab.children, visit, childrenOf);
    // Standalone glance controls (layout.md §11.5) have their own ids and bindings.
    walkChildren(glanceControls(this.layout.value), visit, childrenOf);
    for (const id of this.controls.keys()) {
      if (!controls.has(id)) {
        this.values.delete(id);
        this.synced.delete(id);
      }
    }
    for (const [id, def] of controls) {
      if (this.controls.has(id) && this.values.has(id)) continue;
      const initial = initialValue(def, this.now());
      if (initial !== undefined) {
        this.values.set(id, initial);
        this.synced.set(id, initial);
      }
    }
    this.controls = controls;
    this.bindings = bindings;
    this.dynamicGroups = dynamicGroups;
    this.chatControls = chatControls;
    const tabsBlock = this.layout.value?.dynamicTabs;
    this.dynamicTabEvents = new Set(
      (Array.isArray(tabsBlock) ? tabsBlock : [])
        .map((entry) => (isObject(entry) ? entry.event : undefined))
        .filter((event): event is string => typeof event === "string" && event !== ""),
    );
  }

  // ---- read-back -----------------------------------------------------------------------------

  /** What is on screen, as live-edit verbs summarize it; `null` without a layout. */
  summary(): LayoutSummary | null {
    const layout = this.layout.value;
    if (!layout) return null;
    return {
      name: typeof layout.name === "string" ? layout.name : "",
      accentColor: typeof layout.accentColor === "string" ? layout.accentColor : null,
      tabs: this.tabs.value.map((tab) => {
        const controls: LayoutSummary["tabs"][number]["controls"] = [];
        walkChildren(
          tab.children,
          {
            control: (def) =>
              controls.push({
                id: def.id,
                type: def.type,
                position: def.position ?? null,
                span: def.span ?? [1, 1],
              }),
          },
          (group) => this.childrenOf(group),
        );
        return { title: tab.title, icon: typeof tab.icon === "string" ? tab.icon : null, controls };
      }),
    };
  }

  /** Number of controls indexed (including nested and server-injected ones). */
  get controlCount(): number {
    return this.controls.size;
  }
}
