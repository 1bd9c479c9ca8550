import { afterEach, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "@carter/protocol";
import { MeshClient } from "./client.js";
import { scriptedServer, until, welcomeOnIdentify } from "./test-helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a hostile relay", () => {
  it("cannot crash a client with frames nested past the limit; later frames still arrive", async () => {
    const s = await scriptedServer(welcomeOnIdentify);
    cleanups.push(() => s.close());
    const c = new MeshClient({ name: "tester", url: s.url, logger: { warn: () => {}, error: () => {} } });
    cleanups.push(() => c.close());
    const seen: unknown[] = [];
    c.on("broadcast", (payload) => void seen.push(payload));
    await c.connect();
    const conn = s.connections[0];
    // An unreceipted broadcast of ours makes the client compare every incoming broadcast with it
    // (one JSON.stringify of the payload): 100,000 levels used to overflow the stack right there.
    const ours = c.broadcast("light", { on: true });
    await until(() => conn.frames.some((f) => f.id === ours), "our broadcast");
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    conn.socket.send(`{"id":"d1","type":"broadcast","payload":${deep},"reply_to":null}`);
    conn.socket.send(Buffer.from(`{"id":"d2","type":"ping","payload":${deep},"reply_to":null}`));
    const atLimit = JSON.parse("[".repeat(MAX_JSON_DEPTH - 1) + "]".repeat(MAX_JSON_DEPTH - 1)) as unknown;
    conn.send({ type: "broadcast", payload: atLimit });
    conn.send({ type: "broadcast", payload: { msg_type: "after" } });
    await until(() => seen.length === 2, "the two bounded broadcasts");
    expect(seen).toEqual([atLimit, { msg_type: "after" }]);
    expect(c.stats.invalidFrames).toBe(2);
    expect(conn.frames.some((f) => f.reply_to === "d2")).toBe(false);
    expect(c.state).toBe("ready");
  });
});
