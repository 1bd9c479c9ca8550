import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { terminalQr } from "@carter/demo";
import { TestSocket } from "@carter/relay/test-support";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

const CARTER = fileURLToPath(new URL("../../bin/carter.js", import.meta.url));

/** Runs `carter demo` as a real process until it prints its URL, then sends `signal`. */
async function runUntilReady(
  signal: NodeJS.Signals,
  extra: string[] = [],
  onReady?: (stdout: string, layout: unknown) => Promise<void>,
  ca?: () => string,
  readyWithinMs = 90_000,
): Promise<{ code: number | null; stdout: string; layout: unknown }> {
  const child = spawn(
    process.execPath,
    [CARTER, "demo", "--port", "0", "--relay-port", "0", "--host", "127.0.0.1", ...extra],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + readyWithinMs;
  while (!/Ctrl-C stops the demo/.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`carter demo never became ready:\n${stdout}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pageUrl = /on this machine\s+(\S+)/.exec(stdout)![1];
  const layoutUrl = new URL(pageUrl).searchParams.get("layout")!;
  const layout = (await (await fetchLayout(layoutUrl, ca?.())).json()) as unknown;
  await onReady?.(stdout, layout);
  child.kill(signal);
  return { code: await exited, stdout, layout };
}

/** The gateway demo serves the layout over its TLS: trust its development certificate (`ca`). */
function fetchLayout(url: string, ca?: string): Promise<{ json(): Promise<unknown> }> {
  if (ca === undefined) return fetch(url);
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { ca }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ json: () => Promise.resolve(JSON.parse(text) as unknown) }));
    });
    req.on("error", reject);
  });
}

describe("carter demo", () => {
  it("serves the demo and exits 0 on SIGINT", async () => {
    const { code, stdout, layout } = await runUntilReady("SIGINT");
    expect(code).toBe(0);
    expect(stdout).toContain("only this machine can open it");
    expect(layout).toMatchObject({
      name: "CAR-TER demo",
      connection: { hub: "demo-hub", identity: { channel: "demo" } },
    });
  }, 120_000);

  // Binding one LAN address is what a phone needs; machines without one cannot run this.
  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && !entry.internal && entry.family === "IPv4")?.address;
  it.runIf(lanAddress !== undefined)(
    "prints the LAN URL and a QR code of it, then stops on the signal",
    async () => {
      const io = testIO();
      const running = main(["demo", "--port", "0", "--relay-port", "0", "--host", lanAddress!], io);
      await expect.poll(() => io.stdout(), { timeout: 90_000 }).toContain("Ctrl-C stops the demo.");
      const lanUrl = new RegExp(
        `on your LAN\\s+(http://${lanAddress!.replace(/\./g, "\\.")}:\\d+/\\?layout=\\S+)`,
      ).exec(io.stdout())?.[1];
      expect(lanUrl).toBeDefined();
      expect(io.stdout()).toContain("Scan with a phone on the same network:");
      expect(io.stdout()).toContain(await terminalQr(lanUrl!));
      const page = await fetch(lanUrl!);
      expect(page.status).toBe(200);
      io.stop("SIGINT");
      expect(await running).toBe(0);
    },
    120_000,
  );

  it("--gateway runs the demo behind a local gateway: TLS, a minted session token, the hub in the account", async () => {
    const data = mkdtempSync(join(tmpdir(), "carter-demo-gateway-test-"));
    const ca = () => readFileSync(join(data, "tls", "dev-cert.pem"), "utf8");
    try {
      const { code, layout } = await runUntilReady(
        "SIGINT",
        ["--gateway", "--gateway-data", data],
        async (stdout, served) => {
          const [, url, account, fingerprint] =
            /behind gateway\s+(wss:\/\/\S+) \(account (\d+)\).*SHA-256 (\S+)/.exec(stdout)!;
          expect(new X509Certificate(ca()).fingerprint256).toBe(fingerprint);
          // A viewer with the layout's token joins over wss:// and hears the hub within the account.
          const token = (served as { connection: { token: string } }).connection.token;
          const socket = await TestSocket.open(url, { ca: ca() });
          try {
            const welcome = await socket.identify({ name: "viewer", channel: "demo", role: "viewer", token });
            expect(welcome.payload).toMatchObject({ name: `${account}.viewer` });
            expect((await socket.nextOfType("broadcast")).payload).toMatchObject({
              msg_type: expect.any(String),
            });
          } finally {
            await socket.close();
          }
        },
        ca,
        // The gateway's embedded database starts first: tens of seconds on a busy machine.
        180_000,
      );
      expect(code).toBe(0);
      expect(layout).toMatchObject({
        connection: { url: expect.stringMatching(/^wss:\/\//), hub: "demo-hub" },
      });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 300_000);

  it("exits 0 on SIGTERM", async () => {
    expect((await runUntilReady("SIGTERM")).code).toBe(0);
  }, 120_000);

  it("rejects bad flags with usage (exit 2)", async () => {
    for (const args of [
      ["--port", "http"],
      ["--relay-port", "70000"],
      ["--port", "9000", "--relay-port", "9000"],
      ["--lan"],
    ]) {
      const io = testIO();
      expect(await main(["demo", ...args], io)).toBe(2);
      expect(io.stderr()).toContain("Usage: carter demo");
    }
  });

  it("documents the binding and its token in --help", async () => {
    const io = testIO();
    expect(await main(["demo", "--help"], io)).toBe(0);
    expect(io.stdout()).toMatch(/--host[\s\S]*0\.0\.0\.0[\s\S]*token/);
  });
});
