import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestSocket } from "@carter/relay/test-support";
import { main } from "../main.js";
import { testIO } from "../test-support.js";

/** Each admin command opens the embedded database (WASM PostgreSQL): seconds each on a busy machine. */
const EMBEDDED_STORE_TIMEOUT_MS = 180_000;

const dataDir = mkdtempSync(join(tmpdir(), "carter-cli-gateway-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIO();
  const code = await main(["gateway", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("carter gateway", () => {
  let account = "";

  it(
    "administers accounts, tokens and devices on the store when no gateway runs",
    async () => {
      const created = await run([
        "account",
        "create",
        "--name",
        "Household",
        "--slots",
        "3",
        "--data",
        dataDir,
      ]);
      expect(created.code).toBe(0);
      account = /^account (\d+) "Household" \(3 slots\)$/.exec(created.out)?.[1] ?? "";
      expect(account).not.toBe("");
      expect((await run(["account", "list", "--data", dataDir])).out).toBe(`${account}  3 slots  Household`);
      const minted = await run(["token", "mint", "--account", account, "--ttl", "10m", "--data", dataDir]);
      expect(minted.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const added = await run([
        "device",
        "add",
        "--account",
        account,
        "--name",
        "Porch hub",
        "--role",
        "hub",
        "--data",
        dataDir,
      ]);
      const credential = JSON.parse(added.out) as Record<string, unknown>;
      expect(credential).toMatchObject({ role: "hub", account, did: expect.stringMatching(/^dv_/) });
      expect(credential.refresh).toMatch(/^rt_/);
      const listed = await run(["device", "list", "--data", dataDir]);
      expect(listed.out).toBe(`${credential.did}  ${account}  hub     active   Porch hub`);
      const revoked = await run(["device", "revoke", credential.did as string, "--data", dataDir]);
      expect(revoked).toEqual({ code: 0, out: `device ${credential.did} revoked`, err: "" });
      expect((await run(["device", "list", "--account", account, "--data", dataDir])).out).toContain(
        "revoked",
      );
    },
    EMBEDDED_STORE_TIMEOUT_MS,
  );

  it(
    "serves TLS with a kept development certificate; admin commands go through the running gateway",
    async () => {
      const io = testIO();
      const exit = main(["gateway", "--data", dataDir, "--port", "0"], io);
      const first = await io.firstLine;
      const url =
        /^carter gateway listening on (wss:\/\/127\.0\.0\.1:\d+) \(validator https:\/\/127\.0\.0\.1:\d+\)$/.exec(
          first,
        )?.[1];
      expect(url).toBeDefined();
      await expect.poll(() => io.stdout()).toMatch(/SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
      expect(statSync(join(dataDir, "admin-token")).mode & 0o777).toBe(0o600);
      const added = await run([
        "device",
        "add",
        "--account",
        account,
        "--name",
        "Shed tablet",
        "--data",
        dataDir,
      ]);
      expect(added.code).toBe(0);
      const credential = JSON.parse(added.out) as Record<string, string>;
      expect(credential.url).toBe(url);
      expect(credential.validator).toBe(url!.replace("wss", "https"));
      const ca = readFileSync(join(dataDir, "tls", "dev-cert.pem"), "utf8");
      const socket = await TestSocket.open(url!, { ca });
      const welcome = await socket.identify({ name: "shed", token: credential.token });
      expect(welcome.payload).toMatchObject({ name: `${account}.shed` });
      const revoked = await run(["device", "revoke", credential.did, "--data", dataDir]);
      expect(revoked.out).toBe(`device ${credential.did} revoked; 1 live socket(s) closed`);
      expect(await socket.waitClosed()).toEqual({ code: 4403, reason: "revoked" });
      io.stop();
      expect(await exit).toBe(0);
    },
    EMBEDDED_STORE_TIMEOUT_MS,
  );

  it(
    "reports usage mistakes with exit 2 and refuses plain ws:// off loopback",
    async () => {
      expect((await run(["account", "create", "--data", dataDir])).code).toBe(2);
      expect((await run(["token", "mint", "--account", "abc", "--data", dataDir])).code).toBe(2);
      expect(
        (await run(["token", "mint", "--account", account, "--ttl", "soon", "--data", dataDir])).code,
      ).toBe(2);
      expect((await run(["device", "fly", "--data", dataDir])).code).toBe(2);
      expect((await run(["--name", "x"])).code).toBe(2);
      expect((await run(["account", "list", "--port", "1"])).code).toBe(2);
      expect((await run(["--cert", "a.pem"])).code).toBe(2);
      const plain = await run(["--plain", "--host", "0.0.0.0", "--port", "0", "--data", dataDir]);
      expect(plain.code).toBe(1);
      expect(plain.err).toMatch(/only served on loopback/);
      const unknown = await run(["device", "add", "--account", "999999", "--name", "x", "--data", dataDir]);
      expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining("no account 999999") });
    },
    EMBEDDED_STORE_TIMEOUT_MS,
  );
});
