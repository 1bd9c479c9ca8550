/** What a member may do on the relay. */
export interface Capabilities {
  canBroadcast: boolean;
  canRoute: boolean;
  canMonitor: boolean;
  canCrossChannelRoute: boolean;
}

export type BroadcastScope = "channel" | "global";

const SENDING_ROLES = new Set(["controller", "hub", "node", "dashboard", "browser", "mobile", "editor"]);
const MONITOR_ROLES = new Set(["editor", "dashboard", "browser"]);

/**
 * Capability defaults by role: the union of the seeds' table and the reference relay's code
 * (session-protocol §9.3). `viewer` and unknown roles listen only.
 */
export function roleDefaults(role: string): Capabilities {
  return {
    canBroadcast: SENDING_ROLES.has(role),
    canRoute: SENDING_ROLES.has(role),
    canMonitor: MONITOR_ROLES.has(role),
    canCrossChannelRoute: false,
  };
}

const TRUTHY = new Set(["1", "true", "yes", "on"]);

/**
 * Reads a capability flag as the reference relay does: booleans as they are, strings
 * `1/true/yes/on` (any case) as true and other strings as false; anything else means "not given".
 */
export function parseFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return TRUTHY.has(value.trim().toLowerCase());
  return undefined;
}
