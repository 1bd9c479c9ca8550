import { X509Certificate } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, SignJWT } from "jose";
import { CloseCode, type Frame } from "@carter/protocol";
import { waitUntil, type TestSocket } from "@carter/relay/test-support";
import { SLOTS_FULL_CLOSE_CODE } from "./admission.js";
import { startGateway, type RunningGateway } from "./gateway.js";
import { callApi, gatewayTestScope } from "./test-scope.js";
import { developmentTls } from "./tls.js";

const scope = gatewayTestScope();
afterEach(scope.closeAll);
afterAll(scope.dispose);
// The embedded database's first start takes seconds, tens of them on a busy machine.
beforeAll(async () => {
  await scope.store();
}, 120_000);

async function mint(gateway: RunningGateway, account: string, expiresInMs = 3_600_000): Promise<string> {
  const reply = await callApi(
    gateway,
    "POST",
    "/validate",
    { account, product: "connect", expiresAtMs: Date.now() + expiresInMs },
    gateway.adminToken,
  );
  expect(reply.status).toBe(200);
  return reply.body.token as string;
}

async function account(slots = 10): Promise<string> {
  return (await (await scope.store()).createAccount("test", slots)).id;
}

/** Every verb a client could try, aimed at `victim` (its id and both spellings of its name). */
function sendEverything(socket: TestSocket, victim: { id: string; name: string }, account: string): void {
  const bare = victim.name.slice(victim.name.indexOf(".") + 1);
  for (const type of [
    "broadcast_request",
    "node_status",
    "service_log",
    "iCloud_data_Broadcast",
    "place_visit_Broadcast",
    "request_prediction",
    "prediction_result",
  ])
    socket.send(type, { msg_type: "leak", from: "parked" });
  for (const target of [{ target_id: victim.id }, { target_name: victim.name }, { target_name: bare }]) {
    socket.send("route_msg", { ...target, type: "get_state", payload: { leak: true } });
    socket.send("route_msg_noreply", { ...target, type: "get_state", payload: { leak: true } });
  }
  socket.send("get_nodes");
  socket.send("ping");
  socket.send("chat_message", { text: "leak" });
  socket.send("broadcast", { msg_type: "leak" });
  socket.send("welcome", { id: victim.id });
  socket.send("route_msg", { leak: true }, victim.id);
  // A crafted identify claiming the victim's namespace, with no valid token: parked again.
  socket.send("identify", {
    name: `${account}.evil`,
    channel: `${account}.home`,
    role: "editor",
    token: "forged",
  });
  socket.send("broadcast_request", { msg_type: "leak", after: "reidentify" });
}

/** What a member received besides its own welcome, its own request replies and roster pushes. */
function traffic(socket: TestSocket): Frame[] {
  return socket.received.filter(
    (f) => f.type !== "welcome" && f.type !== "server_client_list" && f.reply_to === null,
  );
}

async function metricsText(gateway: RunningGateway): Promise<string> {
  return (await callApi(gateway, "GET", "/metrics")).body.text as string;
}

