import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CloseCode } from "@carter/protocol";
import { joinMesh } from "@carter/relay/test-support";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

describe("carter relay", () => {
  it("starts, prints its address, serves clients and stops with exit 0 on a stop signal", async () => {
    const io = testIO();
    const exit = main(["relay", "--host", "127.0.0.1", "--port", "0"], io);
    const line = await io.firstLine;
    const url = /^carter relay listening on (ws:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    expect(url).toBeDefined();
    const client = await joinMesh(url!, { name: "probe", role: "viewer" });
    io.stop();
    expect((await client.waitClosed()).code).toBe(CloseCode.GOING_AWAY);
    expect(await exit).toBe(0);
    expect(io.stderr()).toBe("");
  });

  it("takes host and port from MESH_HOST/MESH_PORT, flags winning", async () => {
    const io = testIO({ env: { MESH_HOST: "localhost", MESH_PORT: "1" } });
    const exit = main(["relay", "--port", "0"], io);
    expect(await io.firstLine).toMatch(/^carter relay listening on ws:\/\/localhost:\d+$/);
    io.stop();
    expect(await exit).toBe(0);
  });

  it("warns when serving a non-loopback address without a token", async () => {
    const io = testIO();
    const exit = main(["relay", "--host", "0.0.0.0", "--port", "0"], io);
    await io.firstLine;
    io.stop();
    expect(await exit).toBe(0);
    expect(io.stderr()).toMatch(/warning: serving 0\.0\.0\.0 with no MESH_AUTH_TOKEN/);
  });

  it.each([
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--port"], /--port/],
    [["--bogus"], /bogus/],
    [["extra"], /extra/],
    [["--host", ""], /--host must not be empty/],
  ])("rejects %j with a usage error (exit 2)", async (args, message) => {
    const io = testIO();
    expect(await main(["relay", ...args], io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).toContain("Usage: carter relay");
  });

  it("fails at startup with the name of a bad env variable (exit 1)", async () => {
    const io = testIO({ env: { MESH_RATE_LIMIT: "fast" } });
    expect(await main(["relay", "--port", "0"], io)).toBe(1);
    expect(io.stderr()).toMatch(/MESH_RATE_LIMIT must be a whole number/);
  });

  it.each(["SIGTERM", "SIGINT"] as const)(
    "as a real process started from the repo root: %s closes clients with 1001 and exits 0",
    async (signal) => {
      const child = spawn(
        process.execPath,
        ["packages/cli/bin/carter.js", "relay", "--host", "127.0.0.1", "--port", "0"],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, LOG_LEVEL: "info" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const stderr: string[] = [];
      child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, "line")) as [string];
      const url = /^carter relay listening on (ws:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      expect(url).toBeDefined();
      const client = await joinMesh(url!, { name: "probe", role: "viewer", token: "never-logged-secret" });
      const exited = once(child, "exit");
      child.kill(signal);
      expect((await client.waitClosed(10_000)).code).toBe(CloseCode.GOING_AWAY);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      const logs = stderr.join("");
      expect(logs).toContain('"msg":"member joined"');
      expect(logs).not.toContain("never-logged-secret");
    },
  );
});
