import { isJsonObject, type RosterEntry } from "@carter/protocol";
import type { MeshClient } from "./client.js";
import { MeshClientError, RequestTimeoutError } from "./errors.js";

/** Roles that identify a server or an authoring tool, never a device being edited (session-protocol §5.1). */
const NON_DEVICE_ROLES: ReadonlySet<string> = new Set(["hub", "node", "editor", "device"]);

/** The roster members an editor called `self` can live-edit: not itself, not a hub, node or editor. */
export function liveEditDevices(roster: readonly RosterEntry[], self: string): RosterEntry[] {
  return roster.filter((member) => member.name !== self && !NON_DEVICE_ROLES.has(member.role));
}

/** A live-edit verb that failed: no answer, a relay failure, or the device's `{ok: false, error}`. */
export class LiveVerbError extends MeshClientError {
  override readonly name = "LiveVerbError";
}

/**
 * Sends a routed live-edit verb (session-protocol §5.2) to `device` and returns its reply object.
 * Rejects with `LiveVerbError` when the device does not answer in time (an app too old for the
 * verb, or gone), the relay fails the route, the reply is not an object, or it is a refusal
 * (`ok: false`, or an `error` without `ok: true`).
 */
export async function routeVerb(
  client: MeshClient,
  device: Pick<RosterEntry, "id" | "name">,
  verb: string,
  payload: unknown,
  timeoutMs = 8000,
): Promise<Record<string, unknown>> {
  let reply: unknown;
  try {
    reply = await client.route({ id: device.id }, verb, payload, { timeout: timeoutMs });
  } catch (error) {
    if (error instanceof RequestTimeoutError)
      throw new LiveVerbError(
        `${verb}: '${device.name}' did not answer within ${timeoutMs} ms (an app too old for this verb, or gone)`,
      );
    throw new LiveVerbError(`${verb}: ${(error as Error).message}`);
  }
  if (!isJsonObject(reply))
    throw new LiveVerbError(`${verb}: '${device.name}' sent a reply that is not an object`);
  if (reply.ok === false || (typeof reply.error === "string" && reply.ok !== true))
    throw new LiveVerbError(
      `${verb}: '${device.name}' refused: ${String(reply.error ?? "no reason given")}${typeof reply.reason === "string" ? ` (${reply.reason})` : ""}`,
    );
  return reply;
}
