import type { Layout } from "@carter/kit";
import type { Store } from "./store.js";

/** Who the file's outside edits are logged as in the page's document. */
export const FILE_AUTHOR = "file";

export interface FileSyncOptions {
  /** Quiet time after the last change before it is written (default 150 ms). */
  debounceMs?: number;
}

/**
 * Keeps the page and the editor's layout file one document: each change made here is written to
 * the file (`PUT layout.json`, after `debounceMs` of quiet, one write at a time), and each change
 * another tool writes there (`carter mcp` editing the same file) arrives over `layout/events` and
 * is applied as a change by `file`. An outside change that lands while a change of this page is
 * still unwritten is skipped: the page's write follows and wins (the last writer wins). Returns
 * the stop function.
 */
export function syncWithFile(store: Store, options: FileSyncOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const { doc } = store;
  /** The text the file holds as far as this page knows. */
  let synced = store.doc.text();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = false;

  const write = async (): Promise<void> => {
    timer = undefined;
    const text = store.doc.text();
    if (text === synced) return;
    writing = true;
    try {
      const response = await fetch("layout.json", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        // A Blob, not the string: Chromium holds the page's thread about half as long (17 against
        // 35-40 ms for the 370 KB of a 500-control layout).
        body: new Blob([text], { type: "application/json" }),
      });
      if (!response.ok)
        throw new Error(((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`);
      synced = text;
    } catch (error) {
      store.problem.value = { message: `file: ${(error as Error).message}` };
    } finally {
      writing = false;
    }
    if (store.doc.text() !== synced) schedule();
  };

  const schedule = (): void => {
    if (writing) return;
    clearTimeout(timer);
    timer = setTimeout(() => void write(), debounceMs);
  };

  // The text is compared when the write is due, not on the change: stringifying a large layout
  // costs milliseconds the frame showing the change should not wait for.
  const stopChanges = doc.subscribe(schedule);

  const events = new EventSource("layout/events");
  events.onmessage = (event: MessageEvent<string>) => {
    let raw: string;
    let layout: Layout;
    try {
      raw = JSON.parse(event.data) as string;
      // The echo of this page's own write is the document's text byte for byte: nothing to parse.
      if (raw === store.doc.text()) {
        synced = raw;
        return;
      }
      layout = JSON.parse(raw) as Layout;
    } catch (error) {
      store.problem.value = { message: `file: not valid JSON (${(error as Error).message})` };
      return;
    }
    // Compared as the document writes it, so a file formatted otherwise is no change.
    const text = `${JSON.stringify(layout, null, 2)}\n`;
    if (text === store.doc.text()) {
      synced = text;
      return;
    }
    if (writing || store.doc.text() !== synced) return;
    synced = text;
    try {
      doc.apply({ op: "replaceLayout", layout }, { author: FILE_AUTHOR });
    } catch (error) {
      store.problem.value = { message: `file: ${(error as Error).message}` };
    }
  };

  return () => {
    events.close();
    stopChanges();
    clearTimeout(timer);
  };
}
