import { createDocument } from "@carter/authoring";
import { validateLayout, type Layout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import { clipText, copyNodes, duplicateOps, pasteOps, readClip } from "./clipboard.js";

const LAYOUT = {
  name: "Clip",
  version: 1,
  tabs: [
    {
      title: "Main",
      icon: "gauge",
      grid: { columns: 4, rows: 4 },
      children: [
        { type: "label", id: "rx", position: [0, 0], span: [1, 2], label: "RX" },
        {
          type: "group",
          id: "net",
          position: [1, 0],
          span: [2, 2],
          grid: { columns: 2, rows: 2 },
          children: [
            {
              type: "toggle",
              id: "wifi",
              position: [0, 0],
              label: "Wi-Fi",
              popup: { id: "wifi-more", grid: { columns: 1, rows: 1 }, children: [] },
            },
          ],
        },
      ],
    },
    { title: "Other", icon: "gear", grid: { columns: 2, rows: 2 }, children: [] },
  ],
};

describe("clipboard", () => {
  it("copies whole nodes, a selected child of a selected group only once", () => {
    const clip = copyNodes(LAYOUT as Layout, ["net", "wifi", "rx"]);
    expect(clip.nodes.map((n) => n.id)).toEqual(["net", "rx"]);
    expect(readClip(clipText(clip))).toEqual(clip);
  });

  it("reads hand-copied JSON (one node or a list) and refuses anything else", () => {
    expect(readClip('{"type":"gauge","id":"g"}')?.nodes).toEqual([{ type: "gauge", id: "g" }]);
    expect(readClip('[{"type":"gauge"},{"children":[]}]')?.nodes).toHaveLength(2);
    expect(readClip("not json")).toBeNull();
    expect(readClip('{"title":"x"}')).toBeNull();
    expect(readClip("[]")).toBeNull();
  });

  it("pastes onto another tab at the original cells with fresh ids at every depth", () => {
    const doc = createDocument(LAYOUT);
    const ops = pasteOps(doc.layout, copyNodes(doc.layout, ["net"]), "/tabs/1");
    doc.batch(ops);
    const pasted = doc.layout.tabs[1].children?.[0] as unknown as {
      id: string;
      position: number[];
      children: { id: string; popup: { id: string } }[];
    };
    expect(pasted.id).toBe("net-1");
    expect(pasted.position).toEqual([0, 0]);
    expect(pasted.children[0].id).toBe("wifi-1");
    expect(pasted.children[0].popup.id).toBe("wifi-more-1");
    expect(validateLayout(doc.layout).errors).toEqual([]);
  });

  it("places first-fit when the original cells are taken, clamping spans to the grid", () => {
    const doc = createDocument(LAYOUT);
    const clip = copyNodes(doc.layout, ["rx"]);
    const ops = pasteOps(doc.layout, clip, "/tabs/0");
    expect(ops).toEqual([
      {
        op: "addControl",
        parent: "/tabs/0",
        control: { type: "label", id: "rx-1", label: "RX" },
        position: [0, 2],
        span: [1, 2],
      },
    ]);
    const wide = { ...clip, nodes: [{ ...clip.nodes[0], span: [1, 4] }] };
    doc.batch(pasteOps(doc.layout, wide, "/tabs/0/children/1"));
    expect(doc.layout.tabs[0].children?.[1]).toMatchObject({
      children: [{ id: "wifi" }, { id: "rx-1", position: [1, 0], span: [1, 2] }],
    });
  });

  it("pastes several without them landing on each other, and refuses when there is no room", () => {
    const doc = createDocument(LAYOUT);
    const clip = copyNodes(doc.layout, ["rx", "rx"]);
    const twice = { ...clip, nodes: [clip.nodes[0], clip.nodes[0]] };
    doc.batch(pasteOps(doc.layout, twice, "/tabs/1"));
    expect(doc.layout.tabs[1].children?.map((c) => [c.id, c.position])).toEqual([
      ["rx-1", [0, 0]],
      ["rx-2", [1, 0]],
    ]);
    expect(() => pasteOps(doc.layout, copyNodes(doc.layout, ["rx"]), "/tabs/1")).toThrow(/no room/);
  });

  it("keeps the ids of a cut selection pasted back", () => {
    const doc = createDocument(LAYOUT);
    const clip = copyNodes(doc.layout, ["net"]);
    doc.apply({ op: "removeControl", id: "net" });
    doc.batch(pasteOps(doc.layout, clip, "/tabs/1"));
    expect(doc.layout.tabs[1].children?.[0]).toMatchObject({
      id: "net",
      children: [{ id: "wifi", popup: { id: "wifi-more" } }],
    });
  });

  it("duplicates a selection in place, each copy in its own grid", () => {
    const doc = createDocument(LAYOUT);
    doc.batch(duplicateOps(doc.layout, ["rx", "wifi"]));
    expect(doc.layout.tabs[0].children?.map((c) => c.id)).toEqual(["rx", "net", "rx-1"]);
    expect(
      (doc.layout.tabs[0].children?.[1] as unknown as { children: { id: string }[] }).children.map(
        (c) => c.id,
      ),
    ).toEqual(["wifi", "wifi-1"]);
    expect(validateLayout(doc.layout).errors).toEqual([]);
  });
});
