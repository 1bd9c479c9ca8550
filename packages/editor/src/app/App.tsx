import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { Canvas } from "./Canvas.js";
import { ClipboardBar } from "./ClipboardBar.js";
import { Files } from "./Files.js";
import { Inspector } from "./Inspector.js";
import { JsonView } from "./JsonView.js";
import { LiveButtons, LivePanel } from "./LivePanel.js";
import { removeOp } from "./owners.js";
import { Palette } from "./Palette.js";
import { ThemeTools } from "./ThemeTools.js";
import { Tree } from "./Tree.js";
import type { Store } from "./store.js";

export interface AppOptions {
  /** Writes the layout back to the file the server was started with; absent without one. */
  save?: (text: string) => Promise<void>;
  /** The file's name, shown in the toolbar. */
  file?: string;
}

const saved = signal<string>("");

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

const NUDGE: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** Keyboard: undo/redo everywhere but text fields; delete and arrow nudging for the selection. */
function useKeys(store: Store): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) store.redo();
        else store.undo();
        return;
      }
      if (mod && key === "y") {
        event.preventDefault();
        store.redo();
        return;
      }
      const id = store.selected.value;
      if (id === null) return;
      if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        store.applyAll(store.selection().map((each) => removeOp(store.layout.value, each)));
        return;
      }
      const step = NUDGE[event.key];
      if (step) {
        event.preventDefault();
        store.moveBy(store.selection(), step);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);
}

function download(text: string, name: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function App({ store, options }: { store: Store; options: AppOptions }) {
  useKeys(store);
  const problem = store.problem.value;
  const name = options.file ?? `${store.layout.value.name || "layout"}.json`;
  return (
    <div class="editor">
      <header class="toolbar">
        <strong>Carter editor</strong>
        <span class="file">{name}</span>
        <button
          data-action="undo"
          disabled={!store.canUndo.value}
          onClick={() => store.undo()}
          title="Ctrl+Z"
        >
          Undo
        </button>
        <button
          data-action="redo"
          disabled={!store.canRedo.value}
          onClick={() => store.redo()}
          title="Ctrl+Shift+Z"
        >
          Redo
        </button>
        {options.save ? (
          <button
            data-action="save"
            onClick={() => {
              const save = options.save;
              if (!save) return;
              save(store.doc.text()).then(
                () => (saved.value = `saved v${store.doc.version}`),
                (error: Error) => (store.problem.value = { message: `save: ${error.message}` }),
              );
            }}
          >
            Save
          </button>
        ) : null}
        <ClipboardBar store={store} />
        <Files store={store} />
        <button data-action="download" onClick={() => download(store.doc.text(), name)}>
          Download
        </button>
        <LiveButtons />
        <span class="saved">{saved.value}</span>
        <span class={problem ? "problem" : "problem none"} role="status">
          {problem?.message ?? ""}
        </span>
      </header>
      <Palette />
      <div class="structure">
        <Tree store={store} />
        <ThemeTools store={store} />
      </div>
      <Canvas store={store} />
      <div class="side">
        <Inspector store={store} />
        <JsonView store={store} />
      </div>
      <LivePanel store={store} />
    </div>
  );
}
