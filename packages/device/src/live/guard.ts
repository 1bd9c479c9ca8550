import { isObject } from "../engine/json.js";
import type { Responder } from "./responders.js";

/** Why a routed live-edit verb is refused on a device that is not in a live-edit session. */
export const NOT_LIVE_EDIT =
  "not in a live-edit session: live editing starts on the device from an editor's pairing QR or URL";

/**
 * Verbs a connected (not live-edit) device still answers: who it is and a summary of what it
 * shows, nothing a channel member does not already see. Everything else (changing the layout or
 * values, reading saved layouts or the full layout with its `connection` secrets) is refused.
 */
const OPEN_VERBS: ReadonlySet<string> = new Set(["get-device-info", "get-current-layout"]);

/** Broadcast `msg_type`s that only a live-edit session acts on (session-protocol §5.3, §5.4). */
export const LIVE_BROADCASTS: ReadonlySet<string> = new Set([
  "layout-update",
  "layout-save",
  "control-edit-request",
]);

/**
 * Wraps the live-edit responders so that outside a live-edit session they answer
 * `{ok:false, error}` (never a silent timeout), and `get-current-layout` never includes the full
 * layout.
 */
export function guardResponders(
  responders: Record<string, Responder>,
  isLiveEditSession: () => boolean,
): Record<string, Responder> {
  const guarded: Record<string, Responder> = {};
  for (const [verb, responder] of Object.entries(responders)) {
    guarded[verb] = (payload) => {
      if (isLiveEditSession()) return responder(payload);
      if (!OPEN_VERBS.has(verb)) return { ok: false, error: `${verb}: ${NOT_LIVE_EDIT}` };
      if (verb === "get-current-layout" && isObject(payload) && payload.include === "full")
        return responder({ ...payload, include: "summary" });
      return responder(payload);
    };
  }
  return guarded;
}
