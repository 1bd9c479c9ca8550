/** Why a hub call cannot work. Stable codes so callers can branch without parsing messages. */
export type HubErrorCode =
  | "unknown_control"
  | "no_sync"
  | "routed_sync_only"
  | "bad_value"
  | "no_action"
  | "not_dynamic"
  | "unknown_poll"
  | "unknown_tab_event"
  | "bad_layout"
  | "bad_option"
  | "relay_failed"
  | "gateway_failed"
  | "closed";

/** A hub call that cannot work: a wrong binding shape, a bad argument, a relay that would not start. */
export class HubError extends Error {
  override readonly name = "HubError";

  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
