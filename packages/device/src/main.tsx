/// <reference types="vite/client" />
import { mountDevice } from "./index.js";
import "./styles.css";
import "./sources/sources.css";

// The controls' stylesheets live beside them (owned by the controls package area); take whatever is there.
import.meta.glob("./controls/*.css", { eager: true });

// `?preview`: an embedding page (the editor's preview) loads layouts and frames through
// `window.__carter`; nothing is read from the location and nothing is remembered.
const preview = new URLSearchParams(location.search).has("preview");
mountDevice(document.getElementById("app")!, { fromLocation: !preview, exposeHook: true });

// Installable and offline (sw/service-worker.ts); browsers allow it in secure contexts only (HTTPS, localhost).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("./sw.js").catch((error: Error) => {
    console.warn(`carter device: service worker not registered: ${error.message}`);
  });
}
