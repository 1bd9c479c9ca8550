import { signal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { Devices } from "./Devices.js";
import { createLive } from "./live.js";
import { Preview } from "./Preview.js";
import type { Store } from "./store.js";

type Pane = "preview" | "devices";
const pane = signal<Pane | null>(null);
/** The preview loads the device app the first time it is opened, and stays loaded. */
const previewOpened = signal(false);

/** Toolbar buttons opening the preview and the devices pane. */
export function LiveButtons() {
  const toggle = (which: Pane) => {
    pane.value = pane.value === which ? null : which;
    if (pane.value === "preview") previewOpened.value = true;
  };
  return (
    <>
      <button
        data-pane="preview"
        class={pane.value === "preview" ? "active" : ""}
        onClick={() => toggle("preview")}
      >
        Preview
      </button>
      <button
        data-pane="devices"
        class={pane.value === "devices" ? "active" : ""}
        onClick={() => toggle("devices")}
      >
        Devices
      </button>
    </>
  );
}

/**
 * The live side of the editor, a drawer at the right: the web-device preview with simulated data
 * and the actions log, and the paired devices. The live-edit link runs while the page is open;
 * controls a device dropped at the last push are outlined on the canvas.
 */
export function LivePanel({ store }: { store: Store }) {
  const live = useMemo(() => createLive(store), [store]);
  useEffect(() => {
    void live.start();
    return () => void live.close();
  }, [live]);
  const dropped = live.dropped.value.map((id) => `.canvas .node[data-id="${CSS.escape(id)}"]`).join(",\n");
  return (
    <>
      {dropped ? (
        <style>{`${dropped} { outline: 2px dashed var(--dropped); outline-offset: 2px; }`}</style>
      ) : null}
      <aside class={`live-panel ${pane.value ?? "closed"}`} hidden={pane.value === null}>
        <div hidden={pane.value !== "preview"}>{previewOpened.value ? <Preview store={store} /> : null}</div>
        <div hidden={pane.value !== "devices"}>
          <Devices store={store} live={live} />
        </div>
      </aside>
    </>
  );
}
