export { startDemo, type DemoOptions, type RunningDemo } from "./start-demo.js";
export { type DemoHub, type ControlState, type LogLevel } from "./demo-hub.js";
export { DEMO } from "./layout.js";
export { type SystemSample } from "./system.js";
export { terminalQr } from "./qr.js";
export { type DemoGateway } from "./demo-gateway.js";
