import { describe, expect, it } from "vitest";
import { parseColour, pickedColour } from "./colour.js";

describe("layout colours for the picker", () => {
  it("reads every hex form the device reads, with and without #", () => {
    expect(parseColour("#667EEA")).toEqual({ rgb: "#667eea", alpha: null });
    expect(parseColour("667eea80")).toEqual({ rgb: "#667eea", alpha: "80" });
    expect(parseColour("#f80")).toEqual({ rgb: "#ff8800", alpha: null });
    expect(parseColour(" #f808 ")).toEqual({ rgb: "#ff8800", alpha: "88" });
  });

  it("takes names through the resolver, and refuses what is no colour", () => {
    const named = (name: string) => (name === "orange" ? "#ffa500" : null);
    expect(parseColour("Orange", named)).toEqual({ rgb: "#ffa500", alpha: null });
    expect(parseColour("orange")).toBeNull();
    expect(parseColour("blurple", named)).toBeNull();
    expect(parseColour("#12345")).toBeNull();
    expect(parseColour("")).toBeNull();
  });

  it("keeps the field's form when a colour is picked", () => {
    expect(pickedColour(undefined, "#00aa55")).toBe("#00AA55");
    expect(pickedColour("orange", "#00aa55")).toBe("#00AA55");
    expect(pickedColour("#ff8800", "#00aa55")).toBe("#00aa55");
    expect(pickedColour("#FF8800", "#00aa55")).toBe("#00AA55");
    expect(pickedColour("ff880080", "#00aa55")).toBe("00aa5580");
    expect(pickedColour("#f808", "#00aa55")).toBe("#00aa5588");
  });
});
