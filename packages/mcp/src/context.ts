import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isJsonObject } from "@carter/protocol";
import { authoring, DocumentSession } from "./document-session.js";
import type { McpSession } from "./session.js";
import { ToolError } from "./tool.js";
import type { VirtualDevice } from "./virtual-device.js";

/** Options fixed when the server starts (the CLI's flags). */
export interface McpServerOptions {
  /** Embedded relay port for `connect` (default 8765, `CARTER_MCP_RELAY_PORT`). */
  relayPort?: number;
  /** Embedded relay bind address (default 0.0.0.0 so a phone on the LAN can reach it). */
  relayHost?: string;
  /** Where PNG files (QR codes, screenshots) are written; default the OS temp dir. */
  outputDir?: string;
  /** Base directory for relative file paths the tools are given; default the working directory. */
  cwd?: string;
}

/** The state every tool shares: the channel session, the virtual device, what was last pushed. */
export class McpContext {
  session: McpSession | null = null;
  virtualDevice: VirtualDevice | null = null;
  /** The last layout pushed, and the device's rendered summary of it. */
  lastPushed: Record<string, unknown> | null = null;
  lastRendered: unknown = null;
  /** The open document (begin_edit), shared with the editor through its file when it has one. */
  document: DocumentSession | null = null;
  private readonly changeListeners = new Set<(uri: string) => void>();

  constructor(readonly options: McpServerOptions = {}) {}

  /** The open document's layout (its bound file's latest edit applied), `null` when none is open. */
  documentLayout = (): Record<string, unknown> | null => {
    this.document?.pullFile();
    return this.document ? (this.document.doc.layout as unknown as Record<string, unknown>) : null;
  };

  /** The open document, with its bound file's latest outside edit applied first. */
  requireDocument(): DocumentSession {
    if (!this.document) throw new ToolError("no document open: call begin_edit first");
    this.document.pullFile();
    return this.document;
  }

  /** Opens `layout` as the document (replacing any), unbound from files. */
  openDocument(layout: unknown, file: string | null = null): void {
    this.document?.close();
    this.document = DocumentSession.open(layout, file, () => this.documentChanged());
    this.documentChanged();
  }

  /** Runs an authoring change on the document, refusals as tool errors. */
  applyToDocument<T>(body: () => T): T {
    return authoring(body);
  }

  /** Notifies the document's and the contract's subscribers. */
  documentChanged(): void {
    this.changed("carter://document");
    this.changed("carter://contract");
  }

  requireSession(): McpSession {
    if (!this.session) throw new ToolError("not connected: call connect first");
    return this.session;
  }

  /** Resolves a tool's path argument against the server's working directory. */
  path(file: string): string {
    return resolve(this.options.cwd ?? process.cwd(), file);
  }

  /** Reads a JSON file a tool was pointed at (large layouts never pass through the model). */
  async readJson(file: string, field = "file"): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path(file), "utf8");
    } catch (error) {
      throw new ToolError(
        `${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ToolError(`${field}: ${file} is not valid JSON (${(error as Error).message})`);
    }
  }

  /** A layout from exactly one of `layout` or `file`; `fallback` when neither is given. */
  async layoutFrom(
    input: { layout?: unknown; file?: string },
    fallback?: () => Record<string, unknown> | null,
  ): Promise<Record<string, unknown>> {
    if (input.layout !== undefined && input.file !== undefined)
      throw new ToolError("pass layout or file, not both");
    const value = input.file !== undefined ? await this.readJson(input.file) : input.layout;
    if (value === undefined) {
      const fromFallback = fallback?.();
      if (fromFallback) return fromFallback;
      throw new ToolError("layout: pass layout (an object) or file (a path to a layout JSON file)");
    }
    if (!isJsonObject(value)) throw new ToolError("layout: must be a JSON object with tabs");
    return value;
  }

  /** Tells resource subscribers that `uri` changed. */
  changed(uri: string): void {
    for (const listener of this.changeListeners) listener(uri);
  }

  onChange(listener: (uri: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Closes everything: the document's file binding, the virtual device, the session. */
  async close(): Promise<void> {
    this.document?.close();
    this.document = null;
    await this.closeSession();
  }

  /** Closes the virtual device and leaves the channel (the document stays open). */
  async closeSession(): Promise<void> {
    await this.virtualDevice?.close();
    this.virtualDevice = null;
    await this.session?.close();
    this.session = null;
  }
}
