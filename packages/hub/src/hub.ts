import { NotConnectedError } from "@carter/client";
import { type InboundFrame, isJsonObject, type JsonObject } from "@carter/protocol";
import {
  actionRoutes,
  describe,
  frameFor,
  pathsOverlap,
  readBinding,
  withoutPath,
  type LayoutNode,
} from "./bindings.js";
import { CommandLedger } from "./command-ledger.js";
import { HubError } from "./errors.js";
import { LayoutIndex } from "./layout-index.js";
import { appends, foldDelivery, receiptOf, type Receipt } from "./receipts.js";

/** The part of `MeshClient` a hub drives. */
export interface HubClient {
  /** Relay-assigned id; `null` before the first welcome. */
  readonly id: string | null;
  readonly name: string;
  readonly state: string;
  on(type: string, handler: (payload: unknown, frame: InboundFrame) => unknown): unknown;
  send(type: string, payload: unknown, replyTo?: string | null): string;
  /** `ready` fires on each admission by the relay, the first included. */
  readonly events: { on(event: "ready", listener: () => void): () => void };
  close(): Promise<void>;
}

/** Context of an action, poll or broadcast a handler receives. */
export interface ActionMeta {
  /** The payload's `msg_type`, or `null` for a broadcast without one. */
  msgType: string | null;
  /** `_from` of an acked command: the sending device's name. */
  from: string | null;
  /** `_cmd` of an acked command. */
  cmdId: string | null;
  frame: InboundFrame;
}

/** Context of a routed request. */
export interface RequestMeta {
  type: string;
  frame: InboundFrame;
}

/**
 * Handles an action: `value` is `payload.value` when the payload has one (what `"{{value}}"`
 * actions carry), else the whole payload.
 */
export type ActionHandler = (value: unknown, payload: unknown, meta: ActionMeta) => unknown;

/** Answers a routed request; the return value (awaited) is the reply. */
export type RequestHandler = (payload: unknown, meta: RequestMeta) => unknown;

/** Sees every broadcast no handler took. */
export type BroadcastObserver = (payload: unknown, meta: ActionMeta) => unknown;

/** Sees every `control_sync_request` (a device joined or reconnected). */
export type SyncRequestObserver = (request: { from: string | null; dynamic: string[] }) => unknown;

/** Where a hub reports a handler that threw (the hub itself keeps running). */
export type HubErrorReporter = (error: unknown, context: string) => void;

export interface HubCoreOptions {
  layout?: unknown;
  /** Answer `control_sync_request` with snapshots of what was pushed (default true). */
  stateAuthority?: boolean;
  /** Ack `_cmd` commands; defaults to the layout's `state.acks`. */
  acks?: boolean;
  onError?: HubErrorReporter;
}

/** What a hub remembers to echo to (re)joining devices. */
export interface RecordedState {
  /**
   * Last value per control id, as devices would show it: a sparkline's whole series; no log
   * console (its lines only append), no chart an append op changed since its last dataset.
   */
  controls: Record<string, unknown>;
  /** Last frame pushed per `msg_type`. */
  frames: Record<string, JsonObject>;
}

/** A pushed frame with its place in push order, kept while it still carries a control's last value. */
interface RecordedFrame {
  seq: number;
  payload: JsonObject;
}

const SYNC_REQUEST = "control_sync_request";
const SNAPSHOT = "control_snapshot";
const COMMAND_ACK = "command_ack";
const PROTOCOL_MSG_TYPES: ReadonlySet<string> = new Set([SYNC_REQUEST, SNAPSHOT, COMMAND_ACK]);
/** Frame types the hub's own dispatch owns; a routed handler under these names would shadow it. */
const RESERVED_TYPES: ReadonlySet<string> = new Set(["broadcast", "welcome", "server_client_list"]);

const defaultReporter: HubErrorReporter = (error, context) => {
  console.error(`[hub] ${context}:`, error);
};

/**
 * The server side of a layout over a connected client: pushes state through the layout's sync
 * bindings, demuxes actions, answers routed requests, serves snapshots and acks
 * (session-protocol §4.3–§4.7, §4.11). Build one with `createHub`.
 */
export class Hub {
  /** Where devices connect. */
  readonly url: string;
  readonly layout: JsonObject | null;

