/**
 * Markdown for graph node content sheets. The source's HTML is escaped before parsing (no raw
 * tags survive) and link/image targets are limited to http(s), mailto and relative URLs.
 */
import { Marked } from "marked";

const SAFE_URL = /^(https?:|mailto:|#|\/|\.\/|\.\.\/)/i;

const parser = new Marked({
  gfm: true,
  walkTokens(token) {
    if ((token.type === "link" || token.type === "image") && !SAFE_URL.test(token.href.trim()))
      token.href = "#";
  },
});

export function renderMarkdown(source: string): string {
  const escaped = source.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return parser.parse(escaped, { async: false });
}

/** A content reply: `{title, content}` or a bare markdown string. */
export function readContentReply(reply: unknown, fallbackTitle: string): { title: string; content: string } {
  if (typeof reply === "string") return { title: fallbackTitle, content: reply };
  if (reply && typeof reply === "object") {
    const r = reply as Record<string, unknown>;
    return {
      title: typeof r.title === "string" && r.title !== "" ? r.title : fallbackTitle,
      content: typeof r.content === "string" ? r.content : typeof r.markdown === "string" ? r.markdown : "",
    };
  }
  return { title: fallbackTitle, content: "" };
}
