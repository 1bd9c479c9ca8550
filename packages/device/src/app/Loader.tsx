import { MAX_JSON_DEPTH } from "@carter/protocol";
import { useState } from "preact/hooks";
import { tryParseJson } from "../engine/json.js";
import type { DeviceController } from "./controller.js";

/** Fetches a layout (or any JSON) and names what went wrong. */
export async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const text = await response.text();
  const parsed = tryParseJson(text);
  if (parsed === undefined)
    throw new Error(`${url}: not JSON, or nested deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed;
}

function loadText(controller: DeviceController, text: string, source: string): void {
  const parsed = tryParseJson(text);
  if (parsed === undefined)
    controller.error.value = `${source}: not valid JSON, or nested deeper than ${MAX_JSON_DEPTH} levels`;
  else controller.loadLayout(parsed, source);
}

/** Layouts saved on this device by an editor (`save-layout`, `layout-save`). */
function SavedList({ controller }: { controller: DeviceController }) {
  const entries = controller.saved.entries.value;
  if (entries.length === 0) return null;
  return (
    <ul class="carter-saved" aria-label="Saved layouts">
      {entries.map((entry) => (
        <li key={entry.file} data-file={entry.file}>
          <button
            type="button"
            class="carter-saved-open"
            onClick={() => {
              const got = controller.saved.get({ file: entry.file });
              if (got.ok) controller.loadLayout(got.layout, entry.file);
              else controller.error.value = `${entry.file}: ${got.error}`;
            }}
          >
            <span class="carter-saved-swatch" style={{ background: entry.accentColor ?? "transparent" }} />
            {entry.name}
            <small>
              {entry.file} · {entry.tabs} {entry.tabs === 1 ? "tab" : "tabs"}
            </small>
          </button>
          <button
            type="button"
            class="carter-saved-delete"
            aria-label={`Delete ${entry.file}`}
            onClick={() => controller.saved.remove(entry.file)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Shown without a layout: load one from a URL, a file (picker or drop) or a paste, or wait for a push. */
export function Loader({ controller }: { controller: DeviceController }) {
  const [url, setUrl] = useState("");
  const [paste, setPaste] = useState("");
  const [dragging, setDragging] = useState(false);
  const readFile = (file: File | undefined) => {
    if (file) void file.text().then((text) => loadText(controller, text, file.name));
  };
  if (controller.liveEdit.value) {
    return (
      <div class="carter-loader carter-waiting">
        <h2>Paired</h2>
        <p>Waiting for a layout from the editor…</p>
      </div>
    );
  }
  return (
    <div
      class={dragging ? "carter-loader carter-dragging" : "carter-loader"}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        readFile(event.dataTransfer?.files[0]);
      }}
    >
      <h2>Load a layout</h2>
      <SavedList controller={controller} />
      <form
        class="carter-loader-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (url.trim() === "") return;
          fetchJson(url.trim()).then(
            (doc) => controller.loadLayout(doc, url.trim()),
            (error: Error) => (controller.error.value = error.message),
          );
        }}
      >
        <input
          type="url"
          placeholder="https://…/layout.json"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
          aria-label="Layout URL"
        />
        <button type="submit">Open</button>
      </form>
      <label class="carter-loader-file">
        <span>Choose a file, or drop one here</span>
        <input
          type="file"
          accept=".json,application/json"
          onChange={(e) => readFile(e.currentTarget.files?.[0])}
        />
      </label>
      <textarea
        placeholder="…or paste layout JSON"
        value={paste}
        onInput={(e) => setPaste(e.currentTarget.value)}
        aria-label="Layout JSON"
        rows={6}
      />
      <button
        type="button"
        disabled={paste.trim() === ""}
        onClick={() => loadText(controller, paste, "paste")}
      >
        Render pasted JSON
      </button>
      <p class="carter-loader-hint">
        To pair with an editor, open this page with <code>#pair=</code> and the pairing JSON (scan the
        editor's QR).
      </p>
    </div>
  );
}
