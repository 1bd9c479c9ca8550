import type { DeviceEngine, LayoutSummary } from "../engine/engine.js";
import { isObject } from "../engine/json.js";
import type { LinkPhase } from "../engine/link.js";
import type { SourcesStatus } from "../sources/status.js";
import type { ControlEdits } from "./control-edit.js";
import type { Provisioning } from "./provisioning.js";
import type { SavedLayouts } from "./saved-layouts.js";

export const DEVICE_APP_VERSION = "0.1.0";
/** Live-edit protocol generation: v2 (`studio` status block, `watch-traffic`). */
export const LIVE_PROTOCOL_VERSION = 2;

/** A link as `get-connection-status` reports it. */
export interface LinkReport {
  phase: LinkPhase;
  channel: string | null;
  role: string | null;
  /** The Connect+ account (`acct` of the token), `null` elsewhere. */
  account: string | null;
}

/** What the responders read from, and ask of, the running device. */
export interface LiveSession {
  engine: DeviceEngine;
  isLiveEditSession(): boolean;
  activeFile(): string | null;
  /** Validates, decodes and renders a layout; truthful about the outcome. */
  apply(
    layout: unknown,
    source: string,
  ): { ok: true; rendered: LayoutSummary } | { ok: false; error: string };
  /** The link the layout's data rides (top level of `get-connection-status`). */
  link(): LinkReport;
  /** The studio (editor) link, `null` outside a live-edit session. */
  studio(): { phase: LinkPhase; channel: string | null } | null;
  saved: SavedLayouts;
  edits: ControlEdits;
  provisioning: Provisioning;
  /** Applies a `watch-traffic` request. */
  watchTraffic(request: unknown): { ok: true } | { ok: false; error: string };
  watchingTraffic(): boolean;
  /** MQTT/HTTP sources, sensor pipelines and publishers of the current layout, with their problems. */
  sources(): SourcesStatus;
  /** Shows the tab holding control `id` and points the control out; false when no tab holds it. */
  highlight(id: string): boolean;
}

export type Responder = (payload: unknown) => unknown;

function wirePhase(phase: LinkPhase): "connected" | "connecting" | "failed" | "idle" {
  if (phase === "connected") return "connected";
  if (phase === "failed") return "failed";
  if (phase === "idle" || phase === "closed") return "idle";
  return "connecting";
}

/** The routed live-edit verbs the device answers (session-protocol §5.2), by verb. */
export function liveResponders(session: LiveSession): Record<string, Responder> {
  const { engine } = session;
  return {
    "get-current-layout": (payload) => {
      const reply: Record<string, unknown> = {
        ok: true,
        isLiveEditSession: session.isLiveEditSession(),
        activeFile: session.activeFile(),
        summary: engine.summary(),
      };
      if (isObject(payload) && payload.include === "full") reply.layout = engine.layout.value;
      return reply;
    },
    "get-control-state": (payload) => {
      const ids =
        isObject(payload) && Array.isArray(payload.ids)
          ? payload.ids.filter((id): id is string => typeof id === "string")
          : undefined;
      return { ok: true, values: engine.snapshot(ids) };
    },
    "set-control-state": (payload) => {
      if (!isObject(payload) || !isObject(payload.values))
        return { ok: false, error: "values must be an object {id: value}" };
      return { ok: true, ...engine.setControlState(payload.values) };
    },
    "get-connection-status": () => {
      const link = session.link();
      const studio = session.studio();
      return {
        ok: true,
        connected: link.phase === "connected",
        phase: wirePhase(link.phase),
        channel: link.channel,
        role: link.role,
        account: link.account,
        listening: engine.listening(),
        studio: studio && {
          connected: studio.phase === "connected",
          phase: wirePhase(studio.phase),
          channel: studio.channel,
          watchTraffic: session.watchingTraffic(),
        },
        sources: session.sources(),
      };
    },
    "get-layout": (payload) => session.saved.get(payload),
    "list-layouts": () => ({ ok: true, layouts: session.saved.list() }),
    "save-layout": (payload) => {
      if (!isObject(payload)) return { error: "save-layout: the payload must be {layout, file?}" };
      return session.saved.save(payload.layout, payload.file);
    },
    "get-pending-edit": () => session.edits.drain(),
    "watch-traffic": (payload) => session.watchTraffic(payload),
    "provision-device": (payload) => session.provisioning.request(payload),
    "get-provision-result": (payload) => session.provisioning.result(payload),
    "get-device-info": () => ({
      ok: true,
      appVersion: DEVICE_APP_VERSION,
      build: "web",
      protocolVersion: LIVE_PROTOCOL_VERSION,
      model: "web",
      osVersion: typeof navigator === "object" ? navigator.userAgent : "unknown",
    }),
    "highlight-control": (payload) => {
      if (!isObject(payload) || typeof payload.id !== "string")
        return { ok: false, error: "highlight-control: the payload must be {id: <control id>}" };
      return session.highlight(payload.id)
        ? { ok: true }
        : { ok: false, error: `highlight-control: no control '${payload.id}' in the layout shown` };
    },
    "apply-layout": (payload) => {
      if (!isObject(payload))
        return { ok: false, error: "apply-layout: the payload must be a layout object" };
      const { msg_type: _ignored, ...layout } = payload;
      return session.apply(layout, "apply-layout");
    },
  };
}
