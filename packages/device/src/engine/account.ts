import { isObject } from "./json.js";

/**
 * The Connect+ account behind a link: the `acct` claim of the gateway token it dialed with
 * (`packages/gateway` README, Tokens: an EdDSA JWT whose `acct` is the account number). Read only
 * to report it (`get-connection-status`), never verified here; `null` for any other token.
 */
export function accountFromToken(token: string | undefined): string | null {
  if (token === undefined) return null;
  const parts = token.replace(/^Bearer\s+/i, "").split(".");
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1]!.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const claims = JSON.parse(json) as unknown;
    if (!isObject(claims)) return null;
    const acct = claims.acct;
    return typeof acct === "string" && /^\d+$/.test(acct) ? acct : null;
  } catch {
    return null;
  }
}
