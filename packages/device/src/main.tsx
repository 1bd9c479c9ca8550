/// <reference types="vite/client" />
import { mountDevice } from "./index.js";
import "./styles.css";
import "./sources/sources.css";

// The controls' stylesheets live beside them (owned by the controls package area); take whatever is there.
import.meta.glob("./controls/*.css", { eager: true });

mountDevice(document.getElementById("app")!, { fromLocation: true });
