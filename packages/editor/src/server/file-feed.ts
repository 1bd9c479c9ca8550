import { promises as fs, unwatchFile, watchFile } from "node:fs";
import type { ServerResponse } from "node:http";

/** How often the file is checked for outside edits (stat polling survives atomic renames). */
const POLL_MS = 100;

/**
 * The editor's layout file, shared live: pages follow it over Server-Sent Events, and whatever
 * another tool (`carter mcp` with `begin_edit {source: "file"}`, a text editor) writes there is
 * pushed to every open page. Writes from the page are atomic (temporary file, then rename). Reads
 * and writes run one at a time, and the last text written or pushed is remembered, so a page never
 * gets its own write echoed back (which could undo an edit it made meanwhile).
 */
export class FileFeed {
  private readonly pages = new Set<ServerResponse>();
  /** The file's text as last written here or pushed to the pages. */
  private known: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {
    watchFile(file, { interval: POLL_MS }, () => this.enqueue(() => this.check()));
  }

  /** Runs `task` after every earlier read or write. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async read(): Promise<string | null> {
    try {
      return await fs.readFile(this.file, "utf8");
    } catch {
      return null;
    }
  }

  /** Pushes the file's text to the pages when someone else changed it. */
  private async check(): Promise<void> {
    const text = await this.read();
    if (text === null || text === this.known) return;
    try {
      JSON.parse(text);
    } catch {
      // Half-written by a tool that does not write atomically: the next change event brings the rest.
      return;
    }
    this.known = text;
    for (const page of this.pages) page.write(`data: ${JSON.stringify(text)}\n\n`);
  }

  /** Writes `text` atomically, as the page's own change (not pushed back to the pages). */
  write(text: string): Promise<void> {
    return this.enqueue(async () => {
      const temporary = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, text);
      await fs.rename(temporary, this.file);
      this.known = text;
    });
  }

  /** Answers `GET /layout/events`: an event stream of the file's text, the current one first. */
  follow(res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    this.pages.add(res);
    res.on("close", () => this.pages.delete(res));
    void this.enqueue(async () => {
      const text = await this.read();
      if (text !== null) res.write(`data: ${JSON.stringify(text)}\n\n`);
    });
  }

  close(): void {
    unwatchFile(this.file);
    for (const page of this.pages) page.end();
    this.pages.clear();
  }
}