  private readonly index = new LayoutIndex();
  private readonly demux = new Map<string, ActionHandler[]>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly broadcastObservers: BroadcastObserver[] = [];
  private readonly syncObservers: SyncRequestObserver[] = [];
  private readonly controlValues = new Map<string, unknown>();
  /** The frame that last delivered each control's value (not sparklines: their series is resent whole). */
  private readonly controlFrames = new Map<string, RecordedFrame>();
  private frameSeq = 0;
  private readonly lastFrames = new Map<string, JsonObject>();
  /** Last fill per dynamic event, re-sent when a joining device names the event. */
  private readonly fills = new Map<string, JsonObject>();
  /** Injected tabs per event, by tab title (the tab id), re-sent like fills. */
  private readonly tabs = new Map<string, Map<string, JsonObject>>();
  /** Ids each fill or injected tab put in the index, so a replacement can drop the ones it lost. */
  private readonly dynamicSlots = new Map<string, string[]>();
  private readonly ledger = new CommandLedger();
  private readonly stateAuthority: boolean;
  private readonly acks: boolean;
  private readonly report: HubErrorReporter;
  private snapshotVersion = 0;
  private closed = false;

  constructor(
    readonly client: HubClient,
    url: string,
    options: HubCoreOptions = {},
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.url = url;
    if (options.layout !== undefined && options.layout !== null && !isJsonObject(options.layout)) {
      throw new HubError("bad_layout", `layout must be a JSON object, got ${describe(options.layout)}`);
    }
    this.layout = (options.layout as JsonObject | undefined) ?? null;
    if (this.layout) this.index.addLayout(this.layout);
    const state = this.layout && isJsonObject(this.layout.state) ? this.layout.state : {};
    this.stateAuthority = options.stateAuthority ?? true;
    this.acks = options.acks ?? state.acks === true;
    this.report = options.onError ?? defaultReporter;
    client.on("broadcast", (payload, frame) => this.dispatchBroadcast(payload, frame));
    let admitted = client.state === "ready";
    client.events.on("ready", () => {
      if (admitted) this.reannounce();
      admitted = true;
    });
  }

  /** The hub's mesh name (`_from`/`to` in acks, `hub` in connection blocks). */
  get name(): string {
    return this.client.name;
  }

  // ─── server → devices ──────────────────────────────────────────────────────

  /** Broadcasts `{msg_type, ...data}` and records it for late joiners. Returns the payload sent. */
  push(msgType: string, data: JsonObject = {}): JsonObject {
    if (typeof msgType !== "string" || msgType.length === 0) {
      throw new HubError("bad_value", `push needs a non-empty msg_type string, got ${describe(msgType)}`);
    }
    if (!isJsonObject(data))
      throw new HubError("bad_value", `push('${msgType}') data must be an object, got ${describe(data)}`);
    const payload: JsonObject = { msg_type: msgType, ...data };
    payload.msg_type = msgType;
    this.lastFrames.set(msgType, payload);
    this.recordFrame(payload);
    this.emit(payload);
    return payload;
  }

  /**
   * Drives a control through its broadcast sync binding: the frame is a copy of the binding's
   * `filter` with `value` at its `valuePath` (layout.md §7, session-protocol §4.11). Documents,
   * sparkline arrays and log lines pass through as given. Returns the payload sent.
   */
  set(controlId: string, value: unknown): JsonObject {
    const node = this.control(controlId);
    const payload = frameFor(node, value);
    const recorded = this.recordFrame(payload, controlId);
    this.recordDelivery(controlId, receiptOf(node), value, recorded);
    this.emit(payload);
    return payload;
  }

  /** The payload `set(controlId, value)` would send, without sending or recording it. */
  frameFor(controlId: string, value: unknown): JsonObject {
    return frameFor(this.control(controlId), value);
  }

  /** Replaces a dynamic group's children: `{msg_type: <group.dynamic>, children}`, re-sent to joiners. */
  fill(groupId: string, children: unknown[]): JsonObject {
    const group = this.control(groupId);
    const event = group.dynamic;
    if (typeof event !== "string" || event.length === 0) {
      throw new HubError(
        "not_dynamic",
        `group '${groupId}' has no 'dynamic' event, so it takes no runtime children`,
      );
    }
    if (!Array.isArray(children)) {
      throw new HubError(
        "bad_value",
        `fill('${groupId}') children must be an array, got ${describe(children)}`,
      );
    }
    this.replaceDynamic(`fill:${event}`, children);
    const payload: JsonObject = { msg_type: event, children };
    this.fills.set(event, payload);
    this.emit(payload);
    return payload;
  }

