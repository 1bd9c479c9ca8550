import { randomBytes } from "node:crypto";
import { createE2ee } from "@carter/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "./gateway.js";
import { NOTIFICATION_MSG_TYPE } from "./notifier.js";
import { startPushService, type TestPushService } from "./test-push-service.js";
import { callApi, gatewayTestScope } from "./test-scope.js";

const scope = gatewayTestScope();
let pushService: TestPushService;
afterEach(scope.closeAll);
afterAll(async () => {
  await scope.dispose();
  await pushService?.close();
});
beforeAll(async () => {
  pushService = await startPushService();
  await scope.store();
}, 120_000);

async function pushGateway(): Promise<RunningGateway> {
  return scope.gateway({ push: { subject: "mailto:ops@household.example", extraCa: pushService.cert } });
}

async function account(gateway: RunningGateway) {
  const id = (await (await scope.store()).createAccount("push", 10)).id;
  const { token } = await gateway.keys.mint({
    acct: id,
    prod: "connect",
    use: "session",
    expiresAtMs: Date.now() + 3_600_000,
  });
  const device = async (name: string) => {
    const reply = await callApi(gateway, "POST", "/devices", { name }, token);
    return { deviceId: reply.body.deviceId as string, token: reply.body.deviceToken as string };
  };
  return { id, token, device };
}

