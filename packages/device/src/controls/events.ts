/**
 * The drag-surface controls' `*Config.events` (pickup, place, layout): each event's action gets
 * its tokens (`{{item}}`, `{{x}}`, …) and `{{value}}`; an event action without a payload sends
 * the tokens as a flat object, as the control docs say.
 */
import { isRecord } from "./document.js";
import type { ActionTokens, ControlContext, ControlDef } from "./types.js";

export type SurfaceEvent = "pickup" | "place" | "layout";

export function fireSurfaceEvent(
  def: ControlDef,
  ctx: ControlContext,
  configKey: string,
  event: SurfaceEvent,
  tokens: Record<string, unknown>,
  value: unknown,
): void {
  const cfg = def[configKey];
  const events = isRecord(cfg) ? cfg.events : undefined;
  const action = isRecord(events) ? events[event] : undefined;
  if (!isRecord(action)) return;
  const filled: ActionTokens = { ...tokens, value };
  const withPayload = action.payload === undefined ? { ...action, payload: tokens } : action;
  void (ctx.fireAction
    ? ctx.fireAction(withPayload, filled)
    : ctx.fire(`${configKey}.events.${event}`, filled));
}

/** Fires an item's own inline `action` (a puck, a pin) with `{{value}}` = the item id. */
export function fireItemAction(ctx: ControlContext, item: Record<string, unknown>): void {
  if (isRecord(item.action) && ctx.fireAction) void ctx.fireAction(item.action, { value: item.id });
}
