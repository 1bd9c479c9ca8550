import { describe, expect, it } from "vitest";
import { BindingIndex, compileBindings } from "./sync.js";

describe("BindingIndex", () => {
  it("matches on frame type (default broadcast), filter and path", () => {
    const index = new BindingIndex([
      ...compileBindings("volts", [{ filter: { msg_type: "rack" }, valuePath: "psu.volts" }]),
      ...compileBindings("log", { event: "log_stream", valuePath: "line" }),
      ...compileBindings("all", [{ type: "listen", event: "broadcast" }]),
      ...compileBindings("mqtt", [{ method: "mqtt", topic: "x" }]),
    ]);
    expect(index.match("broadcast", { msg_type: "rack", psu: { volts: 12.1 } })).toEqual([
      { controlId: "volts", value: 12.1 },
      { controlId: "all", value: { msg_type: "rack", psu: { volts: 12.1 } } },
    ]);
    expect(index.match("broadcast", { msg_type: "rack" })).toEqual([
      { controlId: "all", value: { msg_type: "rack" } },
    ]);
    expect(index.match("log_stream", { line: "hi" })).toEqual([{ controlId: "log", value: "hi" }]);
    expect(index.match("route_msg", { line: "hi" })).toEqual([]);
    expect(index.events().sort()).toEqual(["broadcast", "log_stream"]);
  });

  it("checks non-msg_type filters on bindings without a pinned msg_type", () => {
    const index = new BindingIndex(compileBindings("t", [{ filter: { room: "den" }, valuePath: "t" }]));
    expect(index.match("broadcast", { room: "den", t: 20 })).toEqual([{ controlId: "t", value: 20 }]);
    expect(index.match("broadcast", { room: "hall", t: 20 })).toEqual([]);
  });
});
