import { readdirSync, readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import { SCHEMA_PATH } from "../schema/emit.js";
import { STRUCTURAL_CODES } from "./finding.js";
import { validateLayout } from "./validate.js";

const CORPUS = new URL("./corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, layout: JSON.parse(readFileSync(new URL(file, CORPUS), "utf8")) as unknown }));

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaCheck = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);

/** The instance paths ajv blames at the leaves (errors whose failure is not an if/then wrapper). */
function leafPaths(errors: ErrorObject[] | null | undefined): string[] {
  const paths = (errors ?? []).filter((e) => e.keyword !== "if").map((e) => e.instancePath);
  return [...new Set(paths)].sort();
}

describe("validator and JSON Schema agree on structural errors", () => {
  it("the corpus has valid and invalid layouts for every structural code", () => {
    const codes = new Set(
      corpus.flatMap(({ layout }) =>
        validateLayout(layout)
          .errors.filter((f) => STRUCTURAL_CODES.has(f.code))
          .map((f) => f.code),
      ),
    );
    expect([...codes].sort()).toEqual([...STRUCTURAL_CODES].sort());
    expect(corpus.some(({ file }) => file.startsWith("valid-"))).toBe(true);
  });

  it.each(corpus)("$file: schema-valid exactly when no structural errors", ({ file, layout }) => {
    const result = validateLayout(layout);
    const structural = result.errors.filter((f) => STRUCTURAL_CODES.has(f.code));
    const schemaValid = schemaCheck(layout);
    expect({ schemaValid, structural }).toEqual({ schemaValid: structural.length === 0, structural });
    expect(result.ok).toBe(file.startsWith("valid-"));
  });

  it.each(corpus.filter(({ file }) => file.startsWith("invalid-")))(
    "$file: every structural error is blamed by the schema too",
    ({ layout }) => {
      schemaCheck(layout);
      const blamed = leafPaths(schemaCheck.errors).map(
        (p) => `$${p.replace(/\/(\d+)/g, "[$1]").replace(/\/([^/]+)/g, ".$1")}`,
      );
      for (const finding of validateLayout(layout).errors.filter((f) => STRUCTURAL_CODES.has(f.code))) {
        // The schema blames the offending value or the object missing a key.
        expect(
          blamed.some(
            (p) => finding.path === p || finding.path.startsWith(`${p}.`) || finding.path.startsWith(`${p}[`),
          ),
          finding.path,
        ).toBe(true);
      }
    },
  );
});
