import type { RosterEntry } from "@carter/protocol";

/**
 * Connection phases the device shows. `connected` means admitted (the relay's `welcome` arrived):
 * a parked gateway socket never gets one, so an open socket alone never reads as connected.
 */
export type LinkPhase =
  "idle" | "connecting" | "awaiting" | "connected" | "parked" | "reconnecting" | "failed" | "closed";

export interface LinkStatus {
  phase: LinkPhase;
  /** Why the link failed or is retrying, for the status line. */
  detail?: string;
}

/** A relay `{error, status:"failed"}` reply to a routed request; `error` is the relay's wire string. */
export class RouteFailure extends Error {
  constructor(
    readonly error: string,
    readonly target: string,
  ) {
    super(`route to ${target}: ${error}`);
    this.name = "RouteFailure";
  }
}

/** An inbound frame after decryption. */
export interface LinkFrame {
  id: string | null;
  type: string;
  payload: unknown;
  reply_to: string | null;
}

/**
 * The device's narrow view of the relay client: all the app shell and the live-edit responders
 * use, so the client library can evolve behind one adapter (`app/mesh-link.ts`).
 */
export interface Link {
  readonly name: string;
  readonly channel: string;
  readonly role: string;
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  /** Every inbound frame that is not a reply to one of ours. */
  onFrame(listener: (frame: LinkFrame) => void): () => void;
  /** Answers routed requests of `type`: the handler's result is the reply payload. */
  handle(type: string, handler: (payload: unknown) => unknown): void;
  send(type: string, payload: unknown): void;
  request(type: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /**
   * A routed request to the member called `name` (`route_msg {target_name, type, payload}`);
   * resolves with its reply payload, rejects on a failure reply (`RouteFailure`) or timeout.
   */
  route(name: string, type: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** The roster (members visible to this link). */
  nodes(): Promise<RosterEntry[]>;
  close(): void;
}
