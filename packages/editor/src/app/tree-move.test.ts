import { createDocument } from "@carter/authoring";
import { describe, expect, it } from "vitest";
import { NESTED } from "./nested.fixture.js";
import { findNode } from "./store.js";
import { moveToGrid } from "./tree-move.js";

const MAIN = "/tabs/0/children";
const POPUP = `${MAIN}/1/longPressGroup`;

describe("moving a node to another grid from the tree", () => {
  it("only reorders within its own grid, and does nothing without a new place", () => {
    expect(moveToGrid(NESTED, "lamp", "/tabs/0", 0)).toEqual({ op: "moveControl", id: "lamp", index: 0 });
    expect(moveToGrid(NESTED, "lamp", "/tabs/0")).toBeNull();
    expect(moveToGrid(NESTED, "nope", "/tabs/1")).toBeNull();
    expect(moveToGrid(NESTED, "lamp", "/tabs/9")).toBeNull();
  });

  it("keeps its cells where they are free in the target", () => {
    expect(moveToGrid(NESTED, "fan", "/tabs/1")).toEqual({
      op: "moveControl",
      id: "fan",
      to: "/tabs/1",
      position: [0, 3],
    });
    expect(moveToGrid(NESTED, "wifi", "/tabs/1", 0)).toEqual({
      op: "moveControl",
      id: "wifi",
      to: "/tabs/1",
      index: 0,
      position: [0, 0],
    });
  });

  it("leaves the place to the document's first fit when its cells are taken, and the document finds it", () => {
    const op = moveToGrid(NESTED, "wifi", `${MAIN}/1/longPressGroup`);
    expect(op).toEqual({ op: "moveControl", id: "wifi", to: POPUP });
    const doc = createDocument(NESTED);
    const before = doc.text();
    expect(doc.apply(op!)).toMatchObject({ pointer: `${POPUP}/children/2`, position: [0, 1] });
    expect(findNode(doc.layout, "wifi")?.grid).toBe(POPUP);
    doc.undo();
    expect(doc.text()).toBe(before);
  });

  it("clamps a span larger than the target grid, then the cells decide", () => {
    expect(moveToGrid(NESTED, "net", `${MAIN}/2/panels/1`)).toEqual({
      op: "moveControl",
      id: "net",
      to: `${MAIN}/2/panels/1`,
      span: [1, 1],
      position: [0, 0],
    });
  });

  it("places first-fit when its cells lie outside the target, and is refused with the kit's reason when it is full", () => {
    const doc = createDocument(NESTED);
    const fanPopup = `${MAIN}/3/longPressGroup`;
    const op = moveToGrid(doc.layout, "lamp", fanPopup);
    expect(op).toEqual({ op: "moveControl", id: "lamp", to: fanPopup });
    doc.apply({ op: "addControl", parent: fanPopup, control: { type: "label", id: "fan-label" } });
    expect(() => doc.apply(op!)).toThrow(/no room for 'lamp'/);
  });
});
