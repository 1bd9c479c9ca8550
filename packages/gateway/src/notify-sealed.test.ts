import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { createE2ee, E2eeError } from "@carter/protocol";
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

const ROOM_KEY = randomBytes(32).toString("base64");
const CONTENT = {
  title: "Secret title: garage door",
  body: "Secret body: open 10 min",
  subtitle: "Secret subtitle: bay 2",
  imageURL: "https://img.example/secret-door.jpg",
  sender: { name: "Secret porch", avatarURL: "https://img.example/secret-porch.png" },
};
const SECRETS = [CONTENT.title, CONTENT.body, CONTENT.subtitle, CONTENT.imageURL, CONTENT.sender.name];

/** What a room hub sends (carterkit `notify` in a room): content sealed `grp v2`, hints clear. */
function sealedNotify(seal = createE2ee(ROOM_KEY, "room")): Record<string, unknown> {
  return {
    title: "CAR-TER",
    body: "New notification",
    channel: "garage",
    threadId: "garage",
    interruption: "time-sensitive",
    notifId: "nsealed1",
    actions: [{ id: "ack", title: "Got it" }],
    data: { k: "v", enc: seal.seal(CONTENT) },
  };
}

async function session(gateway: RunningGateway): Promise<string> {
  const account = (await (await scope.store()).createAccount("sealed", 10)).id;
  return (
    await gateway.keys.mint({
      acct: account,
      prod: "connect",
      use: "session",
      expiresAtMs: Date.now() + 3_600_000,
    })
  ).token;
}

describe("room-sealed notifications (§7)", () => {
  it("carries sealed content the gateway never reads: the room key opens it, another key cannot, and no log holds it", async () => {
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString("utf8"));
        done();
      },
    });
    const gateway = await scope.gateway({ logger: pino({ level: "trace" }, sink) });
    const token = await session(gateway);
    const keyed = await scope.join(gateway, { name: "phone", channel: "garage", role: "viewer", token });
    const keyless = await scope.join(gateway, { name: "tablet", channel: "garage", role: "viewer", token });

    const body = sealedNotify();
    const reply = await callApi(gateway, "POST", "/alerts/notify", body, token);
    expect(reply).toEqual({ status: 200, body: { sent: 2, stale: 0, notifId: "nsealed1" } });

    const frame = await keyed.nextOfType("broadcast");
    expect(frame.payload).toEqual({ msg_type: NOTIFICATION_MSG_TYPE, ...body });
    const payload = frame.payload as { data: { enc: unknown } };
    expect(createE2ee(ROOM_KEY, "room").open(payload.data.enc)).toEqual(CONTENT);

    const other = (await keyless.nextOfType("broadcast")).payload as {
      title: string;
      data: { enc: unknown };
    };
    expect(other.title).toBe("CAR-TER");
    const wrongKey = createE2ee(randomBytes(32).toString("base64"), "room");
    expect(() => wrongKey.open(other.data.enc)).toThrow(E2eeError);
    for (const secret of SECRETS) expect(JSON.stringify(other)).not.toContain(secret);

    // A refused body is answered without echoing or logging the sealed content either.
    const refused = await callApi(
      gateway,
      "POST",
      "/alerts/notify",
      { ...body, subtitle: CONTENT.subtitle },
      token,
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toContain(CONTENT.subtitle);

    expect(logs.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(logs.join("")).not.toContain(secret);
  });

  it("answers 400 naming the field for a malformed envelope or content sent in the clear beside it", async () => {
    const gateway = await scope.gateway();
    const token = await session(gateway);
    const base = sealedNotify();
    const enc = (base.data as { enc: Record<string, unknown> }).enc;
    const cases: [Record<string, unknown>, string][] = [
      [{ data: { enc: "sealed" } }, "data.enc"],
      [{ data: { enc: { ...enc, e2ee: 1 } } }, "data.enc.e2ee"],
      [{ data: { enc: { ...enc, s: undefined } } }, "data.enc.s"],
      [{ data: { enc: { ...enc, s: "AAAA" } } }, "data.enc.s"],
      [{ data: { enc: { ...enc, s: "not base64!" } } }, "data.enc.s"],
      [{ data: { enc: { ...enc, n: -1 } } }, "data.enc.n"],
      [{ data: { enc: { ...enc, n: 1.5 } } }, "data.enc.n"],
      [{ data: { enc: { ...enc, n: "0" } } }, "data.enc.n"],
      [{ data: { enc: { ...enc, ct: "AAAA" } } }, "data.enc.ct"],
      [{ data: { enc: { ...enc, ct: 7 } } }, "data.enc.ct"],
      [{ subtitle: "Bay 2" }, "subtitle"],
      [{ imageURL: "https://img.example/d.jpg" }, "imageURL"],
      [{ sender: { name: "Porch" } }, "sender"],
    ];
    for (const [change, field] of cases) {
      const reply = await callApi(gateway, "POST", "/alerts/notify", { ...base, ...change }, token);
      expect(reply.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(String(reply.body.error).startsWith(`${field}: `), String(reply.body.error)).toBe(true);
    }
  });
});
