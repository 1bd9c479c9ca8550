import { describe, expect, it } from "vitest";
import { externalBindings, parseSources, resolveSource } from "./bindings.js";

const { sources } = parseSources({
  broker: { type: "mqtt", url: "ws://broker:9001" },
  api: {
    type: "http",
    baseURL: "http://api.local/v1/",
    headers: { Authorization: "Bearer x" },
    interval: 10,
  },
});

describe("source bindings", () => {
  it("resolves named and sole sources, and names the problem otherwise", () => {
    expect(resolveSource(sources, "mqtt", undefined)).toMatchObject({ name: "broker" });
    expect(resolveSource(sources, "http", "broker")).toBe('source "broker" is a mqtt source, not http');
    expect(resolveSource(sources, "mqtt", "nope")).toBe('source "nope" is not declared in sources');
    const two = parseSources({
      a: { type: "mqtt", url: "ws://a" },
      b: { type: "mqtt", url: "ws://b" },
    }).sources;
    expect(resolveSource(two, "mqtt", undefined)).toBe('2 mqtt sources are declared: name one with "source"');
  });

  it("reports sources the device cannot run", () => {
    expect(parseSources({ x: { type: "mqtt" }, y: { type: "ftp" }, z: 3 }).problems).toEqual([
      "sources.x.url is required for an mqtt source",
      'sources.y.type must be "mqtt" or "http"',
      "sources.z must be an object",
    ]);
    expect(parseSources([]).problems).toEqual(["sources must be an object"]);
  });

  it("compiles mqtt, http and sensor bindings and skips meshsocket ones", () => {
    const out = externalBindings(
      "g",
      [
        { valuePath: "x" },
        { method: "mqtt", topic: "home/+/temp", filter: { kind: "t" }, valuePath: "value" },
        { method: "http", path: "/status", valuePath: "cpu.load" },
        { method: "http", url: "http://other.local/s.json" },
        { method: "sensor", sensor: "motion.roll" },
        { method: "sensor", sensor: "heading" },
      ],
      sources,
    );
    expect(out).toEqual([
      {
        kind: "mqtt",
        controlId: "g",
        source: "broker",
        topic: "home/+/temp",
        filter: { kind: "t" },
        path: ["value"],
      },
      {
        kind: "http",
        controlId: "g",
        source: "api",
        url: "http://api.local/v1/status",
        headers: { Authorization: "Bearer x" },
        interval: 10,
        filter: undefined,
        path: ["cpu", "load"],
      },
      // An absolute url without `source` gets no source headers (they may be credentials).
      {
        kind: "http",
        controlId: "g",
        source: null,
        url: "http://other.local/s.json",
        headers: {},
        interval: 5,
        filter: undefined,
        path: [],
      },
      { kind: "sensor", controlId: "g", pipeline: "motion", key: "roll" },
      { kind: "sensor", controlId: "g", pipeline: "heading", key: "value" },
    ]);
  });

  it("turns bindings it cannot run into problems shown on the control", () => {
    const out = externalBindings(
      "c",
      { method: "mqtt", topic: "t", source: "ghost" },
      parseSources({}).sources,
    );
    expect(out).toEqual([
      { kind: "invalid", controlId: "c", problem: 'source "ghost" is not declared in sources' },
    ]);
    expect(externalBindings("c", [{ method: "mqtt", topic: "t" }], new Map())[0]).toMatchObject({
      problem: "mqtt needs a declared source (the broker url)",
    });
    expect(externalBindings("c", [{ method: "http", path: "/x" }], new Map())[0]).toMatchObject({
      problem: 'path "/x" needs an http source with a baseURL',
    });
    expect(externalBindings("c", [{ method: "http", url: "ftp://x/y" }], new Map())[0]).toMatchObject({
      problem: "ftp://x/y is not an http(s) URL",
    });
    expect(externalBindings("c", [{ method: "sensor" }], new Map())[0]).toMatchObject({
      problem: 'a sensor binding needs "sensor" (e.g. "heading")',
    });
  });
});
