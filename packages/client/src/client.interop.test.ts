import { afterEach, describe, expect, it } from "vitest";
import { MeshClient } from "./client.js";
import type { MeshClientOptions } from "./options.js";
import { referenceStyleRelay, until } from "./test-helpers.js";

const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const quiet = { warn: () => {}, error: () => {} };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(): Promise<{ url: string }> {
  const r = await referenceStyleRelay();
  cleanups.push(() => r.close());
  return r;
}

async function member(url: string, name: string, options: Partial<MeshClientOptions> = {}) {
  const client = new MeshClient({
    url,
    name,
    channel: "home",
    role: "hub",
    logger: quiet,
    keepalive: false,
    reconnect: false,
    ...options,
  });
  cleanups.push(() => client.close());
  const seen: unknown[] = [];
  client.on("broadcast", (payload) => void seen.push(payload));
  await client.connect();
  return { client, seen };
}

describe("with a relay that echoes broadcasts to the sender (the reference relay)", () => {
  it.each([
    ["plaintext", undefined],
    ["room E2EE", { key: KEY, mode: "room" } as const],
  ])("%s: never hands a member its own broadcast, yet takes a peer's identical one", async (_name, e2ee) => {
    const r = await relay();
    const a = await member(r.url, "alpha", e2ee ? { e2ee } : {});
    const b = await member(r.url, "beta", e2ee ? { e2ee } : {});

    a.client.broadcast("light", { value: true });
    a.client.broadcast("light", { value: true });
    await until(
      () => a.client.stats.ownEchoes === 2 && b.seen.length === 2,
      "alpha's echoes and beta's copies",
    );
    b.client.broadcast("light", { value: true });
    await until(() => a.seen.length === 1 && b.client.stats.ownEchoes === 1, "beta's broadcast at alpha");

    // Beta's broadcast reached alpha after alpha's receipts: alpha has learned that this relay echoes.
    a.client.broadcast("light", { value: false });
    await until(() => a.client.stats.ownEchoes === 3 && b.seen.length === 3, "alpha's echo, once learned");

    expect(a.seen).toEqual([{ msg_type: "light", value: true }]);
    expect(b.seen).toEqual([
      { msg_type: "light", value: true },
      { msg_type: "light", value: true },
      { msg_type: "light", value: false },
    ]);
    for (const { client } of [a, b])
      expect(client.stats).toMatchObject({ strayReplies: 0, undecryptable: 0 });
  });

  it("directional E2EE: drops the echo of its own seal without counting it undecryptable", async () => {
    const r = await relay();
    const hub = await member(r.url, "hub", { e2ee: { key: KEY, mode: "hub" } });
    const app = await member(r.url, "app", { e2ee: { key: KEY, mode: "app" } });
    hub.client.broadcast("metrics", { cpu: 7 });
    await until(
      () => app.seen.length === 1 && hub.client.stats.ownEchoes === 1,
      "the broadcast at the app and its echo",
    );
    expect(app.seen).toEqual([{ msg_type: "metrics", cpu: 7 }]);
    expect(hub.seen).toEqual([]);
    expect(hub.client.stats).toMatchObject({ undecryptable: 0, strayReplies: 0 });
  });

  it("routes by id; by name needs our relay (the reference answers Target not found)", async () => {
    const r = await relay();
    const hub = await member(r.url, "hub");
    const app = await member(r.url, "app");
    hub.client.on("get_doc", (p: { path: string }) => ({ title: p.path }));
    expect(await app.client.route({ id: hub.client.id! }, "get_doc", { path: "x" })).toEqual({ title: "x" });
    await expect(app.client.route("hub", "get_doc", { path: "x" })).rejects.toMatchObject({
      name: "RequestFailedError",
      error: "Target not found",
    });
    const noted = new Promise((resolve) => hub.client.on("note", (p) => void resolve(p)));
    app.client.routeNoReply("hub", "note", { n: 1 });
    expect(await noted).toEqual({ n: 1 });
  });
});
