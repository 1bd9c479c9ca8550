export { startDemo, lanAddresses, deviceUrlFor, type DemoOptions, type RunningDemo } from "./start-demo.js";
export {
  startDemoHub,
  type DemoHub,
  type DemoHubOptions,
  type ControlState,
  type LogLevel,
} from "./demo-hub.js";
export { startDemoRelay, type DemoRelay, type DemoRelayOptions } from "./demo-relay.js";
export { demoLayout, coreRings, DEMO, MODES, type DemoConnection } from "./layout.js";
export { DEMO_DOCS, docsGraph, type DemoDoc } from "./docs.js";
export { SystemMeter, formatUptime, formatBytes, type SystemSample } from "./system.js";
export { terminalQr } from "./qr.js";