describe("Web Push", () => {
  it("pushes to a subscribed device while it is offline (VAPID-signed, payload encrypted to its keys), and over the mesh while it is online", async () => {
    const gateway = await pushGateway();
    const { token, device } = await account(gateway);
    const tablet = await device("tablet");
    const subscription = pushService.subscribe();
    const saved = await callApi(
      gateway,
      "POST",
      "/push/subscriptions",
      { subscription: subscription.json },
      tablet.token,
    );
    expect(saved).toEqual({
      status: 201,
      body: { endpoint: subscription.json.endpoint, deviceId: tablet.deviceId },
    });
    const vapid = await callApi(gateway, "GET", "/push/vapid");
    expect(vapid.body.publicKey).toBe(gateway.push?.publicKey);

    const before = pushService.received.length;
    const notification = {
      title: "Garage",
      body: "Door open",
      channel: "garage",
      interruption: "time-sensitive",
    };
    const offline = await callApi(gateway, "POST", "/alerts/notify", notification, token);
    expect(offline.body).toMatchObject({ sent: 1, stale: 0 });
    const [push] = (await pushService.waitFor(before + 1)).slice(before);
    expect(push.path).toBe(new URL(subscription.json.endpoint).pathname);
    expect(push.vapidKey).toBe(vapid.body.publicKey);
    expect(push.claims).toMatchObject({ aud: pushService.origin, sub: "mailto:ops@household.example" });
    expect(push.urgency).toBe("high");
    expect(push.ttl).toBeGreaterThan(0);
    expect(push.payload).toEqual({
      msg_type: NOTIFICATION_MSG_TYPE,
      ...notification,
      notifId: offline.body.notifId,
    });

    // Online on the channel: the notification rides the mesh and the push service hears nothing.
    const socket = await scope.join(gateway, {
      name: "tablet",
      channel: "garage",
      role: "viewer",
      token: tablet.token,
    });
    const online = await callApi(
      gateway,
      "POST",
      "/alerts/notify",
      { ...notification, notifId: "n2" },
      token,
    );
    expect(online.body).toEqual({ sent: 1, stale: 0, notifId: "n2" });
    expect((await socket.nextOfType("broadcast")).payload).toMatchObject({ notifId: "n2" });
    const third = await callApi(gateway, "POST", "/alerts/notify", { ...notification, notifId: "n3" }, token);
    expect(third.body.sent).toBe(1);
    await socket.nextOfType("broadcast");
    expect(pushService.received.length).toBe(before + 1);
    expect(pushService.rejected).toEqual([]);
  });

  it("keeps a room notification's sealed data.enc when a push must be trimmed to fit", async () => {
    const gateway = await pushGateway();
    const { token, device } = await account(gateway);
    const tablet = await device("tablet");
    const subscription = pushService.subscribe();
    await callApi(gateway, "POST", "/push/subscriptions", { subscription: subscription.json }, tablet.token);
    const key = randomBytes(32).toString("base64");
    const enc = createE2ee(key, "room").seal({ title: "Door open", body: "Bay 2" });
    const before = pushService.received.length;
    const notification = {
      title: "CAR-TER",
      body: "New notification",
      data: { note: "x".repeat(3850), enc },
    };
    const reply = await callApi(gateway, "POST", "/alerts/notify", notification, token);
    expect(reply.body).toMatchObject({ sent: 1 });
    const [push] = (await pushService.waitFor(before + 1)).slice(before);
    expect(push.payload).toMatchObject({ title: "CAR-TER", truncated: true, data: { enc } });
    expect(Object.keys((push.payload as { data: object }).data)).toEqual(["enc"]);
    expect(createE2ee(key, "room").open(enc)).toEqual({ title: "Door open", body: "Bay 2" });
  });

  it("counts and forgets subscriptions the push service reports gone, and never pushes to revoked devices", async () => {
    const gateway = await pushGateway();
    const { id, token, device } = await account(gateway);
    const lost = await device("lost phone");
    const stolen = await device("stolen phone");
    const live = await device("laptop");
    const gone = pushService.subscribe({ gone: true });
    const kept = pushService.subscribe();
    const revoked = pushService.subscribe();
    for (const [credential, subscription] of [
      [lost, gone],
      [live, kept],
      [stolen, revoked],
    ] as const) {
      const reply = await callApi(
        gateway,
        "POST",
        "/push/subscriptions",
        { subscription: subscription.json },
        credential.token,
      );
      expect(reply.status).toBe(201);
    }
    await callApi(gateway, "POST", "/revocations", { deviceId: stolen.deviceId }, token);
    const before = pushService.received.length;
    const reply = await callApi(gateway, "POST", "/alerts/notify", { title: "t", body: "b" }, token);
    expect(reply.body).toMatchObject({ sent: 1, stale: 1 });
    const [push] = (await pushService.waitFor(before + 1)).slice(before);
    expect(push.path).toBe(new URL(kept.json.endpoint).pathname);
    const store = await scope.store();
    expect((await store.pushSubscriptions(id)).map((record) => record.deviceId)).toEqual([live.deviceId]);
  });

  it("refuses malformed subscriptions naming the field, and credentials that are not a device's", async () => {
    const gateway = await pushGateway();
    const { token, device } = await account(gateway);
    const tablet = await device("tablet");
    const good = pushService.subscribe().json;
    const cases: [unknown, string][] = [
      [undefined, "subscription"],
      ["https://push.example/x", "subscription"],
      [{ ...good, endpoint: "http://push.example/x" }, "subscription.endpoint"],
      [{ ...good, endpoint: "not a url" }, "subscription.endpoint"],
      [{ ...good, endpoint: `https://p.example/${"x".repeat(1100)}` }, "subscription.endpoint"],
      [{ endpoint: good.endpoint }, "subscription.keys"],
      [{ ...good, keys: { ...good.keys, p256dh: "short" } }, "subscription.keys.p256dh"],
      [{ ...good, keys: { ...good.keys, p256dh: "!!" } }, "subscription.keys.p256dh"],
      [
        { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 3).toString("base64url") } },
        "subscription.keys.p256dh",
      ],
      [
        { ...good, keys: { ...good.keys, auth: Buffer.alloc(8).toString("base64url") } },
        "subscription.keys.auth",
      ],
    ];
    for (const [subscription, field] of cases) {
      const reply = await callApi(gateway, "POST", "/push/subscriptions", { subscription }, tablet.token);
      expect(reply.status, String(JSON.stringify(subscription)).slice(0, 60)).toBe(400);
      expect(String(reply.body.error).startsWith(`${field}: `), String(reply.body.error)).toBe(true);
    }
    expect(
      (await callApi(gateway, "POST", "/push/subscriptions", { subscription: good }, token)).status,
    ).toBe(403);
    expect((await callApi(gateway, "POST", "/push/subscriptions", { subscription: good })).status).toBe(401);
    const other = await device("other");
    await callApi(gateway, "POST", "/push/subscriptions", { subscription: good }, tablet.token);
    const foreign = await callApi(
      gateway,
      "DELETE",
      "/push/subscriptions",
      { endpoint: good.endpoint },
      other.token,
    );
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(404);
    const own = await callApi(
      gateway,
      "DELETE",
      "/push/subscriptions",
      { endpoint: good.endpoint },
      tablet.token,
    );
    expect(own).toEqual({ status: 200, body: { removed: good.endpoint } });
  });

  it("is off with push: false (no VAPID key, notify reaches online devices only)", async () => {
    const gateway = await scope.gateway({ push: false });
    expect(gateway.push).toBeNull();
    expect((await callApi(gateway, "GET", "/push/vapid")).status).toBe(404);
    const { token } = await account(gateway);
    expect(
      (await callApi(gateway, "POST", "/alerts/notify", { title: "t", body: "b" }, token)).body,
    ).toMatchObject({
      sent: 0,
      stale: 0,
    });
  });
});
