import { describe, expect, it } from "vitest";
import { resolveCarrier } from "./carriers.js";

const send = (msg: string) => ({ event: "broadcast_request", payload: { msg_type: msg } });

describe("resolveCarrier", () => {
  it("reads a config carrier from its config object first", () => {
    const def = {
      type: "chart",
      id: "c",
      chartConfig: { datumAction: send("config") },
      datumAction: send("top"),
      action: send("action"),
    };
    expect(resolveCarrier(def, "chartConfig.datumAction")).toEqual(send("config"));
  });

  it("reads a config carrier written at the top level, as the reference builder writes it", () => {
    const def = { type: "chart", id: "c", datumAction: send("top"), action: send("action") };
    expect(resolveCarrier(def, "chartConfig.datumAction")).toEqual(send("top"));
    const graph = { type: "graph", id: "g", nodeAction: send("node") };
    expect(resolveCarrier(graph, "graphConfig.nodeAction")).toEqual(send("node"));
  });

  it("falls back to action only for the carriers of §8.4", () => {
    expect(resolveCarrier({ type: "chart", id: "c", action: send("a") }, "chartConfig.datumAction")).toEqual(
      send("a"),
    );
    expect(resolveCarrier({ type: "graph", id: "g", action: send("a") }, "graphConfig.nodeAction")).toBe(
      undefined,
    );
  });
});
