import type { RosterEntry } from "@carter/protocol";
import { isObject } from "./json.js";
import type { LayoutDoc } from "./layout.js";

/**
 * The member a layout's routed requests (graph content taps) go to by name, without asking for
 * the roster: the connection's `hub` (from the layout, else from the link the device dialed), else
 * `state.authority`, which may also be a role (`from: "authority"` says a miss is worth a roster
 * lookup).
 */
export function namedHub(
  layout: LayoutDoc | null,
  dialedHub?: string,
): { name: string; from: "hub" | "authority" } | undefined {
  const connection = layout && isObject(layout.connection) ? layout.connection : undefined;
  const hub = typeof connection?.hub === "string" && connection.hub !== "" ? connection.hub : dialedHub;
  if (hub !== undefined && hub !== "") return { name: hub, from: "hub" };
  const authority = layout?.state?.authority;
  if (typeof authority === "string" && authority !== "") return { name: authority, from: "authority" };
  return undefined;
}

/** Gateway rosters namespace names as `<account>.<name>`; a layout names the bare member. */
function sameName(member: string, wanted: string): boolean {
  return (
    member === wanted ||
    (member.endsWith("." + wanted) && /^[0-9]+$/.test(member.slice(0, -wanted.length - 1)))
  );
}

/**
 * The roster member that serves a layout's routed requests: the connection's `hub` name, else
 * `state.authority` (a mesh name, or a role when no member has that name), else the first member
 * whose role is `hub`.
 */
export function pickHub(layout: LayoutDoc | null, roster: readonly RosterEntry[]): RosterEntry | undefined {
  const connection = layout && isObject(layout.connection) ? layout.connection : undefined;
  const named = typeof connection?.hub === "string" ? connection.hub : undefined;
  if (named !== undefined) return roster.find((m) => sameName(m.name, named));
  const authority = typeof layout?.state?.authority === "string" ? layout.state.authority : undefined;
  if (authority !== undefined) {
    const byName = roster.find((m) => sameName(m.name, authority));
    if (byName) return byName;
    const byRole = roster.find((m) => m.role === authority);
    if (byRole) return byRole;
  }
  return roster.find((m) => m.role === "hub");
}
