import { CONTROL_TYPES, validateLayout } from "@carter/kit";
import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

describe("carter doc", () => {
  it("prints our documentation of a control: fields, value, emits and an example", async () => {
    const io = testIO();
    expect(await main(["doc", "slider"], io)).toBe(0);
    const page = io.stdout();
    expect(page).toMatch(/^slider \(input\)\nDrag to choose a number/);
    expect(page).toContain("Value:   number (clamped to min..max, snapped to step)");
    expect(page).toContain("Emits:   {{value}} = number");
    expect(page).toContain("min  (number; default 0)");
    expect(page).toContain('"msg_type": "set_fan"');
  });

  it.each([...CONTROL_TYPES])("documents %s: value, emits, fields and a validating example", async (type) => {
    const io = testIO();
    expect(await main(["doc", type], io)).toBe(0);
    const page = io.stdout();
    expect(page.startsWith(`${type} (`)).toBe(true);
    expect(page).toMatch(/\nValue: {3}\S/);
    expect(page).toMatch(/\nEmits: {3}\S/);
    expect(page).toContain("\nFields (plus the common ones");
    const example = JSON.parse(page.slice(page.indexOf("\nExample:\n") + 10)) as { type: string };
    expect(example.type).toBe(type);
    const layout = {
      name: "Doc",
      version: 1,
      tabs: [{ title: "T", icon: "square", grid: { columns: 4, rows: 12 }, children: [example] }],
    };
    expect(validateLayout(layout).errors).toEqual([]);
  });

  it("--json gives the ControlDoc", async () => {
    const io = testIO();
    expect(await main(["doc", "picker", "--json"], io)).toBe(0);
    const doc = JSON.parse(io.stdout()) as {
      type: string;
      fields: { name: string; required: boolean }[];
      example: object;
    };
    expect(doc.type).toBe("picker");
    expect(doc.fields.find((f) => f.name === "options")?.required).toBe(true);
    expect(doc.example).toMatchObject({ type: "picker", options: ["HDMI 1", "HDMI 2", "Optical"] });
  });

  it("an unknown type names the closest match and exits 1", async () => {
    const io = testIO();
    expect(await main(["doc", "sparkle"], io)).toBe(1);
    expect(io.stderr()).toBe(
      "carter doc: unknown control type 'sparkle'; did you mean 'sparkline'? (carter catalog lists all types)",
    );
  });

  it("a missing or extra argument is a usage error (exit 2)", async () => {
    const io = testIO();
    expect(await main(["doc"], io)).toBe(2);
    expect(io.stderr()).toMatch(/give exactly one control type/);
    expect(await main(["doc", "gauge", "slider"], testIO())).toBe(2);
  });
});
