import { describe, expect, it } from "vitest";
import {
  actionRoutes,
  frameFor,
  pathsOverlap,
  readBinding,
  withoutPath,
  type LayoutNode,
} from "./bindings.js";
import { HubError } from "./errors.js";

const control = (fields: Record<string, unknown>): LayoutNode => ({ type: "gauge", id: "cpu", ...fields });
const listen = (fields: Record<string, unknown>) => ({
  method: "meshsocket",
  type: "listen",
  event: "broadcast",
  ...fields,
});

function hubError(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error("expected a HubError");
}

describe("frameFor", () => {
  it("copies the filter and sets the value at a nested valuePath", () => {
    const node = control({ sync: [listen({ filter: { msg_type: "climate" }, valuePath: "room.temp" })] });
    expect(frameFor(node, 19.5)).toEqual({ msg_type: "climate", room: { temp: 19.5 } });
  });

  it("never mutates the layout's filter", () => {
    const filter = { msg_type: "rack", psu: { volts: 1 } };
    const node = control({ sync: [listen({ filter, valuePath: "psu.amps" })] });
    expect(frameFor(node, 2)).toEqual({ msg_type: "rack", psu: { volts: 1, amps: 2 } });
    expect(filter).toEqual({ msg_type: "rack", psu: { volts: 1 } });
  });

  it("drops empty path segments like the device", () => {
    const node = control({ sync: [listen({ filter: { msg_type: "m" }, valuePath: ".a..b" })] });
    expect(frameFor(node, true)).toEqual({ msg_type: "m", a: { b: true } });
  });

  it("merges an object when the binding has no valuePath, keeping the filter keys", () => {
    const node = control({ type: "graph", sync: [listen({ filter: { msg_type: "topo" } })] });
    const doc = { nodes: [{ id: "a" }], edges: [], msg_type: "other" };
    expect(frameFor(node, doc)).toEqual({ msg_type: "topo", nodes: [{ id: "a" }], edges: [] });
  });

  it("refuses a scalar for a whole-payload binding", () => {
    const node = control({ sync: [listen({ filter: { msg_type: "topo" } })] });
    const error = hubError(() => frameFor(node, 3));
    expect(error.code).toBe("bad_value");
    expect(error.message).toContain("control 'cpu' has no valuePath");
  });

  it("passes arrays and documents through as given", () => {
    const node = control({
      type: "sparkline",
      sync: [listen({ filter: { msg_type: "m" }, valuePath: "series" })],
    });
    expect(frameFor(node, [1, 2, 3])).toEqual({ msg_type: "m", series: [1, 2, 3] });
    expect(frameFor(node, { text: "boot", level: "info" })).toEqual({
      msg_type: "m",
      series: { text: "boot", level: "info" },
    });
  });

  it("uses the first broadcast binding, skipping other transports and events", () => {
    const node = control({
      sync: [
        { method: "mqtt", topic: "x", valuePath: "v" },
        listen({ event: "telemetry", valuePath: "t" }),
        listen({ filter: { msg_type: "first" }, valuePath: "a" }),
        listen({ filter: { msg_type: "second" }, valuePath: "b" }),
      ],
    });
    expect(frameFor(node, 1)).toEqual({ msg_type: "first", a: 1 });
  });

  it("treats a missing event as broadcast and a lone sync object as a list", () => {
    const node = control({ sync: { filter: { msg_type: "m" }, valuePath: "v" } });
    expect(frameFor(node, 5)).toEqual({ msg_type: "m", v: 5 });
  });

  it("names the control when it has no sync binding", () => {
    const error = hubError(() => frameFor(control({}), 1));
    expect(error.code).toBe("no_sync");
    expect(error.message).toBe("control 'cpu' has no broadcast sync binding");
    expect(hubError(() => frameFor(control({ sync: [{ method: "mqtt", topic: "t" }] }), 1)).code).toBe(
      "no_sync",
    );
  });

  it("refuses a control that only listens on routed events", () => {
    const error = hubError(() =>
      frameFor(control({ sync: [listen({ event: "log_stream", valuePath: "v" })] }), 1),
    );
    expect(error.code).toBe("routed_sync_only");
    expect(error.message).toContain("'log_stream'");
  });
});

describe("matching and reading frames", () => {
  it("reads what a binding delivers only when its filter matches", () => {
    const sync = { filter: { msg_type: "rack" }, path: ["psu", "volts"] };
    expect(readBinding(sync, { msg_type: "rack", psu: { volts: 12.1 } })).toBe(12.1);
    expect(readBinding(sync, { msg_type: "other", psu: { volts: 12.1 } })).toBeUndefined();
    expect(readBinding(sync, { msg_type: "rack" })).toBeUndefined();
    const whole = { msg_type: "rack", on: true };
    expect(readBinding({ filter: { msg_type: "rack" }, path: [] }, whole)).toBe(whole);
  });
});

describe("actionRoutes", () => {
  const action = (event: string, payload: unknown) => ({
    method: "meshsocket",
    mode: "broadcast",
    event,
    payload,
  });

  it("demuxes broadcast actions on the payload msg_type, including long presses", () => {
    const node = control({
      action: action("broadcast_request", { msg_type: "fan", value: "{{value}}" }),
      longPressAction: action("broadcast_request", { msg_type: "fan.reset" }),
    });
    expect(actionRoutes(node)).toEqual([
      { kind: "broadcast", msgType: "fan" },
      { kind: "broadcast", msgType: "fan.reset" },
    ]);
  });

  it("registers the inner type of routed actions", () => {
    expect(
      actionRoutes(
        control({ action: action("route_msg", { target_id: "x", type: "get_doc", payload: {} }) }),
      ),
    ).toEqual([{ kind: "routed", type: "get_doc" }]);
    expect(
      actionRoutes(
        control({ action: action("route_msg_noreply", { target_name: "hub", type: "chat_message" }) }),
      ),
    ).toEqual([{ kind: "routed", type: "chat_message" }]);
  });

  it("explains controls that emit nothing a hub can handle", () => {
    expect(hubError(() => actionRoutes(control({}))).message).toBe(
      "control 'cpu' has no meshsocket action to handle",
    );
    expect(
      hubError(() => actionRoutes(control({ action: action("broadcast_request", { value: 1 }) }))).message,
    ).toContain("without a payload msg_type");
    expect(
      hubError(() => actionRoutes(control({ action: action("route_msg", { target_id: "x" }) }))).code,
    ).toBe("no_action");
  });
});

describe("withoutPath", () => {
  it("copies the objects on the way down and leaves the input untouched", () => {
    const payload = { msg_type: "climate", room: { temp: 20, note: "x" }, other: { a: 1 } };
    const pruned = withoutPath(payload, ["room", "note"]);
    expect(pruned).toEqual({ msg_type: "climate", room: { temp: 20 }, other: { a: 1 } });
    expect(pruned?.other).toBe(payload.other);
    expect(payload.room).toEqual({ temp: 20, note: "x" });
  });

  it("returns null for an empty path, a missing key or a path through an array", () => {
    expect(withoutPath({ a: 1 }, [])).toBeNull();
    expect(withoutPath({ a: 1 }, ["b"])).toBeNull();
    expect(withoutPath({ a: [1, 2] }, ["a", "0"])).toBeNull();
  });
});

describe("pathsOverlap", () => {
  it("is true when one path is a prefix of the other", () => {
    expect(pathsOverlap(["room"], ["room", "temp"])).toBe(true);
    expect(pathsOverlap([], ["x"])).toBe(true);
    expect(pathsOverlap(["room", "temp"], ["room", "humidity"])).toBe(false);
  });
});
