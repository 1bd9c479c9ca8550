import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NOTIFICATION_MSG_TYPE, type RunningGateway } from "./gateway.js";
import { callApi, gatewayTestScope } from "./test-scope.js";

const scope = gatewayTestScope();
afterEach(scope.closeAll);
afterAll(scope.dispose);
// The embedded database's first start takes seconds, tens of them on a busy machine.
beforeAll(async () => {
  await scope.store();
}, 120_000);

async function session(gateway: RunningGateway): Promise<{ account: string; token: string }> {
  const account = (await (await scope.store()).createAccount("notify", 10)).id;
  const { token } = await gateway.keys.mint({
    acct: account,
    prod: "connect",
    use: "session",
    expiresAtMs: Date.now() + 3_600_000,
  });
  return { account, token };
}

const FULL = {
  title: "Garage",
  body: "Door open 10 min",
  sound: "default",
  subtitle: "Bay 2",
  channel: "garage",
  threadId: "garage",
  interruption: "time-sensitive",
  relevance: 0.7,
  imageURL: "https://img.example/d.jpg",
  sender: { name: "Porch", avatarURL: "https://img.example/p.png" },
  notifId: "n9c2f0a",
  actions: [
    { id: "ack", title: "Got it" },
    { id: "shut", title: "Close it", destructive: true },
  ],
  category: "alert",
  badge: 1,
  data: { k: "v" },
};

describe("POST /alerts/notify", () => {
  it("delivers the spec's example to the account's online devices on the channel and replies {sent, stale, notifId}", async () => {
    const gateway = await scope.gateway();
    const { account, token } = await session(gateway);
    const other = await session(gateway);
    const phone = await scope.join(gateway, { name: "phone", channel: "garage", role: "viewer", token });
    const elsewhere = await scope.join(gateway, { name: "tv", channel: "living", role: "viewer", token });
    const hub = await scope.join(gateway, { name: "hub", channel: "garage", role: "hub", token });
    const stranger = await scope.join(gateway, {
      name: "phone",
      channel: "garage",
      role: "viewer",
      token: other.token,
    });
    const reply = await callApi(gateway, "POST", "/alerts/notify", FULL, token);
    expect(reply).toEqual({ status: 200, body: { sent: 1, stale: 0, notifId: "n9c2f0a" } });
    const frame = await phone.nextOfType("broadcast");
    expect(frame.payload).toEqual({ msg_type: NOTIFICATION_MSG_TYPE, ...FULL });
    for (const socket of [elsewhere, hub, stranger]) await socket.sync();
    for (const socket of [elsewhere, hub, stranger])
      expect(socket.received.filter((f) => f.type === "broadcast")).toEqual([]);
    const minimal = await callApi(gateway, "POST", "/alerts/notify", { title: "t", body: "b" }, token);
    expect(minimal.body).toMatchObject({
      sent: 2,
      stale: 0,
      notifId: expect.stringMatching(/^n[0-9a-f]{8}$/),
    });
    expect(account).toMatch(/^\d+$/);
  });

  it("answers 400 naming the field for every limit, and 401/403 for bad credentials", async () => {
    const gateway = await scope.gateway();
    const { token } = await session(gateway);
    const long = (n: number) => "x".repeat(n);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: undefined }, "title"],
      [{ title: "" }, "title"],
      [{ title: long(257) }, "title"],
      [{ body: "" }, "body"],
      [{ body: long(257) }, "body"],
      [{ body: 5 }, "body"],
      [{ subtitle: long(257) }, "subtitle"],
      [{ interruption: "critical" }, "interruption"],
      [{ interruption: "loud" }, "interruption"],
      [{ relevance: 1.5 }, "relevance"],
      [{ relevance: -0.1 }, "relevance"],
      [{ relevance: "high" }, "relevance"],
      [{ threadId: long(129) }, "threadId"],
      [{ imageURL: `https://i.example/${long(500)}` }, "imageURL"],
      [{ imageURL: "not a url" }, "imageURL"],
      [{ notifId: long(65) }, "notifId"],
      [{ notifId: "" }, "notifId"],
      [{ sender: { name: "" } }, "sender.name"],
      [{ sender: { name: long(65) } }, "sender.name"],
      [{ sender: { name: "P", avatarURL: `https://a.example/${long(500)}` } }, "sender.avatarURL"],
      [{ sender: "Porch" }, "sender"],
      [{ actions: Array.from({ length: 5 }, (_, n) => ({ id: `a${n}`, title: "t" })) }, "actions"],
      [{ actions: [{ id: long(65), title: "t" }] }, "actions[0].id"],
      [{ actions: [{ id: "a", title: long(49) }] }, "actions[0].title"],
      [{ actions: [{ id: "a", title: "t", destructive: "yes" }] }, "actions[0].destructive"],
      [
        {
          actions: [
            { id: "a", title: "t" },
            { id: "a", title: "u" },
          ],
        },
        "actions",
      ],
      [{ sound: "../../etc/passwd" }, "sound"],
      [{ channel: "bad channel!" }, "channel"],
      [{ badge: -1 }, "badge"],
      [{ badge: 1.5 }, "badge"],
      [{ data: [1] }, "data"],
      [{ data: { big: long(5000) } }, "data"],
    ];
    for (const [change, field] of cases) {
      const reply = await callApi(gateway, "POST", "/alerts/notify", { ...FULL, ...change }, token);
      expect(reply.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(String(reply.body.error).startsWith(`${field}: `), String(reply.body.error)).toBe(true);
    }
    expect((await callApi(gateway, "POST", "/alerts/notify", FULL)).status).toBe(401);
    expect((await callApi(gateway, "POST", "/alerts/notify", FULL, "forged")).status).toBe(401);
    expect((await callApi(gateway, "POST", "/alerts/notify", FULL, gateway.adminToken)).status).toBe(403);
    const device = await callApi(gateway, "POST", "/devices", { name: "tablet" }, token);
    const asDevice = await callApi(
      gateway,
      "POST",
      "/alerts/notify",
      FULL,
      device.body.deviceToken as string,
    );
    expect(asDevice.status).toBe(403);
    const hub = await callApi(gateway, "POST", "/devices", { name: "hub", role: "hub" }, token);
    const asHub = await callApi(gateway, "POST", "/alerts/notify", FULL, hub.body.deviceToken as string);
    expect(asHub.body).toEqual({ sent: 0, stale: 0, notifId: "n9c2f0a" });
  });
});
