import { describe, expect, it } from "vitest";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

describe("carter mcp", () => {
  it("serves Streamable HTTP at /mcp and stops on a signal", { timeout: 120_000 }, async () => {
    const io = testIO();
    const exit = main(["mcp", "--http", "0", "--relay-port", "0"], io);
    const url = /^carter mcp serving (http:\/\/127\.0\.0\.1:\d+\/mcp)$/.exec(await io.firstLine)?.[1];
    expect(url).toBeDefined();
    const response = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeTruthy();
    await response.body?.cancel();
    io.stop();
    expect(await exit).toBe(0);
  });

  it("rejects bad flags with usage errors", async () => {
    for (const args of [["--http", "x"], ["--host", "0.0.0.0"], ["--relay-port", "70000"], ["--bogus"]]) {
      const io = testIO();
      expect(await main(["mcp", ...args], io), args.join(" ")).toBe(2);
    }
  });
});
