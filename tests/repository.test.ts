import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  anchorsOf,
  brokenLinks,
  CITED_DOCS,
  danglingCitations,
  headingSlug,
  outsideReferences,
  ROOT,
  sectionNumbers,
  trackedTexts,
} from "./repository.js";

const files = trackedTexts();

describe("the repository stands alone", () => {
  it("reads tracked files (a git checkout)", () => {
    expect(files.map((f) => f.path)).toContain("package.json");
  });

  it("has no test, script, doc or comment reaching outside it", () => {
    expect(files.flatMap(outsideReferences)).toEqual([]);
  });

  it("has no relative markdown link or anchor leading nowhere", () => {
    expect(files.filter((f) => f.path.endsWith(".md")).flatMap(brokenLinks)).toEqual([]);
  });

  it("cites only sections its docs have (`layout.md §N`, `session-protocol §N`)", () => {
    const sections = new Map(
      Object.entries(CITED_DOCS).map(([name, path]) => [
        name,
        sectionNumbers(readFileSync(resolve(ROOT, path), "utf8")),
      ]),
    );
    expect(files.flatMap((f) => danglingCitations(f, sections))).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("catch a sibling directory, the build machine's folders and paths climbing above the root", () => {
    const up = "../";
    const text = [
      `see ${up}shared for the contract`,
      `read ${["", "work", "shared", "seeds", ""].join("/")}`,
      `new URL("${up.repeat(3)}x.json", import.meta.url)`,
      `new URL("${up.repeat(2)}inside.json", import.meta.url)`,
    ].join("\n");
    expect(outsideReferences({ path: "packages/kit/x.ts", text })).toEqual([
      `packages/kit/x.ts:1: ${up}shared`,
      `packages/kit/x.ts:2: ${["shared", "seeds"].join("/")}`,
      `packages/kit/x.ts:2: ${["", "work", ""].join("/")}`,
      `packages/kit/x.ts:3: ${up.repeat(3)}`,
    ]);
  });

  it("catch missing files, files outside and missing anchors", () => {
    const text = [
      "[ok](docs/protocol.md#verbs)",
      "[gone](docs/nothing.md)",
      `[outside](${"../".repeat(2)}elsewhere/README.md)`,
      "[no heading](docs/protocol.md#no-such-heading)",
      "[web](https://example.com/x)",
    ].join("\n");
    expect(brokenLinks({ path: "README.md", text })).toEqual([
      "README.md: docs/nothing.md (no such file in the repository)",
      `README.md: ${"../".repeat(2)}elsewhere/README.md (no such file in the repository)`,
      "README.md: docs/protocol.md#no-such-heading (no such heading)",
    ]);
  });

  it("slug headings as GitHub does", () => {
    expect(headingSlug("6. End-to-end encryption (E2EE v2)")).toBe("6-end-to-end-encryption-e2ee-v2");
    expect(headingSlug("3. `connection`")).toBe("3-connection");
    expect([...anchorsOf("## Limits\n## Limits\n```\n# not a heading\n```\n")]).toEqual([
      "limits",
      "limits-1",
    ]);
  });

  it("catch a citation of a section that does not exist", () => {
    // Assembled, so the dangling example is not a citation of this file.
    const cite = (section: string) => ["layout.md", `§${section}`].join(" ");
    const sections = new Map([["layout.md", new Set(["7", "7.1"])]]);
    const text = `per ${cite("7.1")} and ${cite("7.9")}`;
    expect(danglingCitations({ path: "a.ts", text }, sections)).toEqual([`a.ts:1: ${cite("7.9")}`]);
  });
});