async function eventually(condition: () => Promise<boolean>, what: string, deadlineMs = 5000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("TLS", () => {
  it("serves wss:// with a development certificate kept in the data directory", async () => {
    const gateway = await scope.gateway();
    expect(gateway.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.tls?.selfSigned).toBe(true);
    const cert = new X509Certificate(gateway.tls!.cert);
    expect(cert.fingerprint256).toBe(gateway.tls!.fingerprint);
    expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
    // Without trusting it, the handshake fails: it really is TLS.
    await expect(
      callApi({ ...gateway, tls: { ...gateway.tls!, cert: "" } }, "GET", "/healthz"),
    ).rejects.toThrow();
    expect((await callApi(gateway, "GET", "/healthz")).body).toMatchObject({ status: "ok" });
  });

  it("reuses the development certificate on the next start", async () => {
    const gateway = await scope.gateway();
    const first = await developmentTls(gateway.dataDir);
    expect(first.generated).toBe(false);
    expect(first.fingerprint).toBe(gateway.tls!.fingerprint);
  });

  it("refuses plain ws:// on a non-loopback host unless forced", async () => {
    await expect(
      startGateway({ dataDir: "/nonexistent", host: "0.0.0.0", plain: true, store: await scope.store() }),
    ).rejects.toThrow(/only served on loopback/);
    const plain = await scope.gateway({ plain: true });
    expect(plain.url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    expect((await callApi(plain, "GET", "/healthz")).status).toBe(200);
  });
});

describe("/validate (development mint)", () => {
  it("needs the admin credential and names each bad field", async () => {
    const gateway = await scope.gateway();
    const acct = await account();
    const body = { account: acct, product: "connect", expiresAtMs: Date.now() + 60_000 };
    expect((await callApi(gateway, "POST", "/validate", body)).status).toBe(401);
    expect((await callApi(gateway, "POST", "/validate", body, "wrong")).status).toBe(401);
    const session = await mint(gateway, acct);
    expect((await callApi(gateway, "POST", "/validate", body, session)).status).toBe(403);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...body, account: "abc" }, 400, "account"],
      [{ ...body, product: "" }, 400, "product"],
      [{ ...body, expiresAtMs: "soon" }, 400, "expiresAtMs"],
      [{ ...body, expiresAtMs: Date.now() - 1000 }, 400, "expiresAtMs"],
      [{ ...body, expiresAtMs: Date.now() + 365 * 86_400_000 }, 400, "expiresAtMs"],
      [{ ...body, account: "999999999" }, 404, "account"],
    ];
    for (const [bad, status, field] of cases) {
      const reply = await callApi(gateway, "POST", "/validate", bad, `Bearer ${gateway.adminToken}`);
      expect(reply.status, JSON.stringify(bad)).toBe(status);
      expect(String(reply.body.error)).toMatch(new RegExp(`^${field}`));
    }
    expect((await callApi(gateway, "POST", "/validate", "{not json", gateway.adminToken)).status).toBe(400);
    const claims = await gateway.keys.verify(session);
    expect(claims).toMatchObject({ acct: acct, prod: "connect", use: "session" });
    expect(claims?.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps verifying tokens of a rotated-out key and signs new ones with the new key", async () => {
    const gateway = await scope.gateway();
    const acct = await account();
    const before = await mint(gateway, acct);
    const reply = await callApi(gateway, "POST", "/keys/rotate", {}, gateway.adminToken);
    expect(reply.status).toBe(200);
    const after = await mint(gateway, acct);
    expect(JSON.parse(Buffer.from(after.split(".")[0], "base64url").toString()).kid).toBe(reply.body.kid);
    const welcome = await (await scope.open(gateway)).identify({ name: "old", token: before });
    expect(welcome.payload).toMatchObject({ name: `${acct}.old` });
    await (await scope.open(gateway)).identify({ name: "new", token: after });
  });
});

