import { PlacementError } from "@carter/kit";
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { clipText, copyNodes, duplicateOps, pasteOps, readClip, type Clip } from "./clipboard.js";
import { removeOp } from "./owners.js";
import { currentGrid } from "./scope.js";
import type { Store } from "./store.js";

/** The in-app clipboard: what was last copied here, used when the system clipboard is out of reach. */
const held = signal<Clip | null>(null);

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** Copies the selection: into the in-app clipboard, and returns its JSON text for the system one. */
function copy(store: Store): string | null {
  const ids = store.selection();
  if (ids.length === 0) return null;
  const clip = copyNodes(store.layout.value, ids);
  held.value = clip;
  return clipText(clip);
}

function cut(store: Store): string | null {
  const text = copy(store);
  if (text !== null) store.applyAll(store.selection().map((id) => removeOp(store.layout.value, id)));
  return text;
}

/** Pastes into the grid the canvas edits (one undo step) and selects what was pasted. */
function paste(store: Store, clip: Clip | null): void {
  if (!clip) {
    store.problem.value = { message: "paste: nothing copied yet" };
    return;
  }
  place(store, () => pasteOps(store.layout.value, clip, currentGrid(store)));
}

function duplicate(store: Store): void {
  const ids = store.selection();
  if (ids.length > 0) place(store, () => duplicateOps(store.layout.value, ids));
}

function place(store: Store, plan: () => ReturnType<typeof pasteOps>): void {
  let ops: ReturnType<typeof pasteOps>;
  try {
    ops = plan();
  } catch (error) {
    if (!(error instanceof PlacementError)) throw error;
    store.problem.value = { message: error.message };
    return;
  }
  if (!store.applyAll(ops)) return;
  const ids = ops.flatMap((op) =>
    op.op === "addControl" ? [String(op.control.id)] : op.op === "addGroup" ? [String(op.group.id)] : [],
  );
  store.selected.value = ids[0] ?? null;
  store.also.value = ids.slice(1);
}

/** Writes to the system clipboard where the browser allows it (the in-app one always has it). */
function writeSystem(text: string | null): void {
  if (text === null) return;
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** Reads the system clipboard where allowed; the in-app clip when that is refused or holds no clip. */
async function readSystem(): Promise<Clip | null> {
  try {
    return readClip(await navigator.clipboard.readText()) ?? held.value;
  } catch {
    return held.value;
  }
}

/**
 * Ctrl/Cmd+C, X and V through the page's copy, cut and paste events (they carry the system
 * clipboard without a permission prompt), Ctrl/Cmd+D as a key; all outside text fields.
 */
function useClipboardKeys(store: Store): void {
  useEffect(() => {
    const onCopy = (event: ClipboardEvent) => {
      if (isTyping(event.target)) return;
      const text = event.type === "cut" ? cut(store) : copy(store);
      if (text === null) return;
      event.preventDefault();
      event.clipboardData?.setData("text/plain", text);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target)) return;
      event.preventDefault();
      paste(store, readClip(event.clipboardData?.getData("text/plain") ?? "") ?? held.value);
    };
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "d")
        return;
      event.preventDefault();
      duplicate(store);
    };
    window.addEventListener("copy", onCopy);
    window.addEventListener("cut", onCopy);
    window.addEventListener("paste", onPaste);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("copy", onCopy);
      window.removeEventListener("cut", onCopy);
      window.removeEventListener("paste", onPaste);
      window.removeEventListener("keydown", onKey);
    };
  }, [store]);
}

/** Copy, Cut, Paste and Duplicate buttons for the toolbar, with their keyboard shortcuts. */
export function ClipboardBar({ store }: { store: Store }) {
  useClipboardKeys(store);
  const none = store.selected.value === null;
  return (
    <span class="clipboard-bar">
      <button data-action="copy" disabled={none} title="Ctrl+C" onClick={() => writeSystem(copy(store))}>
        Copy
      </button>
      <button data-action="cut" disabled={none} title="Ctrl+X" onClick={() => writeSystem(cut(store))}>
        Cut
      </button>
      <button
        data-action="paste"
        title="Ctrl+V: into the grid shown (the tab, or the group entered)"
        onClick={() => void readSystem().then((clip) => paste(store, clip))}
      >
        Paste
      </button>
      <button data-action="duplicate" disabled={none} title="Ctrl+D" onClick={() => duplicate(store)}>
        Duplicate
      </button>
    </span>
  );
}
