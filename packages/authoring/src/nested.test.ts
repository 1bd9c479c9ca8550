import { describe, expect, it } from "vitest";
import { createDocument } from "./document.js";
import home from "./fixtures/home.layout.json" with { type: "json" };
import type { GridRef } from "./operations.js";
import { getAt } from "./patch.js";

const open = () => createDocument(home);

describe("addressing grids at any depth", () => {
  it.each<[string, GridRef, string]>([
    ["a tab by title", { tab: "Settings" }, "/tabs/1"],
    ["a tab by index", { tab: 1 }, "/tabs/1"],
    ["a tab path by index", "#1", "/tabs/1"],
    ["a group by id", { group: "wifi" }, "/tabs/0/children/2/children/1"],
    ["a group by path", "Main/net/wifi", "/tabs/0/children/2/children/1"],
    ["a group by pointer", "/tabs/0/children/2/children/1", "/tabs/0/children/2/children/1"],
    ["a popup by control id", { popup: "lamp" }, "/tabs/0/children/1/longPressGroup"],
    ["a popup by path (a control ends the path)", "Main/lamp", "/tabs/0/children/1/longPressGroup"],
    ["a popup by its own id", { group: "lamp-more" }, "/tabs/0/children/1/longPressGroup"],
    ["a container panel by path", "Main/rooms/kitchen", "/tabs/0/children/3/panels/0"],
    ["a container panel by id", { group: "kitchen" }, "/tabs/0/children/3/panels/0"],
  ])("%s", (_name, ref, owner) => {
    expect(open().occupancy(ref).owner).toBe(owner);
  });

  it.each<[string, GridRef, RegExp]>([
    ["an id outside the path", "Settings/wifi", /"wifi" is not inside tab "Settings"/],
    ["a control with no popup", "Main/cpu", /control "cpu" has no long-press popup; add one with setPopup/],
    ["a control named as a group", { group: "cpu" }, /"cpu" is a control, not a group/],
    ["a pointer to a control", "/tabs/0/children/0", /is not a tab, group, panel or popup/],
    ["no such tab index", "#7", /there is no tab 7/],
    ["a malformed reference", { nope: 1 } as unknown as GridRef, /must be a path/],
  ])("refuses %s", (_name, ref, message) => {
    expect(() => open().occupancy(ref)).toThrow(message);
  });
});

describe("editing nested grids", () => {
  it("adds, updates, moves and removes inside a popup, a panel and a group in a popup, then undoes all", () => {
    const doc = open();
    const original = doc.text();
    const inPopup = doc.apply({ op: "addControl", parent: { popup: "lamp" }, control: { type: "button" } });
    expect(inPopup).toMatchObject({
      pointer: "/tabs/0/children/1/longPressGroup/children/1",
      position: [1, 0],
    });
    const inPanel = doc.apply({
      op: "addControl",
      parent: "Main/rooms/kitchen",
      control: { type: "toggle" },
    });
    expect(inPanel).toMatchObject({ pointer: "/tabs/0/children/3/panels/0/children/1", position: [0, 1] });
    const group = doc.apply({
      op: "addGroup",
      parent: { popup: "lamp" },
      group: { id: "scenes", grid: { columns: 3, rows: 1 } },
      position: [1, 1],
      span: [1, 1],
    });
    expect(group.pointer).toBe("/tabs/0/children/1/longPressGroup/children/2");
    doc.apply({ op: "addControl", parent: "Main/lamp/scenes", control: { type: "button", id: "scene-a" } });
    doc.apply({
      op: "setPopup",
      id: "scene-a",
      popup: { id: "scene-a-more", grid: { columns: 1, rows: 1 } },
    });
    const deep = doc.apply({
      op: "addControl",
      parent: "Main/lamp/scenes/scene-a",
      control: { type: "label" },
    });
    expect(deep.pointer).toBe(
      "/tabs/0/children/1/longPressGroup/children/2/children/0/longPressGroup/children/0",
    );
    doc.apply({ op: "updateControl", id: deep.id as string, set: { text: "deep" } });
    const moved = doc.apply({ op: "moveControl", id: "scene-a", to: { group: "wifi" } });
    expect(moved.pointer).toBe("/tabs/0/children/2/children/1/children/1");
    expect(doc.validate().errors).toEqual([]);
    doc.apply({ op: "removeControl", id: "kitchen" });
    expect(doc.validate().errors).toEqual([]);
    while (doc.canUndo) doc.undo();
    expect(doc.text()).toBe(original);
  });

  it("moves a group with its subtree into another tab and keeps ids unique", () => {
    const doc = open();
    doc.apply({ op: "moveControl", id: "wifi", to: { tab: "Settings" } });
    expect(getAt(doc.layout, "/tabs/1/children/0/children/0/id")).toBe("wifi-ok");
    expect(doc.occupancy({ group: "wifi" }).items.map((i) => i.id)).toEqual(["wifi-ok"]);
    expect(() =>
      doc.apply({
        op: "addGroup",
        group: { children: [{ type: "label", id: "wifi-ok", position: [0, 0] }] },
      }),
    ).toThrow(/group.children: id "wifi-ok" is already used at \/tabs\/1\/children\/0\/children\/0/);
  });

  it("refuses to remove a canvas item's control or a popup by id, naming the right tool", () => {
    const doc = open();
    doc.apply({
      op: "addControl",
      parent: { tab: 1 },
      control: { type: "canvas" },
      fromExample: true,
      span: [2, 2],
    });
    expect(() => doc.apply({ op: "removeControl", id: "hall-lamp-switch-1" })).toThrow(/canvasConfig.items/);
    expect(() => doc.apply({ op: "removeControl", id: "lamp-more" })).toThrow(/setPopup/);
  });

  it("removes a container panel and refuses to move it", () => {
    const doc = open();
    expect(() => doc.apply({ op: "moveControl", id: "kitchen", position: [0, 0] })).toThrow(
      /container panel, which no grid places/,
    );
    doc.apply({ op: "removeControl", id: "kitchen" });
    expect(getAt(doc.layout, "/tabs/0/children/3/panels")).toEqual([]);
  });
});
