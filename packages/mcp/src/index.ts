export { createCarterMcpServer, SERVER_NAME, SERVER_VERSION, type CarterMcpServer } from "./server.js";
export { McpContext, type McpServerOptions } from "./context.js";
export { runStdio, runHttp, type RunningHttpServer } from "./run.js";
export { inferLayout, type InferredBinding, type InferOptions } from "./generate/infer.js";
export { autotuneGauge, type GaugeTuning } from "./generate/autotune.js";
export { generateTheme, contrastRatio, type GeneratedTheme } from "./generate/theme.js";
export { generateHubSource, type HubSourceOptions } from "./generate/hub-source.js";
