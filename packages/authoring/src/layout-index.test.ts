import { getControlDoc, listControls, walkLayout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import home from "./fixtures/home.layout.json" with { type: "json" };
import { indexLayout } from "./layout-index.js";

/** `$.tabs[0].children[2].panels[0]` → `/tabs/0/children/2/panels/0` (walker paths use plain keys here). */
function pointerOf(path: string): string {
  return path
    .slice(1)
    .replace(/\[(\d+)\]/g, "/$1")
    .replace(/\./g, "/");
}

function kitWalk(layout: object) {
  const seen: unknown[] = [];
  walkLayout(layout, (node, info) =>
    seen.push({
      pointer: pointerOf(info.path),
      node,
      kind: info.kind,
      nesting: info.nesting,
      gridOwner: info.gridPath === null ? null : pointerOf(info.gridPath),
      tabIndex: info.tabIndex,
      depth: info.depth,
    }),
  );
  return seen;
}

describe("indexLayout", () => {
  it("visits exactly what the kit's walker visits, in the same order", () => {
    const everyType = {
      name: "all",
      version: 1,
      tabs: [
        home.tabs[0],
        {
          title: "All",
          icon: "x",
          children: listControls().map((c, i) => ({ ...getControlDoc(c.type).example, position: [i, 0] })),
        },
        { title: "Malformed", icon: "x", children: [7, { children: "no" }, { type: "carousel", panels: 3 }] },
      ],
    };
    expect(indexLayout(everyType).nodes).toEqual(kitWalk(everyType));
  });

  it("finds nodes by id and pointer, and caches per layout object", () => {
    const index = indexLayout(home);
    expect(index.byId.get("lamp-level")?.pointer).toBe("/tabs/0/children/1/longPressGroup/children/0");
    expect(index.byPointer.get("/tabs/0/children/3/panels/0")?.node.id).toBe("kitchen");
    expect(indexLayout(home)).toBe(index);
  });
});
