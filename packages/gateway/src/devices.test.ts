import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "@carter/relay/test-support";
import { REVOKED_CLOSE_CODE } from "./admission.js";
import type { RunningGateway } from "./gateway.js";
import { callApi, gatewayTestScope } from "./test-scope.js";

const scope = gatewayTestScope();
afterEach(scope.closeAll);
afterAll(scope.dispose);
// The embedded database's first start takes seconds, tens of them on a busy machine.
beforeAll(async () => {
  await scope.store();
}, 120_000);

async function session(gateway: RunningGateway, slots = 10): Promise<{ account: string; token: string }> {
  const account = (await (await scope.store()).createAccount("devices", slots)).id;
  const reply = await callApi(
    gateway,
    "POST",
    "/validate",
    { account, product: "connect", expiresAtMs: Date.now() + 3_600_000 },
    gateway.adminToken,
  );
  return { account, token: reply.body.token as string };
}

interface Credential {
  deviceId: string;
  deviceToken: string;
  refreshToken: string;
  expiresAt: number;
}

async function addDevice(
  gateway: RunningGateway,
  authorization: string,
  body: Record<string, unknown>,
): Promise<Credential> {
  const reply = await callApi(gateway, "POST", "/devices", body, authorization);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as unknown as Credential;
}

async function isParked(gateway: RunningGateway, token: string): Promise<boolean> {
  const before = gateway.relay.stats().parked;
  const socket = await scope.open(gateway);
  socket.send("identify", { name: "probe", token });
  await waitUntil(() => gateway.relay.stats().parked > before || socket.received.length > 0, "decided");
  const parked = socket.received.length === 0 && socket.isOpen;
  await socket.close();
  return parked;
}

describe("POST /devices", () => {
  it("is hub-only: an account session, a hub or the admin adds devices; a device cannot", async () => {
    const gateway = await scope.gateway();
    const { account, token } = await session(gateway);
    const hub = await addDevice(gateway, token, { name: "Porch hub", role: "hub" });
    expect(hub.deviceId).toMatch(/^dv_/);
    expect(hub.refreshToken).toMatch(/^rt_/);
    expect(hub.expiresAt).toBeGreaterThan(Date.now());
    const tablet = await addDevice(gateway, hub.deviceToken, { name: "Shed tablet" });
    await addDevice(gateway, gateway.adminToken, { name: "Spare", account });
    const refused = await callApi(gateway, "POST", "/devices", { name: "x" }, tablet.deviceToken);
    expect(refused).toEqual({ status: 403, body: { error: expect.stringMatching(/^hub-only/) } });
    expect((await callApi(gateway, "POST", "/devices", { name: "x" })).status).toBe(401);
    expect((await callApi(gateway, "POST", "/devices", { name: "x" }, "nonsense")).status).toBe(401);
    const badName = await callApi(gateway, "POST", "/devices", { name: "" }, token);
    expect(badName).toEqual({ status: 400, body: { error: "name: invalid value" } });
    const badRole = await callApi(gateway, "POST", "/devices", { name: "x", role: "admin" }, token);
    expect(badRole.body.error).toMatch(/^role/);
    const otherAccount = await callApi(gateway, "POST", "/devices", { name: "x", account: "1" }, token);
    expect(otherAccount.status).toBe(403);
    const adminWithout = await callApi(gateway, "POST", "/devices", { name: "x" }, gateway.adminToken);
    expect(adminWithout.body.error).toMatch(/^account/);
    const listed = await callApi(gateway, "GET", "/devices", undefined, token);
    expect((listed.body.devices as { name: string; role: string }[]).map((d) => [d.name, d.role])).toEqual([
      ["Porch hub", "hub"],
      ["Shed tablet", "device"],
      ["Spare", "device"],
    ]);
    const welcome = await (await scope.open(gateway)).identify({ name: "shed", token: tablet.deviceToken });
    expect(welcome.payload).toMatchObject({ name: `${account}.shed` });
  });
});

