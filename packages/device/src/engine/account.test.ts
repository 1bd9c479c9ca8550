import { describe, expect, it } from "vitest";
import { accountFromToken, sessionAccount } from "./account.js";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("accountFromToken", () => {
  it("reads the acct claim of a gateway token and nothing else", () => {
    const token = `${b64url({ alg: "EdDSA" })}.${b64url({ acct: "4711", use: "session" })}.sig`;
    expect(accountFromToken(token)).toBe("4711");
    expect(accountFromToken(`Bearer ${token}`)).toBe("4711");
    expect(accountFromToken(`${b64url({})}.${b64url({ acct: "x1" })}.sig`)).toBeNull();
    expect(accountFromToken("shared-key")).toBeNull();
    expect(accountFromToken("a.%%%.c")).toBeNull();
    expect(accountFromToken(undefined)).toBeNull();
  });
});

describe("sessionAccount", () => {
  it("is the account only for an account session, not a device token", () => {
    expect(sessionAccount(`${b64url({})}.${b64url({ acct: "4711", use: "session" })}.sig`)).toBe("4711");
    expect(
      sessionAccount(`${b64url({})}.${b64url({ acct: "4711", use: "device", did: "dv_1" })}.sig`),
    ).toBeNull();
    expect(sessionAccount("shared-key")).toBeNull();
  });
});
