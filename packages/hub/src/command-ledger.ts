import type { JsonObject } from "@carter/protocol";

/** What the hub did with an acked command id (`_cmd`). */
export type CommandOutcome = { state: "running" } | { state: "acked"; ack: JsonObject };

interface Entry {
  outcome: CommandOutcome;
  expiresAt: number;
}

export interface CommandLedgerOptions {
  /** Most ids remembered; the least recently used goes first. */
  capacity?: number;
  /** How long an id is remembered, above the app's 300 s outbox replay window. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Remembers acked command ids so a redelivered command never runs twice and gets the first ack
 * again (session-protocol §4.4: LRU 1024, 900 s).
 */
export class CommandLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: CommandLedgerOptions = {}) {
    this.capacity = options.capacity ?? 1024;
    this.ttlMs = options.ttlMs ?? 900_000;
    this.now = options.now ?? Date.now;
  }

  /** The earlier outcome for `cmdId`, refreshed as most recently used; `undefined` if unseen or expired. */
  get(cmdId: string): CommandOutcome | undefined {
    const entry = this.entries.get(cmdId);
    if (!entry) return undefined;
    this.entries.delete(cmdId);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(cmdId, entry);
    return entry.outcome;
  }

  set(cmdId: string, outcome: CommandOutcome): void {
    this.entries.delete(cmdId);
    this.entries.set(cmdId, { outcome, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
