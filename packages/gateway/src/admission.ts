import type { Logger } from "pino";
import { isFanOutVerb, type AdmittedMember, type AuthDecision, type AuthHook } from "@carter/relay";
import type { GatewayMetrics, ParkReason } from "./metrics.js";
import { bucket, type RateLimits, type TokenBucket } from "./rate.js";
import { covers, type RevocationIndex } from "./revocations.js";
import type { SlotCounter } from "./slots.js";
import type { Account, GatewayStore, Revocation } from "./store/store.js";
import type { KeyRing, TokenClaims } from "./tokens.js";

/** Close code for a socket whose token was revoked while connected. */
export const REVOKED_CLOSE_CODE = 4403;
/** Close code for an identify refused because its account has no free connection slot. */
export const SLOTS_FULL_CLOSE_CODE = 4429;

/** How long an account record is trusted before it is read again (slot limits change rarely). */
const ACCOUNT_CACHE_MS = 5000;

interface LiveMember {
  claims: TokenClaims;
  member: AdmittedMember;
}

/** An account's shared budgets on this process, kept while it has members. */
interface AccountBudget {
  frames: TokenBucket;
  broadcasts: TokenBucket;
  members: number;
}

const PARKED: AuthDecision = { outcome: "parked" };

/**
 * The gateway's admission: verifies the identify token, parks what does not hold, meters slots,
 * and keeps every admitted member findable by account so a revocation can close it.
 */
export class Admission {
  private readonly live = new Map<string, Set<LiveMember>>();
  private readonly accountCache = new Map<string, { account: Account | undefined; readAtMs: number }>();
  private readonly budgets = new Map<string, AccountBudget>();

  constructor(
    private readonly keys: KeyRing,
    private readonly store: GatewayStore,
    private readonly revocations: RevocationIndex,
    private readonly slots: SlotCounter,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly limits: RateLimits,
  ) {}

  readonly hook: AuthHook = (token, address, identity) =>
    identity.tokenMalformed || token === "" ? this.park("no_token", address) : this.decide(token, address);

  /** Admitted members per account on this process. */
  memberCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [account, members] of this.live) counts.set(account, members.size);
    return counts;
  }

  /** Closes every live member the revocation covers; returns how many. */
  enforce(revocation: Revocation): number {
    const members = this.live.get(revocation.account);
    if (members === undefined) return 0;
    let closed = 0;
    for (const live of [...members]) {
      if (!covers(revocation, live.claims)) continue;
      closed++;
      this.metrics.revokedSockets.labels(revocation.account).inc();
      this.logger.info(
        { account: revocation.account, name: live.member.name, kind: revocation.kind },
        "closing a revoked member",
      );
      live.member.close(REVOKED_CLOSE_CODE, "revoked");
    }
    return closed;
  }

  /**
   * Sends an encoded frame to the account's online devices on this process: members on `channel`
   * (every channel when absent), hubs excepted. Returns how many got it.
   */
  deliverToDevices(account: string, channel: string | undefined, data: Buffer): number {
    const members = this.live.get(account);
    if (members === undefined) return 0;
    const qualified = channel === undefined ? undefined : `${account}.${channel}`;
    let delivered = 0;
    for (const { claims, member } of members) {
      if (claims.role === "hub" || member.role === "hub" || member.role === "node") continue;
      if (qualified !== undefined && member.channel !== qualified) continue;
      member.deliver(data);
      delivered++;
    }
    return delivered;
  }

  /** Ids of the account's devices with a live socket on this process. */
  onlineDevices(account: string): Set<string> {
    const online = new Set<string>();
    for (const { claims } of this.live.get(account) ?? [])
      if (claims.did !== undefined) online.add(claims.did);
    return online;
  }

  /** Forgets cached account records (after an admin change). */
  forgetAccount(id: string): void {
    this.accountCache.delete(id);
  }

  private park(reason: ParkReason, address: string): AuthDecision {
    this.metrics.parked.labels(reason).inc();
    this.logger.info({ address, reason }, "parking socket");
    return PARKED;
  }

  private async account(id: string): Promise<Account | undefined> {
    const now = Date.now();
    const cached = this.accountCache.get(id);
    if (cached !== undefined && now - cached.readAtMs < ACCOUNT_CACHE_MS) return cached.account;
    const account = await this.store.account(id);
    this.accountCache.set(id, { account, readAtMs: now });
    return account;
  }

  private async decide(token: string, address: string): Promise<AuthDecision> {
    const claims = await this.keys.verify(token);
    if (claims === null) return this.park("invalid_token", address);
    if (this.revocations.isRevoked(claims)) return this.park("revoked", address);
    const account = await this.account(claims.acct);
    if (account === undefined) return this.park("unknown_account", address);
    if (!(await this.slots.acquire(account.id, claims.prod, account.slots))) {
      this.metrics.slotRefusals.labels(account.id).inc();
      return {
        outcome: "refused",
        code: SLOTS_FULL_CLOSE_CODE,
        reason: `account connection slots full (${account.slots} for ${claims.prod})`,
      };
    }
    this.metrics.admissions.labels(account.id).inc();
    const acct = account.id;
    let budget = this.budgets.get(acct);
    if (budget === undefined) {
      budget = {
        frames: bucket(this.limits.accountFramesPerSecond),
        broadcasts: bucket(this.limits.accountBroadcastsPerSecond),
        members: 0,
      };
      this.budgets.set(acct, budget);
    }
    budget.members++;
    const shared = budget;
    const ownBroadcasts = bucket(this.limits.connectionBroadcastsPerSecond);
    const frameLimited = this.metrics.rateLimited.labels(acct, "account_frames");
    const broadcastLimited = this.metrics.rateLimited.labels(acct, "account_broadcasts");
    const connectionLimited = this.metrics.rateLimited.labels(acct, "connection_broadcasts");
    let entry: LiveMember | null = null;
    return {
      outcome: "admitted",
      namespace: acct,
      session: {
        joined: (member) => {
          entry = { claims, member };
          let members = this.live.get(acct);
          if (members === undefined) this.live.set(acct, (members = new Set()));
          members.add(entry);
          // A revocation may have landed while this identify was being decided.
          if (this.revocations.isRevoked(claims)) member.close(REVOKED_CLOSE_CODE, "revoked");
        },
        ended: () => {
          this.slots.release(acct, claims.prod);
          if (--shared.members === 0) this.budgets.delete(acct);
          if (entry === null) return;
          const members = this.live.get(acct);
          members?.delete(entry);
          if (members?.size === 0) this.live.delete(acct);
        },
        allow: (type) => {
          if (!shared.frames.take()) {
            frameLimited.inc();
            return false;
          }
          if (!isFanOutVerb(type)) return true;
          if (!ownBroadcasts.take()) {
            connectionLimited.inc();
            return false;
          }
          if (!shared.broadcasts.take()) {
            broadcastLimited.inc();
            return false;
          }
          return true;
        },
      },
    };
  }
}
