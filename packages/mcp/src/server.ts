import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpContext, type McpServerOptions } from "./context.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { registerDeviceTools } from "./tools/device.js";
import { registerDocTools } from "./tools/docs.js";
import { registerDocumentTools } from "./tools/document.js";
import { registerGeneratorTools } from "./tools/generators.js";
import { registerProvisionTool } from "./tools/provision.js";
import { registerSessionTools } from "./tools/session.js";
import { registerWiringTools } from "./tools/wiring.js";

export const SERVER_NAME = "carter";
export const SERVER_VERSION = "0.1.0";

export interface CarterMcpServer {
  server: McpServer;
  context: McpContext;
  /** Closes the MCP server, and the context (virtual device, channel, document) unless it is shared. */
  close(): Promise<void>;
}

/** Builds the MCP server with every tool, resource and prompt; connect it to a transport. */
export function createCarterMcpServer(options: McpServerOptions = {}, shared?: McpContext): CarterMcpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { resources: { subscribe: true, listChanged: true }, tools: {}, prompts: {} },
      instructions:
        "Carter builds CAR-TER layouts live. Typical session: connect, open_virtual_device (or show_qr " +
        "for a phone) and wait_for_device, begin_edit, add/move/update controls, validate, push_layout, " +
        "then simulate or run_scenario and read get_control_state. Pass large layouts as file paths.",
    },
  );
  // Streamable HTTP sessions share one context: every client edits the same document and channel.
  const context = shared ?? new McpContext(options);
  registerDocTools(server);
  registerSessionTools(server, context);
  registerDeviceTools(server, context);
  registerProvisionTool(server, context);
  registerDocumentTools(server, context);
  registerGeneratorTools(server, context);
  registerWiringTools(server, context);
  const stopResources = registerResources(server, context);
  registerPrompts(server);
  return {
    server,
    context,
    close: async () => {
      stopResources();
      if (!shared) await context.close();
      await server.close();
    },
  };
}
