export { createCarterMcpServer, SERVER_NAME, SERVER_VERSION, type CarterMcpServer } from "./server.js";
export type { McpServerOptions } from "./context.js";