  /**
   * Adds (or, with the same title, replaces) a tab at runtime: `{msg_type: <event>, tab}`
   * (session-protocol §9.10). With a layout, `event` must be one of its `dynamicTabs`.
   */
  injectTab(event: string, tab: JsonObject): JsonObject {
    if (this.layout) {
      const declared = Array.isArray(this.layout.dynamicTabs)
        ? this.layout.dynamicTabs.filter(isJsonObject).map((entry) => entry.event)
        : [];
      if (!declared.includes(event)) {
        throw new HubError(
          "unknown_tab_event",
          `'${event}' is not a dynamicTabs event of this layout (declared: ${declared.map(String).join(", ") || "none"})`,
        );
      }
    }
    if (!isJsonObject(tab) || typeof tab.title !== "string" || tab.title.length === 0) {
      throw new HubError("bad_value", `injectTab('${event}') tab must be an object with a non-empty title`);
    }
    this.replaceDynamic(`tab:${event}:${tab.title}`, Array.isArray(tab.children) ? tab.children : []);
    const payload: JsonObject = { msg_type: event, tab };
    let byTitle = this.tabs.get(event);
    if (!byTitle) this.tabs.set(event, (byTitle = new Map()));
    byTitle.set(tab.title, payload);
    this.emit(payload);
    return payload;
  }

  /** What the hub would echo to a joining device. */
  recorded(): RecordedState {
    return { controls: Object.fromEntries(this.controlValues), frames: Object.fromEntries(this.lastFrames) };
  }

  // ─── devices → server ──────────────────────────────────────────────────────

  /**
   * Handles a control's actions (by control id) or a broadcast `msg_type` (any other name).
   * A control whose action is `broadcast_request` is demuxed on its payload `msg_type`; a
   * `route_msg`/`route_msg_noreply` action registers a request handler for the inner `type`.
   */
  on(target: string, handler: ActionHandler): this {
    const node = this.index.get(target);
    if (!node) {
      this.addDemux(target, handler);
      return this;
    }
    for (const route of actionRoutes(node)) {
      if (route.kind === "broadcast") this.addDemux(route.msgType, handler);
      else
        this.handle(route.type, (payload, meta) =>
          handler(valueOf(payload), payload, { msgType: null, from: null, cmdId: null, frame: meta.frame }),
        );
    }
    return this;
  }

  /** Answers routed requests of `type` (e.g. content for a tapped graph node). One handler per type. */
  handle(type: string, handler: RequestHandler): this {
    if (typeof type !== "string" || type.length === 0 || RESERVED_TYPES.has(type)) {
      throw new HubError(
        "bad_option",
        `cannot handle requests of type ${JSON.stringify(type)}: reserved or empty`,
      );
    }
    if (typeof handler !== "function")
      throw new HubError("bad_option", `handler for '${type}' must be a function`);
    if (!this.requestHandlers.has(type)) {
      this.client.on(type, (payload, frame) => this.answerRequest(type, payload, frame));
    }
    this.requestHandlers.set(type, handler);
    return this;
  }

  /** Answers the layout's poll group `name` (the poll's payload `msg_type` identifies it). */
  onPoll(name: string, handler: ActionHandler): this {
    const polls = this.layout && isJsonObject(this.layout.pollGroups) ? this.layout.pollGroups : {};
    const poll = polls[name];
    if (!isJsonObject(poll)) {
      throw new HubError(
        "unknown_poll",
        `no poll group '${name}' in this layout (have: ${Object.keys(polls).join(", ") || "none"})`,
      );
    }
    const msgType = isJsonObject(poll.payload) ? poll.payload.msg_type : undefined;
    if (poll.event !== "broadcast_request" || typeof msgType !== "string") {
      throw new HubError(
        "unknown_poll",
        `poll group '${name}' must fire broadcast_request with a payload msg_type for a hub to answer it`,
      );
    }
    this.addDemux(msgType, handler);
    return this;
  }

  /** Observes every broadcast no handler took (not protocol frames). */
  onBroadcast(observer: BroadcastObserver): this {
    this.broadcastObservers.push(observer);
    return this;
  }

  /** Observes every `control_sync_request` after the hub answered it. */
  onSyncRequest(observer: SyncRequestObserver): this {
    this.syncObservers.push(observer);
    return this;
  }

