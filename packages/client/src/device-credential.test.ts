import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialRejectedError, CredentialRevokedError, DeviceCredential } from "./device-credential.js";

/** A validator on loopback answering refreshes with the scripted statuses, in order (then 200). */
let server: Server;
let validator = "";
let script: number[] = [];
const bodies: Record<string, unknown>[] = [];
let issued = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      const status = script.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json" });
      issued++;
      res.end(
        status === 200
          ? JSON.stringify({
              deviceToken: `dt${issued}`,
              expiresAt: Date.now() + 3_600_000,
              refreshToken: `rt${issued}`,
            })
          : JSON.stringify({ error: "no" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  validator = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const credential = (extra: Partial<ConstructorParameters<typeof DeviceCredential>[0]> = {}) =>
  new DeviceCredential({
    validator,
    deviceId: "dv_1",
    refreshToken: "rt0",
    forbiddenRetryMs: { connect: 10, loop: 10 },
    ...extra,
  });

describe("DeviceCredential", () => {
  it("refreshes when it has no token, rotates the refresh token, and never runs two refreshes at once", async () => {
    bodies.length = 0;
    const refreshed: string[] = [];
    const subject = credential({ onRefresh: (r) => void refreshed.push(r.refreshToken) });
    const [a, b] = await Promise.all([subject.token(), subject.token()]);
    expect(a).toBe(b);
    expect(bodies).toEqual([{ deviceId: "dv_1", refreshToken: "rt0" }]);
    expect(await subject.token()).toBe(a);
    await subject.refresh();
    expect(bodies[1]).toEqual({ deviceId: "dv_1", refreshToken: refreshed[0] });
    subject.expire();
    expect(await subject.token()).not.toBe(a);
    expect(bodies).toHaveLength(3);
  });

  it("counts 403s in a row: two then success resets, three is revoked; 401 is rejected at once", async () => {
    script = [403, 403];
    await expect(credential().token()).resolves.toMatch(/^dt/);
    script = [403, 403, 403];
    await expect(credential().token()).rejects.toBeInstanceOf(CredentialRevokedError);
    script = [401];
    await expect(credential().token()).rejects.toBeInstanceOf(CredentialRejectedError);
    script = [500];
    const transient = credential().token();
    await expect(transient).rejects.toThrow("HTTP 500");
    await expect(transient).rejects.not.toBeInstanceOf(CredentialRevokedError);
  });

  it("refuses a validator that is not https (http only on loopback) and missing fields", () => {
    expect(() => credential({ validator: "http://validator.example" })).toThrow(/https/);
    expect(() => credential({ validator: "nope" })).toThrow(/validator/);
    expect(() => credential({ deviceId: "" })).toThrow(/deviceId/);
    expect(() => credential({ refreshToken: "" })).toThrow(/refreshToken/);
    expect(
      credential({
        token: "t",
        expiresAt: Date.now() + 600_000,
        refreshEveryMs: 2_400_000,
      }).nextRefreshInMs(),
    ).toBeLessThanOrEqual(540_000);
  });
});
