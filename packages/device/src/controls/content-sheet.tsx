import { useRef, useState } from "preact/hooks";
import { Icon } from "./icons.js";
import { readContentReply, renderMarkdown } from "./markdown.js";

export type Sheet =
  | { state: "loading"; title: string }
  | { state: "ready"; title: string; html: string }
  | { state: "error"; title: string; message: string };

/**
 * A markdown sheet over the control (a node's or card's documentation): shown directly, or
 * filled from a content request's `{title, content}` / bare markdown reply. A newer request
 * supersedes an older one still in flight.
 */
export function useContentSheet() {
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const seq = useRef(0);
  return {
    sheet,
    close: () => {
      seq.current++;
      setSheet(null);
    },
    fail(title: string, message: string) {
      seq.current++;
      setSheet({ state: "error", title, message });
    },
    show(title: string, markdown: string) {
      seq.current++;
      setSheet({ state: "ready", title, html: renderMarkdown(markdown) });
    },
    load(title: string, reply: Promise<unknown>) {
      const mine = ++seq.current;
      setSheet({ state: "loading", title });
      reply.then(
        (value) => {
          if (mine !== seq.current) return;
          const { title: heading, content } = readContentReply(value, title);
          setSheet({ state: "ready", title: heading, html: renderMarkdown(content) });
        },
        (error: unknown) => {
          if (mine !== seq.current) return;
          setSheet({
            state: "error",
            title,
            message: error instanceof Error ? error.message : String(error),
          });
        },
      );
    },
  };
}

export function ContentSheet({ sheet, onClose }: { sheet: Sheet; onClose: () => void }) {
  return (
    <div class="cc-sheet" role="dialog" aria-label={sheet.title}>
      <div class="cc-sheet-head">
        <h3 class="cc-sheet-title">{sheet.title}</h3>
        <button type="button" class="cc-sheet-close" aria-label="Close" onClick={onClose}>
          <Icon name="xmark" />
        </button>
      </div>
      {sheet.state === "loading" ? <div class="cc-placeholder">Loading…</div> : null}
      {sheet.state === "error" ? <div class="cc-sheet-error">{sheet.message}</div> : null}
      {sheet.state === "ready" ? (
        <div class="cc-sheet-body cc-markdown" dangerouslySetInnerHTML={{ __html: sheet.html }} />
      ) : null}
    </div>
  );
}