  /** Closes the client and, if the hub started one, the embedded relay. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.close();
    } finally {
      await this.onClose();
    }
  }

  // ─── internals ─────────────────────────────────────────────────────────────

  private control(id: string): LayoutNode {
    const node = typeof id === "string" ? this.index.get(id) : undefined;
    if (!node) {
      throw new HubError(
        "unknown_control",
        this.layout
          ? `no control with id '${String(id)}' in this layout`
          : `no layout given, so no control '${String(id)}'`,
      );
    }
    return node;
  }

  /** Indexes a slot's new children and forgets the ids (and their recorded values) it dropped. */
  private replaceDynamic(slot: string, children: unknown[]): void {
    const ids = this.index.addDynamic(children);
    const kept = new Set(ids);
    for (const id of this.dynamicSlots.get(slot) ?? []) {
      if (kept.has(id)) continue;
      this.index.removeDynamic(id);
      this.controlValues.delete(id);
      this.controlFrames.delete(id);
    }
    this.dynamicSlots.set(slot, ids);
  }

  private addDemux(msgType: string, handler: ActionHandler): void {
    if (typeof msgType !== "string" || msgType.length === 0 || PROTOCOL_MSG_TYPES.has(msgType)) {
      throw new HubError(
        "bad_option",
        `cannot handle msg_type ${JSON.stringify(msgType)}: protocol frame or empty`,
      );
    }
    if (typeof handler !== "function")
      throw new HubError("bad_option", `handler for '${msgType}' must be a function`);
    const list = this.demux.get(msgType);
    if (list) list.push(handler);
    else this.demux.set(msgType, [handler]);
  }

  /**
   * Records what the devices will show after `payload`: every binding it matches and resolves
   * (but `except`, whose value the caller records as given).
   */
  private recordFrame(payload: JsonObject, except?: string): RecordedFrame {
    const recorded: RecordedFrame = { seq: ++this.frameSeq, payload };
    for (const { id, sync, receipt } of this.index.candidates(payload)) {
      if (id === except) continue;
      const value = readBinding(sync, payload);
      if (value !== undefined) this.recordDelivery(id, receipt, value, recorded);
    }
    return recorded;
  }

  private recordDelivery(id: string, receipt: Receipt, value: unknown, recorded: RecordedFrame): void {
    const folded = foldDelivery(receipt, this.controlValues.get(id), value);
    if (folded === undefined) {
      this.controlValues.delete(id);
      this.controlFrames.delete(id);
      return;
    }
    this.controlValues.set(id, folded);
    if (receipt.kind === "series") this.controlFrames.delete(id);
    else this.controlFrames.set(id, recorded);
  }

  /**
   * After a relay restart a device may rejoin before the hub, and its sync request then reached
   * nobody: on re-admission the hub re-sends its fills and tabs and replays its state to everyone.
   */
  private reannounce(): void {
    if (this.closed) return;
    try {
      this.resendDynamic([...new Set([...this.fills.keys(), ...this.tabs.keys()])]);
      if (this.stateAuthority) for (const payload of this.replayFrames()) this.emit(payload);
    } catch (error) {
      this.report(error, "re-announcing state after reconnecting");
    }
  }

  private resendDynamic(events: readonly string[]): void {
    for (const event of events) {
      const fill = this.fills.get(event);
      if (fill) this.emit(fill);
      for (const tab of this.tabs.get(event)?.values() ?? []) this.emit(tab);
    }
  }

  /**
   * Broadcasts that bring any device to the recorded state without a snapshot addressed to it:
   * the frames that last delivered each control's value, oldest first and without items an
   * appending receiver would add a second time, then every sparkline's series as a replace.
   */
  private replayFrames(): JsonObject[] {
    if (!this.layout) return [...this.lastFrames.values()];
    const frames = new Set<RecordedFrame>();
    const series: JsonObject[] = [];
    for (const [id, value] of this.controlValues) {
      const recorded = this.controlFrames.get(id);
      if (recorded) frames.add(recorded);
      else series.push(frameFor(this.control(id), value));
    }
    const ordered = [...frames].sort((a, b) => a.seq - b.seq);
    return [...ordered.map((recorded) => this.withoutAppendedItems(recorded.payload)), ...series];
  }

  /**
   * `payload` minus the values only appending receivers read (a log line, a sparkline point).
   * Data a replacing control reads too stays: a sparkline's series frame, sent after, repairs it.
   */
  private withoutAppendedItems(payload: JsonObject): JsonObject {
    const readers = this.index.candidates(payload).map(({ sync, receipt }) => {
      const value = readBinding(sync, payload);
      return {
        path: sync.path,
        appending: value !== undefined && appends(receipt, value),
        resolves: value !== undefined,
      };
    });
    let pruned = payload;
    for (const reader of readers) {
      if (!reader.appending) continue;
      const shared = readers.some(
        (other) => other.resolves && !other.appending && pathsOverlap(other.path, reader.path),
      );
      if (!shared) pruned = withoutPath(pruned, reader.path) ?? pruned;
    }
    return pruned;
  }

