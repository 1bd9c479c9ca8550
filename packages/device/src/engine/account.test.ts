import { describe, expect, it } from "vitest";
import { accountFromToken } from "./account.js";

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
