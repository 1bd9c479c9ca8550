import { signal } from "@preact/signals";
import { isObject, tryParseJson } from "../engine/json.js";
import { layoutProblem } from "../engine/layout.js";

/** The slice of the Web Storage API the store uses (`localStorage` in the browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One entry of `list-layouts` (session-protocol §5.2); `tabs` is the number of tabs. */
export interface SavedLayoutEntry {
  name: string;
  file: string;
  tabs: number;
  accentColor: string | null;
}

const INDEX_KEY = "carter.layouts";
const FILE_KEY = (file: string) => `carter.layout:${file}`;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}\.json$/;

/** A file name for a layout name: `Garage Bench` → `garage-bench.json`. */
export function fileNameFor(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${stem || "layout"}.json`;
}

/**
 * Layouts saved on this device (`save-layout`, the `layout-save` broadcast), kept in browser
 * storage as raw JSON text under a file name, and listed in the loader. `entries` is a signal so
 * the loader redraws when one is saved.
 */
export class SavedLayouts {
  readonly entries = signal<SavedLayoutEntry[]>([]);

  constructor(private readonly storage: KeyValueStorage | null) {
    this.entries.value = this.readIndex();
  }

  list(): SavedLayoutEntry[] {
    return this.entries.value;
  }

  /** Saves a layout under `file` (default: from its name). Replaces a file of the same name. */
  save(layout: unknown, file?: unknown): { ok: true; file: string } | { error: string } {
    const problem = layoutProblem(layout);
    if (problem) return { error: `layout: ${problem}` };
    const doc = layout as { name: string; tabs: unknown[]; accentColor?: unknown };
    let target: string;
    if (file === undefined || file === null) target = fileNameFor(doc.name);
    else if (typeof file !== "string") return { error: "file: must be a string" };
    else {
      target = file.endsWith(".json") ? file : `${file}.json`;
      if (!FILE_NAME.test(target))
        return { error: "file: letters, digits, '.', '_', '-' and spaces, ending in .json" };
    }
    if (!this.storage) return { error: "this browser keeps no storage for layouts" };
    const entry: SavedLayoutEntry = {
      name: doc.name,
      file: target,
      tabs: doc.tabs.length,
      accentColor: typeof doc.accentColor === "string" ? doc.accentColor : null,
    };
    try {
      this.storage.setItem(FILE_KEY(target), JSON.stringify(layout));
      const index = [...this.readIndex().filter((e) => e.file !== target), entry];
      this.storage.setItem(INDEX_KEY, JSON.stringify(index));
      this.entries.value = index;
    } catch (error) {
      return { error: `storage: ${(error as Error).message}` };
    }
    return { ok: true, file: target };
  }

  /** The raw saved layout by `file` and/or `name` (a file wins when both are given). */
  get(query: unknown): { ok: true; file: string; layout: unknown } | { ok: false; error: string } {
    const file = isObject(query) && typeof query.file === "string" ? query.file : undefined;
    const name = isObject(query) && typeof query.name === "string" ? query.name : undefined;
    if (file === undefined && name === undefined) return { ok: false, error: "pass file or name" };
    const entry = this.readIndex().find((e) => (file !== undefined ? e.file === file : e.name === name));
    if (!entry) return { ok: false, error: "no such layout" };
    const text = this.storage?.getItem(FILE_KEY(entry.file));
    const layout = text == null ? undefined : tryParseJson(text);
    if (layout === undefined) return { ok: false, error: "layout file unreadable" };
    return { ok: true, file: entry.file, layout };
  }

  remove(file: string): void {
    if (!this.storage) return;
    this.storage.removeItem(FILE_KEY(file));
    const index = this.readIndex().filter((e) => e.file !== file);
    this.storage.setItem(INDEX_KEY, JSON.stringify(index));
    this.entries.value = index;
  }

  private readIndex(): SavedLayoutEntry[] {
    let text: string | null = null;
    try {
      text = this.storage?.getItem(INDEX_KEY) ?? null;
    } catch {
      return [];
    }
    const parsed = text === null ? undefined : tryParseJson(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is SavedLayoutEntry =>
        isObject(e) && typeof e.file === "string" && typeof e.name === "string" && typeof e.tabs === "number",
    );
  }
}

/** `localStorage` when the page may use it, else `null` (private modes, sandboxed frames). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === "object" ? localStorage : null;
  } catch {
    return null;
  }
}
