/** Test support (not part of the package's API): the server in-process behind the SDK's client. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerOptions } from "./context.js";
import { createCarterMcpServer, type CarterMcpServer } from "./server.js";

export interface TestRig {
  client: Client;
  carter: CarterMcpServer;
  /** Calls a tool and returns its structured result; throws with the tool's text on `isError`. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail and returns its error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startRig(options: McpServerOptions = {}): Promise<TestRig> {
  const carter = createCarterMcpServer({ relayHost: "127.0.0.1", relayPort: 0, ...options });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await carter.server.connect(serverSide);
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(clientSide);
  const raw = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  const text = (result: CallToolResult) =>
    result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
  return {
    client,
    carter,
    call: async <T>(name: string, args: Record<string, unknown> = {}) => {
      const result = await raw(name, args);
      if (result.isError) throw new Error(`${name} failed: ${text(result)}`);
      return result.structuredContent as T;
    },
    fail: async (name, args = {}) => {
      const result = await raw(name, args);
      if (!result.isError) throw new Error(`${name} succeeded but was expected to fail: ${text(result)}`);
      return text(result);
    },
    close: async () => {
      await client.close();
      await carter.close();
    },
  };
}
