import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode, MAX_JSON_DEPTH } from "@carter/protocol";
import { MemoryBackplane, type MeshMember } from "./backplane.js";
import type { RunningRelay } from "./relay.js";
import type { TestSocket } from "./test-support.js";
import { relayTestScope } from "./test-scope.js";

const { relay, join, open, closeAll } = relayTestScope();

afterEach(closeAll);

async function rejections(r: RunningRelay, reason: string): Promise<number> {
  const metric = await r.metrics.getSingleMetric("mesh_rejections_total")?.get();
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

/** `levels` nested arrays as JSON text: `[[[…]]]`. */
function nested(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}

/** A frame whose payload is raw JSON text (so it can be deeper than `JSON.stringify` could write). */
function rawFrame(id: string, type: string, payloadJson: string): string {
  return `{"id":"${id}","type":"${type}","payload":${payloadJson},"reply_to":null}`;
}

/** A hub and a viewer still complete a broadcast and a routed round trip through `r`. */
async function meshStillServes(hub: TestSocket, viewer: TestSocket): Promise<void> {
  const sent = await hub.request("broadcast_request", { msg_type: "alive" });
  expect(sent.payload).toEqual({ status: "sent" });
  const seen = await viewer.next((f) => f.type === "broadcast", "the healthy broadcast");
  expect(seen.payload).toEqual({ msg_type: "alive" });
  const asked = viewer.request("route_msg", { target_id: hub.id, type: "question", payload: { n: 1 } });
  const question = await hub.nextOfType("question");
  hub.send("answer", { n: 2 }, question.id);
  expect((await asked).payload).toEqual({ n: 2 });
}

describe("hostile frames", () => {
  it("refuses a broadcast nested 100,000 levels deep with a failed reply, and keeps serving", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub" });
    const viewer = await join(r.url, { name: "viewer" });
    const attacker = await join(r.url, { name: "attacker" });

    attacker.sendRaw(rawFrame("deep-1", "broadcast_request", nested(100_000)));
    const refusal = await attacker.next((f) => f.reply_to === "deep-1", "the refusal");
    expect(refusal.type).toBe("broadcast_request");
    expect(refusal.payload).toEqual({
      error: `frame nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      status: "failed",
    });
    await viewer.sync();
    expect(viewer.has((f) => f.type === "broadcast")).toBe(false);
    expect(await rejections(r, "too_deep")).toBe(1);
    expect(attacker.isOpen).toBe(true);
    await meshStillServes(hub, viewer);
  });

  it("refuses a route_msg whose target_id is nested deep, and one deep as binary, without parsing them", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub" });
    const viewer = await join(r.url, { name: "viewer" });
    const attacker = await join(r.url, { name: "attacker" });

    attacker.sendRaw(
      `{"type":"route_msg","id":"deep-2","payload":{"target_id":${nested(100_000)},"type":"x"}}`,
    );
    expect((await attacker.next((f) => f.reply_to === "deep-2", "the refusal")).payload).toMatchObject({
      status: "failed",
    });
    attacker.sendRaw(Buffer.from(rawFrame("deep-3", "broadcast_request", nested(50_000))));
    expect((await attacker.next((f) => f.reply_to === "deep-3", "the refusal")).type).toBe(
      "broadcast_request",
    );
    expect(await rejections(r, "too_deep")).toBe(2);
    await meshStillServes(hub, viewer);
  });

  it("forwards a payload at the depth limit and refuses one a level deeper", async () => {
    const r = await relay();
    const hub = await join(r.url, { name: "hub" });
    const viewer = await join(r.url, { name: "viewer" });
    // The frame's own object is one level, so its payload may nest one level less than the limit.
    const deepest = JSON.parse(nested(MAX_JSON_DEPTH - 1)) as unknown;
    expect((await hub.request("broadcast_request", deepest)).payload).toEqual({ status: "sent" });
    expect((await viewer.nextOfType("broadcast")).payload).toEqual(deepest);

    hub.sendRaw(rawFrame("over", "broadcast_request", nested(MAX_JSON_DEPTH)));
    expect((await hub.next((f) => f.reply_to === "over", "the refusal")).payload).toMatchObject({
      status: "failed",
    });
    // Brackets inside strings are text, not nesting.
    const text = { doc: nested(1000) };
    expect((await hub.request("broadcast_request", text)).payload).toEqual({ status: "sent" });
    expect((await viewer.nextOfType("broadcast")).payload).toEqual(text);
  });

  it("counts a deep frame from an unidentified socket without answering, and admits it afterwards", async () => {
    const r = await relay();
    const stranger = await open(r.url);
    stranger.sendRaw(rawFrame("deep-4", "identify", nested(100_000)));
    stranger.sendRaw(`{"type":"identify","payload":{"name":${nested(100_000)}}}`);
    await stranger.identify({ name: "stranger" });
    expect(stranger.has((f) => f.reply_to === "deep-4")).toBe(false);
    expect(await rejections(r, "too_deep")).toBe(2);
  });

  it("closes an explicit null or empty name with 1008 and names an omitted one", async () => {
    const r = await relay();
    for (const name of [null, ""]) {
      const socket = await open(r.url);
      socket.send("identify", { name });
      expect((await socket.waitClosed()).code).toBe(CloseCode.POLICY_VIOLATION);
    }
    const unnamed = await open(r.url);
    const welcome = await unnamed.identify({ channel: "home" });
    expect((welcome.payload as { name: string }).name).toMatch(/^Client-[0-9a-f]{8}$/);
    expect(await rejections(r, "bad_identify")).toBe(2);
  });
});

/** A backplane with a bug: fanning out for a member called "faulty" throws. */
class FaultyBackplane extends MemoryBackplane {
  override fanOut(data: Buffer, sender: MeshMember, channel: string | null): number {
    if (sender.name === "faulty") throw new Error("injected backplane fault");
    return super.fanOut(data, sender, channel);
  }
}

describe("last-resort guard", () => {
  it("closes only the socket whose frame threw, with 1011, logs it once and counts it", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const r = await relay({ backplane: new FaultyBackplane(), logger: pino({ level: "error" }, sink) });
    const hub = await join(r.url, { name: "hub" });
    const viewer = await join(r.url, { name: "viewer" });
    const faulty = await join(r.url, { name: "faulty" });

    faulty.send("broadcast_request", { msg_type: "boom" });
    faulty.send("broadcast_request", { msg_type: "after" });
    const closed = await faulty.waitClosed();
    expect(closed).toEqual({ code: CloseCode.INTERNAL_ERROR, reason: "internal error" });
    expect(await rejections(r, "internal_error")).toBe(1);
    const errors = lines.filter((line) => line.includes("injected backplane fault"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("closing this socket with 1011");
    await meshStillServes(hub, viewer);
  });
});
