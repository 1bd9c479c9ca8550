import { describe, expect, it } from "vitest";
import { readContentReply, renderMarkdown } from "./markdown.js";

describe("renderMarkdown", () => {
  it("renders markdown", () => {
    expect(renderMarkdown("**bold** and `code`")).toContain("<strong>bold</strong>");
    expect(renderMarkdown("> quoted")).toContain("<blockquote>");
  });

  it("escapes HTML in the source", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(2)">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script");
  });

  it("neutralizes unsafe link targets", () => {
    expect(renderMarkdown("[x](javascript:alert(1))")).toContain('href="#"');
    expect(renderMarkdown("[x](https://example.com)")).toContain('href="https://example.com"');
  });
});

describe("readContentReply", () => {
  it("accepts {title, content} or a bare string", () => {
    expect(readContentReply({ title: "T", content: "c" }, "node")).toEqual({ title: "T", content: "c" });
    expect(readContentReply("# hi", "node")).toEqual({ title: "node", content: "# hi" });
    expect(readContentReply(42, "node")).toEqual({ title: "node", content: "" });
  });
});
