import { isJsonObject } from "./json.js";
import { isValidName } from "./names.js";
import { parseFlag, roleDefaults, type BroadcastScope, type Capabilities } from "./roles.js";

/** A member's identity and capabilities after its `identify` payload has been checked. */
export interface Identity extends Capabilities {
  name: string;
  channel: string;
  role: string;
  broadcastScope: BroadcastScope;
  /** From `auth_token` (seeds) or `token` (existing clients); `""` when neither is a string. */
  token: string;
  /** The token field was present but not a string (such a token never authenticates). */
  tokenMalformed: boolean;
}

export type IdentifyResult = { ok: true; identity: Identity } | { ok: false; reason: string };

export const DEFAULT_CHANNEL = "default";
export const DEFAULT_ROLE = "node";

/**
 * Checks an `identify` payload per session-protocol §2.2. An omitted name gets a generated one
 * (`fallbackName`), as the reference relay does; any name that is present must match the grammar,
 * so an explicit `null` or `""` is refused like any other invalid name or channel.
 */
export function parseIdentify(payload: unknown, fallbackName: string): IdentifyResult {
  const p = isJsonObject(payload) ? payload : {};

  const name = p.name === undefined ? fallbackName : p.name;
  if (!isValidName(name)) return { ok: false, reason: "invalid name" };

  const channel =
    p.channel === undefined || p.channel === null || p.channel === "" ? DEFAULT_CHANNEL : p.channel;
  if (!isValidName(channel)) return { ok: false, reason: "invalid channel" };

  const role = typeof p.role === "string" && p.role.length > 0 ? p.role : DEFAULT_ROLE;
  const defaults = roleDefaults(role);
  const canMonitor = parseFlag(p.can_monitor) ?? defaults.canMonitor;
  const scope: BroadcastScope =
    p.broadcast_scope === "global" || p.broadcast_scope === "channel"
      ? p.broadcast_scope
      : canMonitor
        ? "global"
        : "channel";

  const rawToken =
    p.auth_token !== undefined && p.auth_token !== null && p.auth_token !== "" ? p.auth_token : p.token;
  const tokenMalformed = rawToken !== undefined && rawToken !== null && typeof rawToken !== "string";

  return {
    ok: true,
    identity: {
      name,
      channel,
      role,
      canBroadcast: parseFlag(p.can_broadcast) ?? defaults.canBroadcast,
      canRoute: parseFlag(p.can_route) ?? defaults.canRoute,
      canMonitor,
      canCrossChannelRoute: parseFlag(p.can_cross_channel_route) ?? defaults.canCrossChannelRoute,
      broadcastScope: scope,
      token: typeof rawToken === "string" ? rawToken : "",
      tokenMalformed,
    },
  };
}
