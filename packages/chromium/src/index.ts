export { CHROMIUM_ARGS, chromiumTarget, launchChromium } from "./launch.js";
