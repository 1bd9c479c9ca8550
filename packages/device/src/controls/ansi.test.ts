import { describe, expect, it } from "vitest";
import { parseAnsi } from "./ansi.js";

describe("parseAnsi", () => {
  it("passes plain text through", () => {
    expect(parseAnsi("hello")).toEqual({ spans: [{ text: "hello" }], columns: undefined });
  });

  it("applies colours, bold and resets", () => {
    const { spans } = parseAnsi("\x1b[1;31mERR\x1b[0m ok \x1b[38;5;46mgreen\x1b[38;2;1;2;3mrgb");
    expect(spans).toEqual([
      { text: "ERR", bold: true, fg: "#e5534b" },
      { text: " ok " },
      { text: "green", fg: "rgb(0,255,0)" },
      { text: "rgb", fg: "rgb(1,2,3)" },
    ]);
  });

  it("reads the size report and drops other sequences", () => {
    const result = parseAnsi("\x1b[8;24;80tline\x1b[2K\x1b[Hx");
    expect(result.columns).toBe(80);
    expect(result.spans.map((s) => s.text).join("")).toBe("linex");
  });
});