describe("POST /devices/sessions/refresh", () => {
  it("rotates the refresh token, and a reused one revokes the device and closes its sockets", async () => {
    const gateway = await scope.gateway();
    const { token } = await session(gateway);
    const device = await addDevice(gateway, token, { name: "phone" });
    const live = await scope.join(gateway, { name: "phone", token: device.deviceToken });
    const first = await callApi(gateway, "POST", "/devices/sessions/refresh", {
      deviceId: device.deviceId,
      refreshToken: device.refreshToken,
    });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(["deviceToken", "expiresAt", "refreshToken"]);
    expect(first.body.refreshToken).not.toBe(device.refreshToken);
    const refreshed = await scope.join(gateway, { name: "phone2", token: first.body.deviceToken });
    const second = await callApi(gateway, "POST", "/devices/sessions/refresh", {
      deviceId: device.deviceId,
      refreshToken: first.body.refreshToken,
    });
    expect(second.status).toBe(200);

    const reused = await callApi(gateway, "POST", "/devices/sessions/refresh", {
      deviceId: device.deviceId,
      refreshToken: device.refreshToken,
    });
    expect(reused).toEqual({ status: 403, body: { error: "refresh token reused: device revoked" } });
    expect(await live.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    expect(await refreshed.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    const afterRevoke = await callApi(gateway, "POST", "/devices/sessions/refresh", {
      deviceId: device.deviceId,
      refreshToken: second.body.refreshToken,
    });
    expect(afterRevoke).toEqual({ status: 403, body: { error: "device revoked" } });
    expect(await isParked(gateway, second.body.deviceToken as string)).toBe(true);
  });

  it("answers 401 for an unknown device or token and 400 naming a missing field", async () => {
    const gateway = await scope.gateway();
    const { token } = await session(gateway);
    const device = await addDevice(gateway, token, { name: "phone" });
    const refresh = (body: unknown) => callApi(gateway, "POST", "/devices/sessions/refresh", body);
    expect((await refresh({ deviceId: "dv_nobody", refreshToken: device.refreshToken })).status).toBe(401);
    expect((await refresh({ deviceId: device.deviceId, refreshToken: "rt_guess" })).status).toBe(401);
    expect((await refresh({ deviceId: device.deviceId })).body).toEqual({ error: "refreshToken: required" });
    expect((await refresh({ refreshToken: "x" })).body).toEqual({ error: "deviceId: required" });
    // None of that revoked the device.
    expect((await refresh({ deviceId: device.deviceId, refreshToken: device.refreshToken })).status).toBe(
      200,
    );
  });
});

describe("revocation", () => {
  it("by token id, by device and everything before T: live sockets close 4403, the next identify parks", async () => {
    const gateway = await scope.gateway();
    const { account, token } = await session(gateway);
    const other = await session(gateway);
    const bystander = await scope.join(gateway, { name: "bystander", token: other.token });

    const byJti = await scope.join(gateway, { name: "jti", token });
    const jti = (await gateway.keys.verify(token))!.jti;
    const revokedJti = await callApi(gateway, "POST", "/revocations", { jti }, token);
    expect(revokedJti.status).toBe(200);
    expect(revokedJti.body.closed).toBe(1);
    expect(await byJti.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    expect(await isParked(gateway, token)).toBe(true);

    const admin = gateway.adminToken;
    const fresh = async () =>
      (
        await callApi(
          gateway,
          "POST",
          "/validate",
          { account, product: "connect", expiresAtMs: Date.now() + 60_000 },
          admin,
        )
      ).body.token as string;
    const device = await addDevice(gateway, await fresh(), { name: "tablet" });
    const tablet = await scope.join(gateway, { name: "tablet", token: device.deviceToken });
    const byDevice = await callApi(
      gateway,
      "POST",
      "/revocations",
      { deviceId: device.deviceId, account },
      admin,
    );
    expect(byDevice.body.closed).toBe(1);
    expect(await tablet.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    expect(await isParked(gateway, device.deviceToken)).toBe(true);

    const older = await fresh();
    const members = [
      await scope.join(gateway, { name: "a", token: older }),
      await scope.join(gateway, { name: "b", token: older }),
    ];
    const before = Date.now();
    const everything = await callApi(gateway, "POST", "/revocations", { before, account }, admin);
    expect(everything.body.closed).toBe(2);
    for (const member of members) expect((await member.waitClosed()).code).toBe(REVOKED_CLOSE_CODE);
    expect(await isParked(gateway, older)).toBe(true);
    // Tokens issued after T's second are good again.
    await waitUntil(() => Date.now() >= (Math.floor(before / 1000) + 1) * 1000, "the next second", 2000);
    await scope.join(gateway, { name: "again", token: await fresh() });

    expect(bystander.isOpen).toBe(true);
    const missing = await callApi(gateway, "POST", "/revocations", { deviceId: "dv_none", account }, admin);
    expect(missing.status).toBe(404);
    const two = await callApi(gateway, "POST", "/revocations", { jti: "x", before: 1, account }, admin);
    expect(two).toEqual({ status: 400, body: { error: "give exactly one of jti, deviceId, before" } });
    const foreign = await callApi(
      gateway,
      "POST",
      "/revocations",
      { before: 1, account: other.account },
      await fresh(),
    );
    expect(foreign.status).toBe(403);
  });

  it("reaches the sockets of another gateway process on the same store", async () => {
    const first = await scope.gateway();
    const second = await scope.gateway();
    const { token } = await session(first);
    const onSecond = await scope.join(second, { name: "far", token });
    const onFirst = await scope.join(first, { name: "near", token });
    const jti = (await first.keys.verify(token))!.jti;
    const reply = await callApi(first, "POST", "/revocations", { jti }, token);
    expect(reply.body.closed).toBe(1);
    expect(await onFirst.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    expect(await onSecond.waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
    expect(await isParked(second, token)).toBe(true);
  });
});