describe("admission", () => {
  it("admits a valid token under the account namespace and shows the namespaced name in welcome", async () => {
    const gateway = await scope.gateway();
    const acct = await account();
    const token = await mint(gateway, acct);
    const hub = await scope.open(gateway);
    const welcome = await hub.identify({ name: "porch-hub", channel: "home", role: "hub", token });
    expect(welcome.payload).toMatchObject({ name: `${acct}.porch-hub` });
    const phone = await scope.join(gateway, {
      name: "phone",
      channel: "home",
      role: "editor",
      auth_token: token,
    });
    await hub.request("broadcast_request", { msg_type: "porch.light", on: true });
    expect((await phone.nextOfType("broadcast")).payload).toEqual({ msg_type: "porch.light", on: true });
    expect((await phone.request("get_nodes")).payload).toEqual({
      clients: [{ id: hub.id, name: `${acct}.porch-hub`, channel: `${acct}.home`, role: "hub" }],
    });
  });

  it("parks every socket without a good token: it sends and receives nothing and is in no roster", async () => {
    const gateway = await scope.gateway();
    const acct = await account();
    const token = await mint(gateway, acct);
    const hub = await scope.join(gateway, { name: "hub", channel: "home", role: "hub", token });
    const monitor = await scope.join(gateway, {
      name: "monitor",
      channel: "home",
      role: "editor",
      broadcast_scope: "global",
      token,
    });
    const expiring = await mint(gateway, acct, 1100);
    const revoked = await mint(gateway, acct);
    await gateway.revoke({
      kind: "token",
      account: acct,
      subject: (await gateway.keys.verify(revoked))!.jti,
      atMs: Date.now(),
      expiresAtMs: null,
    });
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT({ acct, prod: "connect", use: "session", jti: "x" })
      .setProtectedHeader({ alg: "EdDSA", kid: gateway.keys.signingKid })
      .setIssuer("carter-gateway")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const unknownAccount = await gateway.keys.mint({
      acct: "4410027999",
      prod: "connect",
      use: "session",
      expiresAtMs: Date.now() + 60_000,
    });
    const expiredClaims = (await gateway.keys.verify(expiring))!;
    await waitUntil(() => Date.now() > expiredClaims.exp * 1000, "the short token has expired", 3000);
    const identities: Record<string, unknown>[] = [
      { name: "no-token" },
      { name: "empty", token: "" },
      { name: "garbage", token: "not-a-jwt" },
      { name: "non-string", token: 42 },
      { name: "expired", token: expiring },
      { name: "revoked", token: revoked },
      { name: "forged", token: forged },
      { name: "unknown-account", token: unknownAccount.token },
      { name: `${acct}.hub`, channel: `${acct}.home`, role: "editor" },
    ];
    const parked: TestSocket[] = [];
    for (const identity of identities) {
      const socket = await scope.open(gateway);
      socket.send("identify", { role: "hub", channel: "home", ...identity });
      parked.push(socket);
    }
    await waitUntil(() => gateway.relay.stats().parked === identities.length, "all parked", 5000);
    for (const socket of parked) sendEverything(socket, { id: hub.id, name: `${acct}.hub` }, acct);
    // Every frame but the re-identify (which asks admission again) is dropped, on every parked socket.
    const expectedDrops = identities.length * 20;
    const droppedSoFar = async () =>
      Number(/^mesh_parked_frames_dropped_total (\d+)/m.exec(await metricsText(gateway))?.[1]);
    await eventually(async () => (await droppedSoFar()) === expectedDrops, "all frames dropped");
    await waitUntil(() => gateway.relay.stats().parked === identities.length, "all parked again");
    // A parked socket that identifies again with a good token joins.
    const late = await scope.open(gateway);
    late.send("identify", { name: "late", token: "bad" });
    await waitUntil(() => gateway.relay.stats().parked === identities.length + 1, "late parked too");
    const welcome = await late.identify({ name: "late", role: "viewer", token });
    expect(welcome.payload).toMatchObject({ name: `${acct}.late` });
    await hub.sync();
    await monitor.sync();
    for (const socket of parked) {
      expect(socket.isOpen).toBe(true);
      expect(socket.received).toEqual([]);
    }
    expect(traffic(hub)).toEqual([]);
    expect(traffic(monitor)).toEqual([]);
    const roster = (await monitor.request("get_nodes")).payload as { clients: { name: string }[] };
    expect(roster.clients.map((c) => c.name).sort()).toEqual([`${acct}.hub`, `${acct}.late`]);
    const pushed = monitor.received.filter((f) => f.type === "server_client_list");
    for (const push of pushed) {
      const names = (push.payload as { clients: { name: string }[] }).clients.map((c) => c.name);
      expect(names.every((name) => [`${acct}.hub`, `${acct}.monitor`, `${acct}.late`].includes(name))).toBe(
        true,
      );
    }
    const metrics = await metricsText(gateway);
    expect(await droppedSoFar()).toBe(expectedDrops);
    expect(metrics).toMatch(/gateway_parked_total\{reason="invalid_token"\} [1-9]/);
    expect(metrics).toMatch(/gateway_parked_total\{reason="revoked"\} 1\b/);
    expect(metrics).toMatch(/gateway_parked_total\{reason="unknown_account"\} 1\b/);
    expect((await callApi(gateway, "GET", "/healthz")).body).toMatchObject({ parked: identities.length });
  });

  it("lets no frame cross accounts, whatever names, ids and namespaces the other account tries", async () => {
    const gateway = await scope.gateway();
    const [a, b] = [await account(), await account()];
    const [tokenA, tokenB] = [await mint(gateway, a), await mint(gateway, b)];
    const hubA = await scope.join(gateway, { name: "hub", channel: "home", role: "hub", token: tokenA });
    const monitorA = await scope.join(gateway, {
      name: "mon",
      channel: "home",
      role: "editor",
      broadcast_scope: "global",
      token: tokenA,
    });
    const hubB = await scope.join(gateway, {
      name: "hub",
      channel: "home",
      role: "editor",
      broadcast_scope: "global",
      can_cross_channel_route: true,
      token: tokenB,
    });
    expect(hubB.id).not.toBe(hubA.id);
    for (const target of [{ target_id: hubA.id }, { target_name: `${a}.hub` }, { target_name: `${a}.mon` }]) {
      const reply = await hubB.request("route_msg", { ...target, type: "get_state" });
      expect(reply.payload).toEqual({ error: "Target not found", status: "failed" });
    }
    await hubB.request("broadcast_request", { msg_type: "from-b" });
    hubB.send("route_msg_noreply", { target_id: hubA.id, type: "poke" });
    expect((await hubB.request("get_nodes")).payload).toEqual({ clients: [] });
    for (const [name, channel] of [
      [`${a}.intruder`, "home"],
      ["intruder", `${a}.home`],
    ]) {
      const crafted = await scope.open(gateway);
      crafted.send("identify", { name, channel, role: "editor", token: tokenB });
      expect((await crafted.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    }
    await hubA.sync();
    await monitorA.sync();
    expect(traffic(hubA)).toEqual([]);
    expect(traffic(monitorA)).toEqual([]);
    for (const push of monitorA.received.filter((f) => f.type === "server_client_list")) {
      const channels = (push.payload as { clients: { channel: string }[] }).clients.map((c) => c.channel);
      expect(channels.every((channel) => channel.startsWith(`${a}.`))).toBe(true);
    }
  });

  it("refuses with 4429 past the account's slots and frees a slot when a member leaves", async () => {
    const gateway = await scope.gateway();
    const acct = await account(2);
    const token = await mint(gateway, acct);
    const first = await scope.join(gateway, { name: "one", token });
    await scope.join(gateway, { name: "two", token });
    const third = await scope.open(gateway);
    third.send("identify", { name: "three", token });
    expect(await third.waitClosed()).toEqual({
      code: SLOTS_FULL_CLOSE_CODE,
      reason: "account connection slots full (2 for connect)",
    });
    await first.close();
    await waitUntil(() => gateway.relay.stats().members === 1, "a slot is free");
    await scope.join(gateway, { name: "three", token });
    const other = await account(1);
    await scope.join(gateway, { name: "one", token: await mint(gateway, other) });
  });

  it("limits broadcasts per connection and per account, and frames per account, with failure replies", async () => {
    const gateway = await scope.gateway({
      rateLimits: {
        connectionBroadcastsPerSecond: 1,
        accountBroadcastsPerSecond: 2,
        accountFramesPerSecond: 0,
      },
    });
    const acct = await account();
    const token = await mint(gateway, acct);
    const listener = await scope.join(gateway, { name: "listener", role: "viewer", token });
    const a = await scope.join(gateway, { name: "a", role: "hub", token });
    const b = await scope.join(gateway, { name: "b", role: "hub", token });
    const statuses = async (socket: TestSocket, count: number) => {
      const ids = Array.from({ length: count }, (_, n) =>
        socket.send("broadcast_request", { msg_type: "t", n }),
      );
      const replies = await Promise.all(
        ids.map((id) => socket.next((f) => f.reply_to === id, "a broadcast reply")),
      );
      return replies.map((reply) => (reply.payload as { status: string; error?: string }).error ?? "sent");
    };
    // Each connection may burst 2 (1/s); the account as a whole 4 (2/s).
    expect(await statuses(a, 3)).toEqual(["sent", "sent", "rate limited"]);
    expect(await statuses(b, 3)).toEqual(["sent", "sent", "rate limited"]);
    const c = await scope.join(gateway, { name: "c", role: "hub", token });
    expect(await statuses(c, 1)).toEqual(["rate limited"]);
    await listener.sync();
    expect(listener.received.filter((f) => f.type === "broadcast")).toHaveLength(4);
    const metrics = await metricsText(gateway);
    expect(metrics).toContain(
      `gateway_rate_limited_total{account="${acct}",limit="connection_broadcasts"} 2`,
    );
    expect(metrics).toContain(`gateway_rate_limited_total{account="${acct}",limit="account_broadcasts"} 1`);

    const framed = await scope.gateway({ rateLimits: { accountFramesPerSecond: 2 } });
    const other = await account();
    const pinger = await scope.join(framed, { name: "p", token: await mint(framed, other) });
    const ids = Array.from({ length: 5 }, () => pinger.send("ping"));
    const pongs = await Promise.all(ids.map((id) => pinger.next((f) => f.reply_to === id, "a ping reply")));
    expect(pongs.map((f) => f.payload)).toEqual([
      "pong",
      "pong",
      "pong",
      "pong",
      { error: "rate limited", status: "failed" },
    ]);
  });
});
