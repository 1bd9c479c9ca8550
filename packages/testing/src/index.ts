export { launchChromium } from "@carter/chromium";
export { bundleIife, scriptPage } from "./bundle.js";
export { servePage, type ServedPage, type ServeOptions } from "./serve.js";
