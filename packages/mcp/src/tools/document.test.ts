import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "../test-support.js";

describe("document tools on the shared authoring document", () => {
  let rig: TestRig;
  const dir = mkdtempSync(join(tmpdir(), "carter-mcp-doc-"));

  beforeAll(async () => {
    rig = await startRig({ cwd: dir });
  });
  afterAll(async () => rig?.close());

  it("refuses edits before begin_edit", async () => {
    expect(await rig.fail("add_control", { control: { type: "gauge" } })).toContain("call begin_edit first");
  });

  it("builds a layout: add, insert, update (null deletes), move, tab, group, nested control", async () => {
    expect(await rig.call("begin_edit")).toMatchObject({ tabs: ["Main"], controls: 0 });
    const gauge = await rig.call<{ id: string; position: number[]; span: number[] }>("add_control", {
      control: { type: "gauge", min: 0, max: 100, label: "CPU" },
    });
    expect(gauge).toMatchObject({ id: "gauge-1", position: [0, 0] });
    const odd = await rig.call<{ warnings: { path: string }[] }>("add_control", {
      control: { type: "label", id: "odd", text: "t", colour: "red" },
    });
    expect(odd.warnings.map((w) => w.path)).toContain("$.tabs[0].children[1].colour");
    await rig.call("remove_control", { id: "odd" });
    const toggle = await rig.call<{ id: string }>("insert_example", { type: "toggle", id: "lamp" });
    expect(toggle.id).toBe("lamp");
    await rig.call("update_control", { id: "gauge-1", set: { label: null, tint: "#ff0000" } });
    await rig.call("move_control", { id: "lamp", position: [3, 0] });
    await rig.call("add_tab", { title: "Second" });
    const group = await rig.call<{ id: string }>("add_group", {
      group: { id: "net", label: "Net" },
      parent: { tab: "Second" },
    });
    await rig.call("add_control", { control: { type: "label", id: "ip", text: "…" }, parent: "Second/net" });

    const { layout } = await rig.call<{ layout: { tabs: { children: Record<string, unknown>[] }[] } }>(
      "get_document",
    );
    const [main, second] = layout.tabs;
    expect(main.children.find((c) => c.id === "gauge-1")).toMatchObject({ tint: "#ff0000" });
    expect(main.children.find((c) => c.id === "gauge-1")).not.toHaveProperty("label");
    expect(main.children.find((c) => c.id === "lamp")).toMatchObject({ position: [3, 0] });
    expect(second.children[0]).toMatchObject({ id: group.id, children: [{ id: "ip" }] });

    const grid = await rig.call<{ text: string; items: { id: string }[] }>("show_grid");
    expect(grid.items.map((i) => i.id)).toEqual(["gauge-1", "lamp"]);
    expect(grid.text).toContain("gauge-1");
    expect(await rig.call("validate")).toMatchObject({ ok: true, errors: [] });
  });

  it("refuses bad operations naming the field, leaving the document as it was", async () => {
    const before = (await rig.call<{ version: number }>("get_document")).version;
    expect(await rig.fail("add_control", { control: { type: "gauge", id: "lamp" } })).toMatch(/lamp/);
    expect(await rig.fail("add_control", { control: { type: "guage" } })).toMatch(/control\.type/);
    expect(await rig.fail("move_control", { id: "lamp", position: [0, 0] })).toMatch(/placement|overlap/);
    expect(await rig.fail("remove_control", { id: "ghost" })).toMatch(/ghost/);
    expect(await rig.fail("add_control", { control: {} })).toContain("control.type: required");
    expect((await rig.call<{ version: number }>("get_document")).version).toBe(before);
  });

  it("snapshots, reverts, undoes and redoes", async () => {
    await rig.call("snapshot", { name: "v1" });
    await rig.call("remove_control", { id: "lamp" });
    expect(await rig.call("list_snapshots")).toMatchObject({ snapshots: [{ name: "v1" }] });
    await rig.call("revert", { name: "v1" });
    const ids = async () =>
      (
        await rig.call<{ layout: { tabs: { children: { id: string }[] }[] } }>("get_document")
      ).layout.tabs[0].children.map((c) => c.id);
    expect(await ids()).toContain("lamp");
    await rig.call("undo");
    expect(await ids()).not.toContain("lamp");
    await rig.call("redo");
    expect(await ids()).toContain("lamp");
    expect(await rig.fail("revert", { name: "nope" })).toMatch(/nope/);
  });

  it("applies a batch as one undo step and writes the document to a file", async () => {
    const { outcomes } = await rig.call<{ outcomes: { id: string }[] }>("apply_operations", {
      operations: [
        { op: "addControl", control: { type: "button", id: "b1", label: "One" } },
        { op: "addControl", control: { type: "button", id: "b2", label: "Two" } },
      ],
    });
    expect(outcomes.map((o) => o.id)).toEqual(["b1", "b2"]);
    await rig.call("undo");
    const out = await rig.call<{ file: string }>("get_document", { to: "out.json" });
    const written = JSON.parse(readFileSync(out.file, "utf8")) as { tabs: { children: { id: string }[] }[] };
    expect(written.tabs[0].children.map((c) => c.id)).not.toContain("b1");
    expect(await rig.call("discard")).toEqual({ discarded: true });
  });

  it("shares a file live: changes are written back, edits to the file come in", async () => {
    const file = join(dir, "shared.json");
    await rig.call("begin_edit", { source: "sample", sample: "remote" });
    await rig.call("get_document", { to: file });
    await rig.call("begin_edit", { source: "file", file: "shared.json" });
    await rig.call("update_control", { id: "ring", set: { label: "Ding" } });
    expect(readFileSync(file, "utf8")).toContain('"Ding"');

    const edited = JSON.parse(readFileSync(file, "utf8")) as { name: string };
    edited.name = "Edited elsewhere";
    writeFileSync(file, JSON.stringify(edited, null, 2) + "\n");
    await expect
      .poll(async () => (await rig.call<{ layout: { name: string } }>("get_document")).layout.name, {
        timeout: 5000,
      })
      .toBe("Edited elsewhere");
    const { log } = await rig.call<{ log: { author: string }[] }>("get_document");
    expect(log.at(-1)?.author).toBe("file");
    await rig.call("discard");
  });

  it("validates a given layout or file without a document", async () => {
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({ name: "x", tabs: [{ title: "T", children: [{ type: "gauge", id: "g" }] }] }),
    );
    const report = await rig.call<{ ok: boolean; errors: { path: string }[] }>("validate", {
      file: "bad.json",
    });
    expect(report.ok).toBe(false);
    expect(report.errors.some((e) => e.path.startsWith("$.tabs[0].children[0]"))).toBe(true);
    expect(await rig.fail("validate")).toContain("pass layout");
  });
});
