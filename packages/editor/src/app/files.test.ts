import { describe, expect, it } from "vitest";
import { parseLayoutFile } from "./files.js";

describe("parseLayoutFile", () => {
  it("returns the object a file holds", () => {
    expect(parseLayoutFile('{"name":"x","tabs":[]}', "x.json")).toEqual({ name: "x", tabs: [] });
  });

  it("names the file and where the JSON breaks", () => {
    expect(() => parseLayoutFile('{\n  "name": "x",\n  "tabs": [,]\n}', "bad.json")).toThrow(
      /^bad\.json: invalid JSON at line 3, column 12/,
    );
  });

  it("says what the file holds when it is no layout object", () => {
    expect(() => parseLayoutFile("[1]", "list.json")).toThrow(
      "list.json: holds an array, not a layout object",
    );
    expect(() => parseLayoutFile("42", "n.json")).toThrow("n.json: holds a number, not a layout object");
    expect(() => parseLayoutFile("null", "z.json")).toThrow("z.json: holds null, not a layout object");
  });
});
