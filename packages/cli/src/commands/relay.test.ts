import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CloseCode } from "@carter/protocol";
import { joinMesh } from "@carter/relay/test-support";
import type { CliIO } from "../command.js";
import { main } from "../main.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  let printed: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (printed = resolve));
  const cli: CliIO = {
    out: (text) => {
      out.push(text);
      printed(text);
    },
    err: (text) => err.push(text),
    stdin: Readable.from([]),
    env: { LOG_LEVEL: "silent", ...env },
    stopSignal: new Promise((resolve) => (stop = resolve)),
  };
  return { cli, out, err, firstLine, stop: (signal: NodeJS.Signals = "SIGTERM") => stop(signal) };
}

describe("carter relay", () => {
  it("starts, prints its address, serves clients and stops with exit 0 on a stop signal", async () => {
    const harness = io();
    const exit = main(["relay", "--host", "127.0.0.1", "--port", "0"], harness.cli);
    const line = await harness.firstLine;
    const url = /^carter relay listening on (ws:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    expect(url).toBeDefined();
    const client = await joinMesh(url!, { name: "probe", role: "viewer" });
    harness.stop();
    expect((await client.waitClosed()).code).toBe(CloseCode.GOING_AWAY);
    expect(await exit).toBe(0);
    expect(harness.err).toEqual([]);
  });

  it("takes host and port from MESH_HOST/MESH_PORT, flags winning", async () => {
    const harness = io({ MESH_HOST: "localhost", MESH_PORT: "1" });
    const exit = main(["relay", "--port", "0"], harness.cli);
    expect(await harness.firstLine).toMatch(/^carter relay listening on ws:\/\/localhost:\d+$/);
    harness.stop();
    expect(await exit).toBe(0);
  });

  it("warns when serving a non-loopback address without a token", async () => {
    const harness = io();
    const exit = main(["relay", "--host", "0.0.0.0", "--port", "0"], harness.cli);
    await harness.firstLine;
    harness.stop();
    expect(await exit).toBe(0);
    expect(harness.err.join("\n")).toMatch(/warning: serving 0\.0\.0\.0 with no MESH_AUTH_TOKEN/);
  });

  it.each([
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--port"], /--port/],
    [["--bogus"], /bogus/],
    [["extra"], /extra/],
    [["--host", ""], /--host must not be empty/],
  ])("rejects %j with a usage error (exit 2)", async (args, message) => {
    const harness = io();
    expect(await main(["relay", ...args], harness.cli)).toBe(2);
    expect(harness.err.join("\n")).toMatch(message);
    expect(harness.err.join("\n")).toContain("Usage: carter relay");
  });

  it("fails at startup with the name of a bad env variable (exit 1)", async () => {
    const harness = io({ MESH_RATE_LIMIT: "fast" });
    expect(await main(["relay", "--port", "0"], harness.cli)).toBe(1);
    expect(harness.err.join("\n")).toMatch(/MESH_RATE_LIMIT must be a whole number/);
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
