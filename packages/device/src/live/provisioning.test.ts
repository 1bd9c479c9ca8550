import { afterEach, describe, expect, it, vi } from "vitest";
import { APPROVAL_MS, Provisioning, type ProvisionLink } from "./provisioning.js";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const session = `${b64url({ alg: "EdDSA" })}.${b64url({ acct: "1000001", use: "session" })}.sig`;
const onGateway: ProvisionLink = { url: "ws://127.0.0.1:1", channel: "garage", token: session };
const ask = { channel: "garage", role: "hub", reuse_room_key: true };

afterEach(() => vi.useRealTimers());

describe("provisioning through the device", () => {
  it("refuses a bad request naming the field, and a device without an account session", () => {
    const provisioning = new Provisioning(() => onGateway);
    expect(provisioning.request(null)).toMatchObject({ error: "bad-request" });
    expect(provisioning.request({ ...ask, channel: " " })).toEqual({
      error: "bad-request",
      reason: "channel: must be a non-empty string",
    });
    expect(provisioning.request({ ...ask, role: "admin" })).toMatchObject({
      error: "bad-request",
      reason: /^role:/,
    });
    expect(provisioning.request({ ...ask, reuse_room_key: "yes" })).toMatchObject({
      reason: /^reuse_room_key:/,
    });
    const sharedKey = new Provisioning(() => ({ ...onGateway, token: "shared-key" }));
    expect(sharedKey.request(ask)).toEqual({ error: "no-connect-session" });
    expect(new Provisioning(() => null).request(ask)).toEqual({ error: "no-connect-session" });
  });

  it("answers pending at once, is busy while asking, and reports a denial once", () => {
    const provisioning = new Provisioning(() => onGateway);
    const reply = provisioning.request(ask);
    expect(reply).toMatchObject({ ok: true, status: "pending", request_id: expect.any(String) });
    expect(provisioning.asking.value).toMatchObject({ channel: "garage", role: "hub", account: "1000001" });
    expect(provisioning.request(ask)).toEqual({ error: "busy" });
    const id = { request_id: reply.request_id };
    expect(provisioning.result(id)).toEqual({ status: "pending" });
    provisioning.deny();
    expect(provisioning.asking.value).toBeNull();
    expect(provisioning.result(id)).toEqual({ error: "denied" });
    expect(provisioning.result(id)).toEqual({ error: "unknown-request" });
    expect(provisioning.result({})).toEqual({ error: "unknown-request" });
  });

  it("denies a request nobody answers within 60 s", () => {
    vi.useFakeTimers();
    const provisioning = new Provisioning(() => onGateway);
    const { request_id } = provisioning.request(ask);
    vi.advanceTimersByTime(APPROVAL_MS);
    expect(provisioning.asking.value).toBeNull();
    expect(provisioning.result({ request_id })).toEqual({ error: "denied", reason: "no answer within 60 s" });
  });

  it("reports a gateway that refuses to mint as mint-failed with its reason", async () => {
    const provisioning = new Provisioning(() => ({ ...onGateway, url: "ws://127.0.0.1:9" }));
    const { request_id } = provisioning.request(ask);
    await provisioning.approve();
    expect(provisioning.result({ request_id })).toMatchObject({
      error: "mint-failed",
      reason: expect.any(String),
    });
  });
});
