import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { runHttp, type RunningHttpServer } from "./run.js";

const carterBin = fileURLToPath(new URL("../../cli/bin/carter.js", import.meta.url));

describe("carter mcp as a child process over stdio", () => {
  it("answers tools, joins a channel on an embedded relay and exits when the client closes", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [carterBin, "mcp", "--relay-port", "0", "--relay-host", "127.0.0.1"],
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["connect", "push_layout", "begin_edit", "run_scenario"]),
    );
    const connected = (await client.callTool({
      name: "connect",
      arguments: { channel: "stdio" },
    })) as CallToolResult;
    expect(connected.isError).toBeFalsy();
    expect(connected.structuredContent).toMatchObject({ embedded: true, channel: "stdio" });
    const members = (await client.callTool({ name: "list_devices" })) as CallToolResult;
    expect(members.structuredContent).toEqual({ devices: [], members: [] });
    const bad = (await client.callTool({
      name: "get_control_doc",
      arguments: { type: 42 },
    })) as CallToolResult;
    expect(bad.isError).toBe(true);
    const exited = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
    await client.close();
    await exited;
  }, 120_000);
});

describe("Streamable HTTP", () => {
  let http: RunningHttpServer;
  beforeAll(async () => {
    http = await runHttp(0, "127.0.0.1", { relayPort: 0, relayHost: "127.0.0.1" });
  });
  afterAll(async () => http?.close());

  const open = async () => {
    const client = new Client({ name: "http-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    return client;
  };

  it("serves sessions that share one document", async () => {
    const a = await open();
    const b = await open();
    await a.callTool({ name: "begin_edit", arguments: { source: "sample", sample: "remote" } });
    await b.callTool({
      name: "add_control",
      arguments: { control: { type: "label", id: "from-b", text: "b" } },
    });
    const doc = (await a.callTool({ name: "get_document" })) as CallToolResult;
    expect(JSON.stringify(doc.structuredContent)).toContain("from-b");
    await a.close();
    await b.close();
  });

  it("refuses requests without a session and unknown paths", async () => {
    const response = await fetch(http.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(400);
    expect((await fetch(http.url.replace("/mcp", "/other"))).status).toBe(404);
  });
});
