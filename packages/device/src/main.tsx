/// <reference types="vite/client" />
import { mountDevice } from "./index.js";
import "./styles.css";
import "./sources/sources.css";

// The controls' stylesheets live beside them (owned by the controls package area); take whatever is there.
import.meta.glob("./controls/*.css", { eager: true });

mountDevice(document.getElementById("app")!, { fromLocation: true });

// Installable and offline (sw/service-worker.ts); browsers allow it in secure contexts only (HTTPS, localhost).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("./sw.js").catch((error: Error) => {
    console.warn(`carter device: service worker not registered: ${error.message}`);
  });
}
