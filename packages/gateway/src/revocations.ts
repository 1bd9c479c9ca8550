import type { Revocation } from "./store/store.js";
import type { TokenClaims } from "./tokens.js";

/** True if `revocation` covers a token with these claims. */
export function covers(revocation: Revocation, claims: TokenClaims): boolean {
  if (revocation.account !== claims.acct) return false;
  switch (revocation.kind) {
    case "token":
      return revocation.subject === claims.jti;
    case "device":
      return claims.did !== undefined && revocation.subject === claims.did;
    case "before":
      // `iat` has one-second resolution: a token issued in the same second as T counts as before T.
      return claims.iat * 1000 <= revocation.atMs;
  }
}

/**
 * Every revocation that still matters, in memory, so admission never waits on the database. Fed by
 * this process's own revocations at once and by the store poll (other processes) within a poll period.
 */
export class RevocationIndex {
  private readonly seen = new Set<number>();
  private readonly tokens = new Map<string, number | null>();
  private readonly devices = new Set<string>();
  private readonly before = new Map<string, number>();

  /** Records a revocation; false if it was already known. */
  apply(revocation: Revocation): boolean {
    if (this.seen.has(revocation.id)) return false;
    this.seen.add(revocation.id);
    switch (revocation.kind) {
      case "token":
        this.tokens.set(`${revocation.account} ${revocation.subject}`, revocation.expiresAtMs);
        break;
      case "device":
        this.devices.add(`${revocation.account} ${revocation.subject}`);
        break;
      case "before":
        this.before.set(
          revocation.account,
          Math.max(this.before.get(revocation.account) ?? 0, revocation.atMs),
        );
        break;
    }
    return true;
  }

  isRevoked(claims: TokenClaims): boolean {
    if (this.tokens.has(`${claims.acct} ${claims.jti}`)) return true;
    if (claims.did !== undefined && this.devices.has(`${claims.acct} ${claims.did}`)) return true;
    const before = this.before.get(claims.acct);
    return before !== undefined && claims.iat * 1000 <= before;
  }

  /** Forgets token revocations whose tokens have expired anyway. */
  prune(nowMs: number): void {
    for (const [key, expiresAtMs] of this.tokens) {
      if (expiresAtMs !== null && expiresAtMs <= nowMs) this.tokens.delete(key);
    }
  }
}
