import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatFindings, validateLayout } from "@carter/kit";

const dir = new URL("./", import.meta.url);
const layoutFiles = readdirSync(dir).filter((file) => file.endsWith(".layout.json"));

describe("example layouts", () => {
  it("ships one layout per example", () => {
    expect(layoutFiles.sort()).toEqual(
      ["dynamic-ui", "graph", "interactive", "raw-server", "telemetry", "twenty-lines"].map(
        (n) => `${n}.layout.json`,
      ),
    );
  });

  it.each(layoutFiles)("%s is valid per the kit validator, without warnings", (file) => {
    const layout: unknown = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    const result = validateLayout(layout);
    expect(formatFindings(result.findings)).toBe(formatFindings([]));
    expect(result.ok).toBe(true);
  });
});
