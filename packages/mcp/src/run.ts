import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { McpContext, type McpServerOptions } from "./context.js";
import { createCarterMcpServer, type CarterMcpServer } from "./server.js";

/**
 * Serves MCP over stdin/stdout. `closed` resolves when the client ends the session (stdin
 * closes); `close()` then stops the virtual device, the channel and the embedded relay.
 */
export async function runStdio(
  options: McpServerOptions = {},
): Promise<{ carter: CarterMcpServer; closed: Promise<void> }> {
  const carter = createCarterMcpServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    carter.server.server.onclose = () => resolve();
  });
  process.stdin.once("end", () => void transport.close());
  await carter.server.connect(transport);
  return { carter, closed };
}

export interface RunningHttpServer {
  /** `http://host:port/mcp` */
  url: string;
  port: number;
  /** The context every HTTP session shares (one channel, one document). */
  context: McpContext;
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP at `/mcp` (one MCP server per client session, all sharing one
 * context). Host-header checks stop DNS-rebinding pages from reaching a loopback server.
 */
export async function runHttp(
  port: number,
  host = "127.0.0.1",
  options: McpServerOptions = {},
): Promise<RunningHttpServer> {
  const context = new McpContext(options);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; carter: CarterMcpServer }>();
  let allowedHosts: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path !== "/mcp") {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found: the MCP endpoint is /mcp\n");
        return;
      }
      const id = req.headers["mcp-session-id"];
      const existing = typeof id === "string" ? sessions.get(id) : undefined;
      if (existing) {
        await existing.transport.handleRequest(req, res);
        return;
      }
      const body = req.method === "POST" ? await readBody(req) : undefined;
      if (typeof id === "string" || !isInitializeRequest(body)) {
        res.writeHead(400, { "content-type": "application/json" }).end(
          JSON.stringify({
            jsonrpc: "2.0",
            error: { code: -32000, message: "no valid session: initialize first" },
            id: null,
          }),
        );
        return;
      }
      const carter = createCarterMcpServer(options, context);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableDnsRebindingProtection: true,
        allowedHosts,
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, { transport, carter });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void carter.close();
      };
      await carter.server.connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`internal error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  allowedHosts = [`${urlHost}:${bound}`, `localhost:${bound}`, `127.0.0.1:${bound}`];
  return {
    url: `http://${urlHost}:${bound}/mcp`,
    port: bound,
    context,
    close: async () => {
      for (const { carter } of sessions.values()) await carter.close();
      sessions.clear();
      await context.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
