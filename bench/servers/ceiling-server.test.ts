import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAll, connectMember, type Member } from "../lib/clients.js";
import type { BenchServer } from "./host.js";
import { startCeiling } from "./ceiling-server.js";

interface Frame {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  reply_to: string | null;
}

/** Resolves with the next frame `member` receives that satisfies `match`. */
function nextFrame(member: Member, match: (frame: Frame) => boolean = () => true): Promise<Frame> {
  return new Promise((resolve) => {
    member.onMessage = (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (match(frame)) resolve(frame);
    };
  });
}

describe("ceiling server", () => {
  let server: BenchServer;
  let url: string;
  const members: Member[] = [];
  const join = async (name: string, role: "hub" | "viewer", channel = "bench"): Promise<Member> => {
    const member = await connectMember(url, { name, channel, role });
    members.push(member);
    return member;
  };

  beforeEach(async () => {
    server = await startCeiling();
    url = `ws://127.0.0.1:${server.port}`;
  });

  afterEach(async () => {
    closeAll(members.splice(0));
    await server.close();
  });

  it("welcomes an identified member with a fresh id and its name", async () => {
    const first = await join("v-1", "viewer");
    const second = await join("v-2", "viewer");
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
  });

  it("fans a broadcast_request out to the channel's other members and replies sent to the sender", async () => {
    const hub = await join("hub", "hub");
    const viewer = await join("v-1", "viewer");
    const elsewhere = await join("v-2", "viewer", "other");
    let strayDeliveries = 0;
    elsewhere.onMessage = () => strayDeliveries++;
    const delivered = nextFrame(viewer);
    const reply = nextFrame(hub);

    hub.send(
      JSON.stringify({
        id: "b-1",
        type: "broadcast_request",
        payload: { msg_type: "metrics", cpu: 73 },
        reply_to: null,
      }),
    );

    expect(await delivered).toMatchObject({
      type: "broadcast",
      payload: { msg_type: "metrics", cpu: 73 },
      reply_to: null,
    });
    expect(await reply).toMatchObject({ payload: { status: "sent" }, reply_to: "b-1" });
    // The sender's reply follows the fan-out in the same tick, so any stray delivery has been sent by now.
    const probe = nextFrame(viewer);
    hub.send(
      JSON.stringify({
        id: "b-2",
        type: "broadcast_request",
        payload: { msg_type: "probe" },
        reply_to: null,
      }),
    );
    await probe;
    expect(strayDeliveries).toBe(0);
  });

  it("routes a request to the member named target_name and relays its answer to the caller", async () => {
    const caller = await join("caller", "hub");
    const echo = await join("echo", "hub");
    echo.onMessage = (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      echo.send(
        JSON.stringify({
          id: "e-1",
          type: frame.type,
          payload: { echoed: frame.payload },
          reply_to: frame.id,
        }),
      );
    };
    const reply = nextFrame(caller);

    caller.send(
      JSON.stringify({
        id: "q-1",
        type: "route_msg",
        payload: { target_name: "echo", type: "echo", payload: { n: 1 } },
        reply_to: null,
      }),
    );

    expect(await reply).toMatchObject({ type: "route_msg", payload: { echoed: { n: 1 } }, reply_to: "q-1" });
  });

  it("answers a route to an unknown name with the relay's failure reply", async () => {
    const caller = await join("caller", "hub");
    const reply = nextFrame(caller);
    caller.send(
      JSON.stringify({
        id: "q-2",
        type: "route_msg",
        payload: { target_name: "nobody", type: "echo", payload: {} },
        reply_to: null,
      }),
    );
    expect(await reply).toMatchObject({
      payload: { error: "Target not found", status: "failed" },
      reply_to: "q-2",
    });
  });

  it("ignores frames it cannot parse and keeps serving", async () => {
    const hub = await join("hub", "hub");
    hub.ws.send("not json");
    hub.ws.send("null");
    const reply = nextFrame(hub);
    hub.send(
      JSON.stringify({ id: "b-3", type: "broadcast_request", payload: { msg_type: "x" }, reply_to: null }),
    );
    expect(await reply).toMatchObject({ reply_to: "b-3" });
  });
});
