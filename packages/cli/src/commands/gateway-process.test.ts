/**
 * The gateway as real OS processes (`carter gateway`), reached over TLS from this process: our
 * client and hub keep their device tokens fresh against it, and two gateway processes on one
 * PostgreSQL and one Redis share slots and revocations.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  CredentialRejectedError,
  CredentialRevokedError,
  DeviceCredential,
  MeshClient,
  type RefreshedCredential,
} from "@carter/client";
import { startPostgres, startRedis, type RunningService } from "@carter/gateway/test-services";
import { createHub, fetchTrusting, webSocketTrusting } from "@carter/hub";
import { TestSocket } from "@carter/relay/test-support";

const PROCESS_TIMEOUT_MS = 240_000;

interface GatewayProcess {
  child: ChildProcess;
  url: string;
  validator: string;
  ca: string;
  admin: string;
  api(
    method: string,
    path: string,
    body?: unknown,
    authorization?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

const dirs: string[] = [];
const running: GatewayProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts `carter gateway` as its own process on a free port; resolves once it listens. */
async function gatewayProcess(args: string[] = [], dataDir?: string): Promise<GatewayProcess> {
  const data = dataDir ?? mkdtempSync(join(tmpdir(), "carter-gw-process-"));
  if (dataDir === undefined) dirs.push(data);
  const child = spawn(
    process.execPath,
    ["packages/cli/bin/carter.js", "gateway", "--data", data, "--port", "0", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LOG_LEVEL: "warn" },
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const [url, validator] = await new Promise<[string, string]>((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /listening on (wss:\/\/\S+) \(validator (https:\/\/\S+)\)/.exec(stdout);
      if (match !== null) resolve([match[1], match[2]]);
    });
    child.once("exit", (code) => reject(new Error(`carter gateway exited ${code}: ${stderr}`)));
  });
  const ca = readFileSync(join(data, "tls", "dev-cert.pem"), "utf8");
  const admin = readFileSync(join(data, "admin-token"), "utf8").trim();
  const gateway: GatewayProcess = {
    child,
    url,
    validator,
    ca,
    admin,
    api: (method, path, body, authorization = admin) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? "" : JSON.stringify(body);
        const req = request(
          `${validator}${path}`,
          {
            method,
            ca,
            headers: {
              authorization,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
              "content-length": String(Buffer.byteLength(payload)),
            },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
              }),
            );
          },
        );
        req.on("error", reject);
        req.end(payload);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  running.push(gateway);
  return gateway;
}

async function accountWithDevice(gateway: GatewayProcess, role: "hub" | "device", slots = 10) {
  const account = await gateway.api("POST", "/accounts", { name: "process test", slots });
  const id = String(account.body.id);
  const device = await gateway.api("POST", "/devices", { account: id, name: `${role} one`, role });
  return {
    account: id,
    deviceId: device.body.deviceId as string,
    refreshToken: device.body.refreshToken as string,
    deviceToken: device.body.deviceToken as string,
  };
}

