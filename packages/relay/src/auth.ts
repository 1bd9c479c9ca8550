import { createHash, timingSafeEqual } from "node:crypto";
import type { Identity } from "@carter/protocol";

/**
 * What admission decided for an identified socket.
 * - `admitted`: joins the mesh. With `namespace` (digits, e.g. an account number) its name and
 *   channel become `<namespace>.<name>` and it only ever sees members of the same namespace.
 * - `parked`: the socket stays open but never joins: no welcome, no roster entry, its frames are
 *   dropped (counted in `mesh_parked_frames_dropped_total`). Only a new `identify` is read, and asks
 *   the hook again: a client whose token was refreshed joins without reconnecting.
 * - `refused`: closed with `code` (default 1008; a hook may pick one of 4000–4999, e.g. 4429 for a full quota).
 */
export type AuthDecision =
  | { outcome: "admitted"; namespace?: string; session?: AdmissionSession }
  | { outcome: "parked" }
  | { outcome: "refused"; reason?: string; code?: number };

/** The admitted member as its admission sees it: enough to name it in logs and to end it (e.g. on revocation). */
export interface AdmittedMember {
  readonly id: string;
  readonly name: string;
  readonly channel: string;
  readonly role: string;
  /** Sends one encoded frame to the member (dropped if it has left; bounded by the send buffer limit). */
  deliver(data: Buffer): void;
  /** Leaves the mesh at once and closes the socket with `code`. */
  close(code: number, reason: string): void;
}

/**
 * Lets an admission hold something for the socket's lifetime (a connection slot, a revocation
 * watch). `joined` runs once the member is registered and welcomed; `ended` runs exactly once for
 * every decision that carried this session: when the member leaves, or at once if the socket closed
 * while the decision was pending or could not join (then without `joined`).
 */
export interface AdmissionSession {
  joined(member: AdmittedMember): void;
  ended(): void;
  /**
   * Asked for each request frame (not replies) the member sends: false refuses it, answered with
   * `{"error":"rate limited","status":"failed"}` when the verb is one the relay answers, dropped
   * otherwise. For per-account and per-verb rate limits; keep it cheap (it runs per frame).
   */
  allow?(type: string): boolean;
}

/**
 * Decides admission from the identify token, the client address (after trusted-proxy headers)
 * and the parsed identity. May be async; frames the client sends meanwhile are queued in order.
 */
export type AuthHook = (
  token: string,
  remoteAddress: string,
  identity: Identity,
) => AuthDecision | Promise<AuthDecision>;

const ADMITTED: AuthDecision = { outcome: "admitted" };
const BAD_TOKEN: AuthDecision = { outcome: "refused", reason: "bad token" };

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Admits sockets whose token equals `secret`, compared in constant time (hashing first hides the length). */
export function tokenAuth(secret: string): AuthHook {
  const expected = digest(secret);
  return (token, _remoteAddress, identity) =>
    !identity.tokenMalformed && timingSafeEqual(digest(token), expected) ? ADMITTED : BAD_TOKEN;
}

/** Admits everyone: a relay with no token configured. */
export const openAuth: AuthHook = () => ADMITTED;

export const NAMESPACE_PATTERN = /^[0-9]{1,32}$/;
