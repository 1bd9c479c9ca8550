import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

describe("carter catalog", () => {
  it("lists the 43 types as a table", async () => {
    const io = testIO();
    expect(await main(["catalog"], io)).toBe(0);
    const lines = io.stdout().split("\n");
    expect(lines).toHaveLength(43);
    expect(lines.find((l) => l.startsWith("gauge "))).toMatch(/^gauge\s+display\s+A half or full arc dial/);
  });

  it("--json gives type, category and summary for machines; --category filters", async () => {
    const io = testIO();
    expect(await main(["catalog", "--json", "--category", "container"], io)).toBe(0);
    const list = JSON.parse(io.stdout()) as { type: string; category: string; summary: string }[];
    expect(list.map((c) => c.type)).toEqual(["accordion", "canvas", "carousel", "flipCard"]);
    expect(Object.keys(list[0])).toEqual(["type", "category", "summary"]);
  });

  it("bad flags are usage errors (exit 2)", async () => {
    const io = testIO();
    expect(await main(["catalog", "--category", "widgets"], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^carter catalog: --category must be one of input, display, container, layout, got 'widgets'\n\nUsage: carter catalog/,
    );
    expect(await main(["catalog", "--jsn"], testIO())).toBe(2);
    expect(await main(["catalog", "extra"], testIO())).toBe(2);
  });
});
