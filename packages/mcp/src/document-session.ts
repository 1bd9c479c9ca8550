import { readFileSync, renameSync, unwatchFile, watchFile, writeFileSync } from "node:fs";
import { AuthoringError, createDocument, type LayoutDocument } from "@carter/authoring";
import { ToolError } from "./tool.js";

/** Who the MCP server's changes are logged as. */
export const MCP_AUTHOR = "mcp";
const FILE_AUTHOR = "file";
const FILE_POLL_MS = 200;

/** Writes `text` to `file` atomically (temporary file, then rename): a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** An authoring failure as a tool error: the operation field at fault first. */
export function authoringError(error: unknown): Error {
  if (!(error instanceof AuthoringError)) return error as Error;
  const findings = error.findings.map((f) => `${f.path}: ${f.message}`).join("; ");
  const field = error.field && !error.message.startsWith(error.field) ? `${error.field}: ` : "";
  return new ToolError(
    `${field}${error.message}${findings && !error.message.includes(findings) ? ` (${findings})` : ""} [${error.code}]`,
  );
}

/** Runs an authoring call, turning refusals into tool errors. */
export function authoring<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw authoringError(error);
  }
}

/**
 * The open document, optionally bound to a file: every change is written back to the file, and
 * edits another tool (the editor started with that file) writes there are applied to the document
 * as a logged change by `file`, so the two edit one layout live. The file is polled every 200 ms
 * and read again before every tool call that uses the document (`McpContext.requireDocument`).
 */
export class DocumentSession {
  private stopSubscription: () => void;
  /** The text last written or read, so our own writes are not re-applied. */
  private lastText: string;
  /** Why the file's last external edit was not applied, if it was refused. */
  fileError: string | null = null;

  constructor(
    readonly doc: LayoutDocument,
    readonly file: string | null,
    onChange: () => void,
  ) {
    this.lastText = doc.text();
    this.stopSubscription = doc.subscribe(() => {
      if (this.file !== null) {
        const text = doc.text();
        if (text !== this.lastText) {
          this.lastText = text;
          writeAtomically(this.file, text);
        }
      }
      onChange();
    });
    if (file !== null) watchFile(file, { interval: FILE_POLL_MS }, () => this.pullFile());
  }

  static open(layout: unknown, file: string | null, onChange: () => void): DocumentSession {
    const doc = authoring(() => createDocument(layout, { author: MCP_AUTHOR }));
    const session = new DocumentSession(doc, file, onChange);
    if (file !== null) {
      session.lastText = doc.text();
      writeAtomically(file, session.lastText);
    }
    return session;
  }

  /** Applies the bound file's content when another tool changed it. */
  pullFile(): void {
    if (this.file === null) return;
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return;
    }
    if (text === this.lastText) return;
    let layout: unknown;
    try {
      layout = JSON.parse(text);
    } catch (error) {
      this.fileError = `${this.file} is not valid JSON (${(error as Error).message})`;
      return;
    }
    this.lastText = text;
    try {
      this.doc.apply({ op: "replaceLayout", layout: layout as never }, { author: FILE_AUTHOR });
      this.fileError = null;
    } catch (error) {
      this.fileError = authoringError(error).message;
    }
  }

  close(): void {
    this.stopSubscription();
    if (this.file !== null) unwatchFile(this.file);
  }
}
