import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "@carter/protocol";
import { parseDocument } from "../controls/document.js";
import type { ControlDef } from "../controls/types.js";
import { initialValue, receive, SKIP } from "./receivers.js";

const def = (type: string, extra: Record<string, unknown> = {}): ControlDef => ({ type, id: type, ...extra });

describe("receivers", () => {
  it("sets scalars of the right kind and skips the rest", () => {
    expect(receive(def("toggle"), true, undefined)).toBe(true);
    expect(receive(def("toggle"), "off", undefined)).toBe(false);
    expect(receive(def("toggle"), { a: 1 }, undefined)).toBe(SKIP);
    expect(receive(def("gauge"), 12.5, undefined)).toBe(12.5);
    expect(receive(def("gauge"), "12.5", undefined)).toBe(12.5);
    expect(receive(def("gauge"), "hot", undefined)).toBe(SKIP);
    expect(receive(def("label"), 61, undefined)).toBe(61);
    expect(receive(def("label"), "hi", undefined)).toBe("hi");
    expect(receive(def("label"), [1], undefined)).toBe(SKIP);
    expect(receive(def("carousel"), 2.7, undefined)).toBe(2);
    expect(receive(def("button"), 1, undefined)).toBe(SKIP);
  });

  it("appends sparkline points up to the cap and replaces on arrays", () => {
    const spark = def("sparkline", { sparklinePoints: 3 });
    let v = receive(spark, 1, undefined);
    v = receive(spark, 2, v);
    v = receive(spark, 3, v);
    v = receive(spark, 4, v);
    expect(v).toEqual([2, 3, 4]);
    expect(receive(spark, [9, null, 8, 7, 6], v)).toEqual([8, 7, 6]);
    expect(receive(def("sparkline"), true, undefined)).toBe(SKIP);
  });

  it("appends log lines with levels and caps at maxLines", () => {
    const log = def("logConsole", { maxLines: 2 });
    let v = receive(log, "one", undefined, 1);
    v = receive(log, [{ text: "two", level: "warn" }, "three"], v, 2);
    expect(v).toEqual([
      { text: "two", level: "warn", ts: 2 },
      { text: "three", ts: 2 },
    ]);
  });

  it("keeps the last maxLines when one delivery brings more lines than fit", () => {
    const log = def("logConsole", { maxLines: 2 });
    const v = receive(log, ["a", "b", "c"], [{ text: "old", ts: 0 }], 1);
    expect(v).toEqual([
      { text: "b", ts: 1 },
      { text: "c", ts: 1 },
    ]);
  });

  it("returns a new value and leaves the previous one untouched (signals compare by identity)", () => {
    const spark = [1, 2, 3];
    const nextSpark = receive(def("sparkline", { sparklinePoints: 3 }), 4, spark);
    expect(nextSpark).toEqual([2, 3, 4]);
    expect(spark).toEqual([1, 2, 3]);

    const lines = [{ text: "one", ts: 0 }];
    const nextLines = receive(def("logConsole"), "two", lines, 1);
    expect(nextLines).toHaveLength(2);
    expect(lines).toEqual([{ text: "one", ts: 0 }]);

    const dataset = {
      categories: ["a"],
      series: [
        { name: "CPU", values: [1] },
        { name: "MEM", values: [7] },
      ],
    };
    const before = structuredClone(dataset);
    const appended = receive(def("chart"), { append: { CPU: 2 }, category: "b" }, dataset);
    expect(appended).toEqual({
      categories: ["a", "b"],
      series: [
        { name: "CPU", values: [1, 2] },
        { name: "MEM", values: [7] },
      ],
    });
    expect(appended).not.toBe(dataset);
    expect(dataset).toEqual(before);
  });

  it("replaces list rows and parses document JSON strings", () => {
    expect(receive(def("list"), [{ a: 1 }, 2, { b: 2 }], undefined)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(receive(def("list"), { a: 1 }, undefined)).toBe(SKIP);
    expect(receive(def("graph"), '{"nodes":[]}', undefined)).toEqual({ nodes: [] });
    expect(receive(def("graph"), "not json", undefined)).toBe(SKIP);
    expect(receive(def("pieChart"), [{ label: "a" }], undefined)).toEqual([{ label: "a" }]);
    expect(receive(def("cardList"), [{ id: "n" }], undefined)).toEqual({ nodes: [{ id: "n" }] });
  });

  it("applies chart append ops by series name, index and bare number, trimmed to maxPoints", () => {
    const chart = def("chart", { chartConfig: { maxPoints: 2 } });
    const start = receive(chart, { categories: ["a"], series: [{ name: "CPU", values: [1] }] }, undefined);
    const byName = receive(chart, { append: { CPU: 2, MEM: 5 }, category: "b" }, start);
    expect(byName).toEqual({
      categories: ["a", "b"],
      series: [
        { name: "CPU", values: [1, 2] },
        { name: "MEM", values: [5] },
      ],
    });
    const byIndex = receive(chart, { append: [3, 6], category: "c" }, byName);
    expect(byIndex).toEqual({
      categories: ["b", "c"],
      series: [
        { name: "CPU", values: [2, 3] },
        { name: "MEM", values: [5, 6] },
      ],
    });
    expect(receive(chart, { append: 4 }, [1, 2])).toEqual({ series: [{ values: [2, 4] }] });
  });

  it("starts from defaultValue through the receiver", () => {
    expect(initialValue(def("slider", { defaultValue: 40 }))).toBe(40);
    expect(initialValue(def("graph", { defaultValue: '{"nodes":[1]}' }))).toEqual({ nodes: [1] });
    expect(initialValue(def("accordion", { expandedIndex: 2 }))).toBe(2);
    expect(initialValue(def("gauge"))).toBeUndefined();
  });

  it("skips document text from the wire nested past the frame depth limit instead of building it", () => {
    // A string sync is one level in its frame, but the JSON text inside it is parsed here: unbounded,
    // 100,000 levels would overflow every recursive consumer (store comparison, rendering).
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const atLimit = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(receive(def("graph"), deep, undefined)).toBe(SKIP);
    expect(receive(def("cardList"), deep, undefined)).toBe(SKIP);
    expect(receive(def("graph"), atLimit, undefined)).toEqual(JSON.parse(atLimit));
    expect(parseDocument(deep)).toBeUndefined();
    expect(parseDocument(`{"nodes":[]}`)).toEqual({ nodes: [] });
  });
});

describe("chat receiver (session-protocol §4.8)", () => {
  const channel = def("chat", { config: { historyCount: 2 } });
  const companion = def("chat", { config: { target: "butler" } });
  const message = (id: unknown, text = "hi") => ({
    msg_type: "chat_message",
    id,
    text,
    sender: { name: "hub", role: "hub" },
  });

  it("channel mode: keeps messages with an id once, capped at historyCount", () => {
    let history = receive(channel, message("a"), undefined, 0);
    expect(history).toEqual([
      { id: "a", text: "hi", name: "hub", role: "hub", timestamp: "1970-01-01T00:00:00.000Z" },
    ]);
    expect(receive(channel, message(undefined), history, 0)).toBe(SKIP);
    expect(receive(channel, message("a"), history, 0)).toBe(SKIP);
    history = receive(channel, message("b"), history, 0);
    history = receive(channel, message("c"), history, 0);
    expect((history as { id: string }[]).map((m) => m.id)).toEqual(["b", "c"]);
    expect(receive(channel, { event: "chat_response", text: "x" }, history, 0)).toBe(SKIP);
  });

  it("clears on chat_clear for this control or all; companion mode reads chat_response names", () => {
    const history = receive(channel, message("a"), undefined, 0);
    expect(receive(channel, { msg_type: "chat_clear", chatId: "other" }, history, 0)).toBe(SKIP);
    expect(receive(channel, { msg_type: "chat_clear" }, history, 0)).toEqual([]);
    expect(receive(companion, message("a"), undefined, 0)).toBe(SKIP);
    expect(
      receive(companion, { event: "chat_response", text: "yes", sender: { name: "Jeeves" } }, undefined, 0),
    ).toMatchObject([{ text: "yes", name: "Jeeves" }]);
    expect(receive(companion, { event: "chat_clear" }, [{ id: "x" }], 0)).toEqual([]);
  });
});
