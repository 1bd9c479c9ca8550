import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TestSocket } from "@carter/relay/test-support";
import { REVOKED_CLOSE_CODE, SLOTS_FULL_CLOSE_CODE } from "./admission.js";
import type { RunningGateway } from "./gateway.js";
import { gatewayTestScope } from "./test-scope.js";
import { startRedis, type RunningService } from "./test-services.js";

const scope = gatewayTestScope();
let redis: RunningService;
// The embedded database's first start takes seconds, tens of them on a busy machine.
beforeAll(async () => {
  redis = await startRedis();
  await scope.store();
}, 120_000);
afterEach(scope.closeAll);
afterAll(async () => {
  await scope.dispose();
  await redis?.stop();
});

async function accountWithToken(gateway: RunningGateway, slots: number): Promise<string> {
  const account = (await (await scope.store()).createAccount("cluster", slots)).id;
  const { token } = await gateway.keys.mint({
    acct: account,
    prod: "connect",
    use: "session",
    expiresAtMs: Date.now() + 3_600_000,
  });
  return token;
}

/** Identifies and reports whether the socket was welcomed or closed with the slots-full code. */
async function tryJoin(gateway: RunningGateway, name: string, token: string): Promise<TestSocket | "full"> {
  const socket = await scope.open(gateway);
  socket.send("identify", { name, token });
  const outcome = await Promise.race([
    socket.nextOfType("welcome").then(() => "welcomed" as const),
    socket.closed.then((closed) => closed.code),
  ]);
  if (outcome === "welcomed") return socket;
  expect(outcome).toBe(SLOTS_FULL_CLOSE_CODE);
  return "full";
}

describe("a cluster on one Redis", () => {
  it("holds an account's slots across gateway processes", async () => {
    const first = await scope.gateway({ redis: redis.url });
    const second = await scope.gateway({ redis: redis.url });
    const token = await accountWithToken(first, 3);
    const a = await tryJoin(first, "a", token);
    await tryJoin(first, "b", token);
    await tryJoin(second, "c", token);
    expect(await tryJoin(second, "d", token)).toBe("full");
    expect(await tryJoin(first, "e", token)).toBe("full");
    await (a as TestSocket).close();
    // The freed slot is free for the other process too: one more fits, then full again.
    let joined: TestSocket | "full" = "full";
    while (joined === "full") joined = await tryJoin(second, "f", token);
    expect(await tryJoin(first, "g", token)).toBe("full");
  });

  it("frees the slots of a process that died once their lease runs out", async () => {
    const survivor = await scope.gateway({ redis: redis.url, slotLeaseMs: 600 });
    const doomed = await scope.gateway({ redis: redis.url, slotLeaseMs: 600 });
    const token = await accountWithToken(survivor, 2);
    await tryJoin(doomed, "x", token);
    await tryJoin(doomed, "y", token);
    expect(await tryJoin(survivor, "z", token)).toBe("full");
    doomed.cluster!.abandon();
    let joined: TestSocket | "full" = "full";
    while (joined === "full") {
      await new Promise((resolve) => setTimeout(resolve, 100));
      joined = await tryJoin(survivor, "z", token);
    }
    expect(joined).not.toBe("full");
  });

  it("closes revoked sockets on every process through Redis, without waiting for the store poll", async () => {
    const slowPoll = { redis: redis.url, revocationPollMs: 600_000 };
    const first = await scope.gateway(slowPoll);
    const second = await scope.gateway(slowPoll);
    const token = await accountWithToken(first, 5);
    const far = await tryJoin(second, "far", token);
    const claims = (await first.keys.verify(token))!;
    await first.revoke({
      kind: "token",
      account: claims.acct,
      subject: claims.jti,
      atMs: Date.now(),
      expiresAtMs: null,
    });
    expect(await (far as TestSocket).waitClosed()).toEqual({ code: REVOKED_CLOSE_CODE, reason: "revoked" });
  });
});
