import { describe, expect, it } from "vitest";
import { frameAddress } from "./frame-address.js";

describe("frameAddress", () => {
  it("reads the top-level type and id, whatever their order and however deep the rest nests", () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    expect(frameAddress(`{"payload":${deep},"type":"route_msg","id":"a\\"b"}`)).toEqual({
      type: "route_msg",
      id: 'a"b',
    });
    expect(frameAddress(`{"type":"t","payload":{"type":"inner","id":"inner"}}`)).toEqual({
      type: "t",
      id: null,
    });
    expect(frameAddress(`{ "id" : "x" , "type" : "ping" }`)).toEqual({ type: "ping", id: "x" });
  });

  it("finds nothing to answer without a non-empty string type", () => {
    expect(frameAddress(`{"id":"x","type":5,"payload":"type"}`)).toBeNull();
    expect(frameAddress(`{"id":"x","type":""}`)).toBeNull();
    expect(frameAddress(`[{"type":"t"}]`)).toBeNull();
    expect(frameAddress(`{"payload":"\\"type\\":\\"t\\""}`)).toBeNull();
    expect(frameAddress(`not json`)).toBeNull();
  });
});
