import { isObject } from "./json.js";

/** The claims of a gateway token (an EdDSA JWT), read without verifying; `null` for any other token. */
function tokenClaims(token: string | undefined): Record<string, unknown> | null {
  if (token === undefined) return null;
  const parts = token.replace(/^Bearer\s+/i, "").split(".");
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1]!.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const claims = JSON.parse(json) as unknown;
    return isObject(claims) ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The Connect+ account behind a link: the `acct` claim of the gateway token it dialed with
 * (`packages/gateway` README, Tokens: an EdDSA JWT whose `acct` is the account number). Read only
 * to report it (`get-connection-status`), never verified here; `null` for any other token.
 */
export function accountFromToken(token: string | undefined): string | null {
  const acct = tokenClaims(token)?.acct;
  return typeof acct === "string" && /^\d+$/.test(acct) ? acct : null;
}

/**
 * The account when `token` is a Connect+ account session (`use: "session"`, what a phone signed in
 * to its account holds and what may add devices), else `null` (a device token, a shared key).
 */
export function sessionAccount(token: string | undefined): string | null {
  return tokenClaims(token)?.use === "session" ? accountFromToken(token) : null;
}
