import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listControls } from "../catalog/catalog.js";
import { fillRegions, generatedRegions, LAYOUT_DOC_PATH, layoutDocText } from "./layout-reference.js";

const doc = readFileSync(LAYOUT_DOC_PATH, "utf8");

describe("docs/layout-format.md", () => {
  it("matches what the kit generates (run `npm run docs:reference` after changing controls.json or the catalog)", async () => {
    expect(await layoutDocText(doc)).toBe(doc);
  });

  it("holds every generated region, so no block of controls.json goes undocumented", () => {
    const used = [...doc.matchAll(/<!-- generated: ([\w -]+) -->/g)].map((m) => m[1].trim());
    expect(used.toSorted()).toEqual([...generatedRegions().keys()].toSorted());
  });

  it("documents each of the 43 control types under its own heading", () => {
    const headings = new Set([...doc.matchAll(/^#### (\w+)$/gm)].map((m) => m[1]));
    expect(
      listControls()
        .map((c) => c.type)
        .filter((type) => !headings.has(type)),
    ).toEqual([]);
    expect(headings.size).toBe(43);
  });
});

describe("fillRegions", () => {
  const regions = new Map([["greeting", "hello"]]);

  it("replaces a region's stale body and leaves the prose around it alone", () => {
    const text = "intro\n<!-- generated: greeting -->\nstale\n<!-- end generated -->\noutro\n";
    expect(fillRegions(text, regions)).toBe(
      "intro\n<!-- generated: greeting -->\n\nhello\n\n<!-- end generated -->\noutro\n",
    );
  });

  it("refuses an unknown region name and a region without its end marker", () => {
    expect(() => fillRegions("<!-- generated: farewell -->\n<!-- end generated -->", regions)).toThrow(
      "unknown generated region 'farewell'",
    );
    expect(() => fillRegions("<!-- generated: greeting -->\nno end", regions)).toThrow("has no");
  });
});
