import { describe, expect, it } from "vitest";
import { fileNameFor, SavedLayouts, type KeyValueStorage } from "./saved-layouts.js";

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const layout = { name: "Garage Bench", accentColor: "#ff8800", tabs: [{ title: "A", children: [] }] };

describe("SavedLayouts", () => {
  it("saves under a file named from the layout, lists, reads back and survives a reload", () => {
    const storage = memoryStorage();
    const saved = new SavedLayouts(storage);
    expect(saved.save(layout)).toEqual({ ok: true, file: "garage-bench.json" });
    expect(saved.save({ ...layout, name: "Other" }, "porch")).toEqual({ ok: true, file: "porch.json" });
    expect(saved.save({ ...layout, tabs: [] }, "garage-bench.json")).toEqual({
      ok: true,
      file: "garage-bench.json",
    });
    const again = new SavedLayouts(storage);
    expect(again.list()).toEqual([
      { name: "Other", file: "porch.json", tabs: 1, accentColor: "#ff8800" },
      { name: "Garage Bench", file: "garage-bench.json", tabs: 0, accentColor: "#ff8800" },
    ]);
    expect(again.get({ name: "Other" })).toEqual({
      ok: true,
      file: "porch.json",
      layout: { ...layout, name: "Other" },
    });
    again.remove("porch.json");
    expect(again.list().map((e) => e.file)).toEqual(["garage-bench.json"]);
  });

  it("names what is wrong", () => {
    const storage = memoryStorage();
    const saved = new SavedLayouts(storage);
    expect(saved.save({ name: "x" })).toEqual({ error: "layout: layout.tabs must be an array" });
    expect(saved.save(layout, "../etc/passwd")).toMatchObject({ error: expect.stringMatching(/^file: /) });
    expect(saved.save(layout, 7)).toEqual({ error: "file: must be a string" });
    expect(new SavedLayouts(null).save(layout)).toEqual({
      error: "this browser keeps no storage for layouts",
    });
    expect(saved.get({})).toEqual({ ok: false, error: "pass file or name" });
    expect(saved.get({ file: "nope.json" })).toEqual({ ok: false, error: "no such layout" });
    saved.save(layout);
    storage.data.set("carter.layout:garage-bench.json", "{not json");
    expect(saved.get({ file: "garage-bench.json" })).toEqual({ ok: false, error: "layout file unreadable" });
    expect(fileNameFor("  !!! ")).toBe("layout.json");
  });
});
