import { render } from "preact";
import { App, type AppOptions } from "./app/App.js";
import { syncWithFile } from "./app/file-sync.js";
import { createStore, type Store } from "./app/store.js";
import "./styles.css";
import "./live.css";

/** Loads the served layout (when the server was given a FILE) and starts the editor on it. */
async function start(): Promise<void> {
  const response = await fetch("layout.json", { cache: "no-store" });
  const file = response.headers.get("x-carter-file") ?? undefined;
  const layout: unknown = response.ok ? await response.json() : undefined;
  const options: AppOptions = { file };
  if (file !== undefined) {
    options.save = async (text) => {
      const saved = await fetch("layout.json", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: text,
      });
      if (!saved.ok)
        throw new Error(((await saved.json()) as { error?: string }).error ?? `HTTP ${saved.status}`);
    };
  }
  const store = createStore(layout);
  // For tests and the browser console: the live document behind the page.
  (window as { carterEditor?: Store }).carterEditor = store;
  // Started with a FILE: the page and the file (and `carter mcp` editing it) share one document.
  if (file !== undefined) syncWithFile(store);
  render(<App store={store} options={options} />, document.getElementById("app") as HTMLElement);
}

void start();
