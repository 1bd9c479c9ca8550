import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Store } from "./store.js";

type Editor = ComponentType<{ store: Store }>;

let loading: Promise<Editor> | undefined;

/** CodeMirror is a chunk of its own, fetched once the editor is on screen. */
function loadEditor(): Promise<Editor> {
  loading ??= import("./json/CodeMirrorJson.js").then((module) => module.CodeMirrorJson);
  return loading;
}

/** The layout as JSON (CodeMirror 6 with the kit's schema), kept in step with the document both ways. */
export function JsonView({ store }: { store: Store }) {
  const [Editor, setEditor] = useState<Editor | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    loadEditor().then(
      (loaded) => setEditor(() => loaded),
      (error: Error) => setFailed(error.message),
    );
  }, []);
  return (
    <section class="json" aria-label="json">
      <h2>JSON</h2>
      {Editor ? (
        <Editor store={store} />
      ) : (
        <p class="hint">{failed === null ? "Loading the JSON editor…" : `JSON editor: ${failed}`}</p>
      )}
    </section>
  );
}
