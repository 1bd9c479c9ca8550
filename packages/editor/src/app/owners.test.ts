import { describe, expect, it } from "vitest";
import { NESTED } from "./nested.fixture.js";
import { walkLayout } from "@carter/kit";
import { entries, panelsOf, popupOf, removeOp, resolveScope, scopeShowing, trail } from "./owners.js";
import { findNode } from "./store.js";

const MAIN = "/tabs/0/children";

describe("grid owners: groups, popups and panels", () => {
  it("resolves a scope by id (group, popup, panel) or by pointer (a popup without an id)", () => {
    expect(resolveScope(NESTED, "net")?.pointer).toBe(`${MAIN}/0`);
    expect(resolveScope(NESTED, "lamp-more")?.pointer).toBe(`${MAIN}/1/longPressGroup`);
    expect(resolveScope(NESTED, "kitchen")?.pointer).toBe(`${MAIN}/2/panels/0`);
    expect(resolveScope(NESTED, `${MAIN}/3/longPressGroup`)?.nesting).toBe("popup");
    expect(resolveScope(NESTED, "lamp")).toBeNull();
    expect(resolveScope(NESTED, `${MAIN}/1`)).toBeNull();
    expect(resolveScope(NESTED, "nope")).toBeNull();
  });

  it("finds a control's popup and a container's panels", () => {
    const all = entries(NESTED);
    expect(popupOf(NESTED, all.get(`${MAIN}/1`)!)?.node.id).toBe("lamp-more");
    expect(popupOf(NESTED, all.get(`${MAIN}/2`)!)).toBeNull();
    expect(panelsOf(NESTED, all.get(`${MAIN}/2`)!).map((p) => p.node.id)).toEqual(["kitchen", "den"]);
    expect(panelsOf(NESTED, all.get(`${MAIN}/1`)!)).toEqual([]);
  });

  it("names the path down to a popup, a panel and a group inside a popup", () => {
    expect(trail(NESTED, `${MAIN}/1/longPressGroup`)).toEqual([
      { label: "lamp", enter: null, select: "lamp", key: "lamp" },
      { label: "popup", enter: "lamp-more", key: "lamp-more" },
    ]);
    expect(trail(NESTED, `${MAIN}/2/panels/0`).map((c) => c.label)).toEqual(["rooms", "Kitchen"]);
    expect(trail(NESTED, `${MAIN}/1/longPressGroup/children/1`)).toEqual([
      { label: "lamp", enter: null, select: "lamp", key: "lamp" },
      { label: "popup", enter: "lamp-more", key: "lamp-more" },
      { label: "scenes", enter: "scenes", key: "scenes" },
    ]);
    expect(trail(NESTED, `${MAIN}/3/longPressGroup`)[1]).toEqual({
      label: "popup",
      enter: `${MAIN}/3/longPressGroup`,
      key: `${MAIN}/3/longPressGroup`,
    });
  });

  it("enters the popup or panel a revealed node hides in, and leaves a scope not holding it", () => {
    const dim = `${MAIN}/1/longPressGroup/children/0`;
    const sceneA = `${MAIN}/1/longPressGroup/children/1/children/0`;
    expect(scopeShowing(NESTED, dim, null)).toBe("lamp-more");
    expect(scopeShowing(NESTED, dim, "net")).toBe("lamp-more");
    expect(scopeShowing(NESTED, dim, "lamp-more")).toBe("lamp-more");
    expect(scopeShowing(NESTED, sceneA, "lamp-more")).toBe("lamp-more");
    expect(scopeShowing(NESTED, sceneA, "scenes")).toBe("scenes");
    expect(scopeShowing(NESTED, `${MAIN}/2/panels/0/children/0`, null)).toBe("kitchen");
    expect(scopeShowing(NESTED, `${MAIN}/0/children/0`, "lamp-more")).toBeNull();
    expect(scopeShowing(NESTED, `${MAIN}/0/children/0`, null)).toBeNull();
    expect(scopeShowing(NESTED, `${MAIN}/0/children/0`, "net")).toBe("net");
    expect(scopeShowing(NESTED, `${MAIN}/1/longPressGroup`, "lamp-more")).toBe("lamp-more");
  });

  it("removes a popup through its control (setPopup null), anything else with removeControl", () => {
    expect(removeOp(NESTED, "lamp-more")).toEqual({ op: "setPopup", id: "lamp", popup: null });
    expect(removeOp(NESTED, "kitchen")).toEqual({ op: "removeControl", id: "kitchen" });
    expect(removeOp(NESTED, "lamp")).toEqual({ op: "removeControl", id: "lamp" });
  });
});

describe("findNode and entries, read from authoring's index", () => {
  it("name every node the kit's walk visits with its path, pointer and placing grid", () => {
    const pointerOf = (path: string) =>
      path
        .slice(1)
        .replace(/\[(\d+)\]/g, "/$1")
        .replace(/\./g, "/");
    let visited = 0;
    walkLayout(NESTED, (node, info) => {
      visited++;
      const entry = entries(NESTED).get(pointerOf(info.path));
      expect(entry).toMatchObject({ node, kind: info.kind, nesting: info.nesting });
      expect(entry?.grid).toBe(info.gridPath === null ? null : pointerOf(info.gridPath));
      if (typeof node.id === "string")
        expect(findNode(NESTED, node.id)).toEqual({
          node,
          pointer: pointerOf(info.path),
          path: info.path,
          grid: entry?.grid,
        });
    });
    expect(entries(NESTED).size).toBe(visited);
    expect(findNode(NESTED, "nope")).toBeNull();
    expect(findNode(NESTED, "lamp")).toBe(findNode(NESTED, "lamp"));
  });
});