describe("our client and hub against a gateway process", () => {
  // One process for both tests: its first start (the embedded database) takes seconds.
  let shared: Promise<GatewayProcess> | undefined;
  const sharedGateway = () => (shared ??= gatewayProcess());
  it(
    "refresh before connecting and on schedule, register layout alerts, and stop for good after three 403s once revoked",
    async () => {
      const gateway = await sharedGateway();
      const { account, deviceId, refreshToken } = await accountWithDevice(gateway, "hub");
      const rotations: RefreshedCredential[] = [];
      const credential = new DeviceCredential({
        validator: gateway.validator,
        deviceId,
        refreshToken,
        fetch: fetchTrusting(gateway.ca),
        refreshEveryMs: 300,
        forbiddenRetryMs: { connect: 50, loop: 50 },
        onRefresh: (rotated) => void rotations.push(rotated),
      });
      const layout = {
        name: "Greenhouse",
        alerts: [
          {
            id: "hot",
            event: "broadcast",
            valuePath: "temp",
            operator: "gt",
            value: 30,
            title: "Hot",
            body: "Over 30",
          },
        ],
      };
      const hub = await createHub({
        url: gateway.url,
        channel: "greenhouse",
        credential,
        ca: gateway.ca,
        layout,
      });
      cleanups.push(() => hub.close());
      // No token in hand: refreshed before connecting; the welcome carries the account namespace.
      expect(rotations.length).toBeGreaterThanOrEqual(1);
      const rules = await gateway.api("GET", `/alerts/rules?account=${account}`);
      expect(rules.body).toEqual({
        alerts: [{ channel: "greenhouse", rules: [expect.objectContaining({ id: "hot", cooldown: 60 })] }],
      });
      await expect.poll(() => rotations.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      // Every refresh rotated the refresh token: all different, the first one spent.
      expect(new Set(rotations.map((r) => r.refreshToken)).size).toBe(rotations.length);
      expect(rotations.every((r) => r.expiresAt > Date.now())).toBe(true);

      // A replayed (spent) refresh token revokes the device: the gateway closes the hub 4403, the
      // client's refreshes meet 403 three times in a row, and it stops with a fault, never redialing.
      const replay = await gateway.api("POST", "/devices/sessions/refresh", { deviceId, refreshToken });
      expect(replay.status).toBe(403);
      const client = hub.client as MeshClient;
      await expect.poll(() => client.fault, { timeout: 20_000 }).toBeInstanceOf(CredentialRevokedError);
      expect(client.state).toBe("closed");
      expect(String(client.fault?.message)).toContain("3 consecutive 403s");
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "a parked client refreshes and identifies again on the same socket; a 401 is a bad credential that stops it",
    async () => {
      const gateway = await sharedGateway();
      const { account, deviceId, refreshToken } = await accountWithDevice(gateway, "device");
      const parked: number[] = [];
      const client = new MeshClient({
        url: gateway.url,
        name: "tablet",
        channel: "kitchen",
        role: "viewer",
        admissionTimeoutMs: 500,
        WebSocket: webSocketTrusting(gateway.ca),
        // A token the gateway does not accept, believed good for an hour: the gateway parks it.
        credential: new DeviceCredential({
          validator: gateway.validator,
          deviceId,
          refreshToken,
          token: "not.a.token",
          expiresAt: Date.now() + 3_600_000,
          fetch: fetchTrusting(gateway.ca),
        }),
      });
      cleanups.push(() => client.close());
      client.events.on("parked", ({ waitedMs }) => parked.push(waitedMs));
      const ready = new Promise<{ name: string }>((resolve) => client.events.on("ready", resolve));
      await client.connect();
      expect(parked).toEqual([500]);
      expect((await ready).name).toBe(`${account}.tablet`);
      // What the device reports as `account` in get-connection-status.
      expect(client.account).toBe(account);

      const stranger = new MeshClient({
        url: gateway.url,
        name: "thief",
        WebSocket: webSocketTrusting(gateway.ca),
        credential: new DeviceCredential({
          validator: gateway.validator,
          deviceId,
          refreshToken: "rt_guessed",
          fetch: fetchTrusting(gateway.ca),
        }),
      });
      cleanups.push(() => stranger.close());
      await expect(stranger.connect()).rejects.toBeInstanceOf(CredentialRejectedError);
      expect(stranger.state).toBe("closed");
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe("two gateway processes on one PostgreSQL and one Redis", () => {
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  let redis: RunningService | undefined;
  afterAll(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
    await redis?.stop();
    await postgres?.stop();
  });

  it(
    "share an account's slots and close a revoked device's sockets on both",
    async () => {
      postgres = await startPostgres();
      redis = await startRedis();
      const database = await postgres.createDatabase();
      const shared = ["--database", database, "--redis", redis.url];
      const data = mkdtempSync(join(tmpdir(), "carter-gw-process-"));
      dirs.push(data);
      const first = await gatewayProcess(shared, data);
      const second = await gatewayProcess(shared, data);
      const { deviceToken, deviceId, account } = await accountWithDevice(first, "device", 2);
      const open = async (gateway: GatewayProcess, name: string) => {
        const socket = await TestSocket.open(gateway.url, { ca: gateway.ca });
        cleanups.push(() => socket.close());
        socket.send("identify", { name, token: deviceToken });
        return socket;
      };
      const a = await open(first, "a");
      await a.nextOfType("welcome");
      const b = await open(second, "b");
      await b.nextOfType("welcome");
      // Two slots, one taken on each process: a third identify on either is refused 4429.
      const c = await open(second, "c");
      expect((await c.waitClosed()).code).toBe(4429);

      const started = Date.now();
      const revoked = await second.api("POST", "/revocations", { account, deviceId });
      expect(revoked.status).toBe(200);
      expect(await a.waitClosed()).toEqual({ code: 4403, reason: "revoked" });
      expect(await b.waitClosed()).toEqual({ code: 4403, reason: "revoked" });
      console.log(`revocation closed sockets on both processes in ${Date.now() - started} ms`);
      // The revoked token is parked on either process: no welcome, no close.
      const again = await open(first, "again");
      await expect
        .poll(async () => (await first.api("GET", "/healthz")).body.parked, { timeout: 20_000 })
        .toBe(1);
      expect(again.received).toEqual([]);
    },
    PROCESS_TIMEOUT_MS,
  );
});