  private emit(payload: JsonObject): void {
    if (this.closed) throw new HubError("closed", `hub is closed; cannot send '${String(payload.msg_type)}'`);
    try {
      this.client.send("broadcast_request", payload);
    } catch (error) {
      // While the client reconnects the state is still recorded: devices get it from their next
      // control_sync_request, which the app sends on every reconnect.
      if (!(error instanceof NotConnectedError)) throw error;
    }
  }

  private async dispatchBroadcast(payload: unknown, frame: InboundFrame): Promise<undefined> {
    const msgType = isJsonObject(payload) && typeof payload.msg_type === "string" ? payload.msg_type : null;
    if (msgType !== null && PROTOCOL_MSG_TYPES.has(msgType)) {
      if (msgType === SYNC_REQUEST) await this.answerSyncRequest(payload as JsonObject);
      return undefined;
    }
    const from = isJsonObject(payload) && typeof payload._from === "string" ? payload._from : null;
    const meta: ActionMeta = { msgType, from, cmdId: null, frame };
    const handlers = msgType === null ? undefined : this.demux.get(msgType);
    if (!handlers) {
      await this.runEach(
        this.broadcastObservers,
        (observer) => observer(payload, meta),
        "broadcast observer",
      );
      return undefined;
    }
    const p = payload as JsonObject;
    const cmdId = this.acks && typeof p._cmd === "string" && p._cmd.length > 0 ? p._cmd : null;
    if (cmdId === null) {
      await this.runEach(handlers, (handler) => handler(valueOf(p), p, meta), `handler for '${msgType}'`);
      return undefined;
    }
    meta.cmdId = cmdId;
    const earlier = this.ledger.get(cmdId);
    if (earlier) {
      // A redelivered command never runs again; it gets the first ack (a concurrent one, nothing).
      if (earlier.state === "acked" && !this.closed) this.emit(earlier.ack);
      return undefined;
    }
    this.ledger.set(cmdId, { state: "running" });
    const ok = await this.runEach(
      handlers,
      (handler) => handler(valueOf(p), p, meta),
      `handler for '${msgType}'`,
    );
    const ack: JsonObject = { msg_type: COMMAND_ACK, cmd_id: cmdId, to: meta.from, ok };
    this.ledger.set(cmdId, { state: "acked", ack });
    if (!this.closed) this.emit(ack);
    return undefined;
  }

  /** Runs every callback in order; reports failures and returns whether all succeeded. */
  private async runEach<T>(
    callbacks: readonly T[],
    run: (callback: T) => unknown,
    context: string,
  ): Promise<boolean> {
    let ok = true;
    for (const callback of callbacks) {
      try {
        await run(callback);
      } catch (error) {
        ok = false;
        this.report(error, context);
      }
    }
    return ok;
  }

  private async answerSyncRequest(request: JsonObject): Promise<void> {
    const from = typeof request.from === "string" ? request.from : null;
    const dynamic = Array.isArray(request.dynamic)
      ? request.dynamic.filter((event): event is string => typeof event === "string")
      : [];
    if (!this.closed) {
      // Fills go first: a snapshot value for an injected child only lands once the child exists.
      this.resendDynamic(dynamic);
      if (this.stateAuthority) this.sendSnapshot(from);
    }
    await this.runEach(
      this.syncObservers,
      (observer) => observer({ from, dynamic }),
      "sync request observer",
    );
  }

  private sendSnapshot(to: string | null): void {
    if (this.controlValues.size > 0) {
      this.snapshotVersion += 1;
      this.emit({
        msg_type: SNAPSHOT,
        to,
        v: this.snapshotVersion,
        controls: Object.fromEntries(this.controlValues),
      });
    } else if (!this.layout) {
      // Without a layout there are no control ids to snapshot; replaying the last frames
      // lets a joining device's own sync bindings pick the state up.
      for (const frame of this.lastFrames.values()) this.emit(frame);
    }
  }

  private async answerRequest(type: string, payload: unknown, frame: InboundFrame): Promise<unknown> {
    const handler = this.requestHandlers.get(type);
    if (!handler) return undefined;
    try {
      return await handler(payload, { type, frame });
    } catch (error) {
      this.report(error, `request handler for '${type}'`);
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function valueOf(payload: unknown): unknown {
  return isJsonObject(payload) && Object.hasOwn(payload, "value") ? payload.value : payload;
}
