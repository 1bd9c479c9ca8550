import { hostOverIpc } from "./host.js";
import { startCeiling } from "./ceiling-server.js";

await hostOverIpc(() => startCeiling());
