import { describe, expect, it } from "vitest";
import { expectsSealedReply, mustBeSealed, sealOutgoing } from "./e2ee-policy.js";

const seal = (p: unknown) => ({ sealed: p });
const frame = (type: string, payload: unknown, reply_to: string | null = null) => ({
  id: "i",
  type,
  payload,
  reply_to,
});

describe("what is sealed on the way out", () => {
  it("seals app payloads and replies whole", () => {
    expect(sealOutgoing("broadcast_request", { msg_type: "x" }, seal)).toEqual({ sealed: { msg_type: "x" } });
    expect(sealOutgoing("get_doc", { title: "t" }, seal)).toEqual({ sealed: { title: "t" } });
  });

  it("keeps the route wrapper clear and seals only the inner payload", () => {
    expect(sealOutgoing("route_msg", { target_id: "t", type: "get", payload: { a: 1 } }, seal)).toEqual({
      target_id: "t",
      type: "get",
      payload: { sealed: { a: 1 } },
    });
    expect(sealOutgoing("route_msg_noreply", { target_name: "n", type: "go", payload: null }, seal)).toEqual({
      target_name: "n",
      type: "go",
      payload: { sealed: null },
    });
  });

  it("leaves relay control verbs clear", () => {
    for (const type of [
      "identify",
      "get_nodes",
      "ping",
      "node_status",
      "service_log",
      "handshake",
      "status_request",
    ]) {
      expect(sealOutgoing(type, { v: 1 }, seal)).toEqual({ v: 1 });
    }
  });
});

describe("what strict mode requires sealed on the way in", () => {
  it("requires broadcasts and routed requests sealed, not control frames", () => {
    expect(mustBeSealed(frame("broadcast", { msg_type: "x" }), undefined)).toBe(true);
    expect(mustBeSealed(frame("get_doc", {}), undefined)).toBe(true);
    expect(mustBeSealed(frame("server_client_list", { clients: [] }), undefined)).toBe(false);
    expect(mustBeSealed(frame("ping", null), undefined)).toBe(false);
  });

  it("expects sealed replies from peers only: relay receipts and control replies are clear", () => {
    expect(expectsSealedReply("route_msg")).toBe(true);
    expect(expectsSealedReply("get_doc")).toBe(true);
    for (const type of [
      "broadcast_request",
      "iCloud_data_Broadcast",
      "prediction_result",
      "ping",
      "get_nodes",
    ])
      expect(expectsSealedReply(type)).toBe(false);
  });

  it("requires replies to app requests sealed, except relay failures", () => {
    expect(mustBeSealed(frame("route_msg", { title: "t" }, "q"), true)).toBe(true);
    expect(mustBeSealed(frame("route_msg", { error: "Target not found", status: "failed" }, "q"), true)).toBe(
      false,
    );
    expect(mustBeSealed(frame("get_nodes", { clients: [] }, "q"), false)).toBe(false);
    expect(mustBeSealed(frame("ping", "pong", "q"), false)).toBe(false);
  });
});
