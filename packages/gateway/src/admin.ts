import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { hashSecret } from "./http.js";
import type { Account, Device, DeviceRole, GatewayStore, Revocation } from "./store/store.js";
import { openStore } from "./store/drivers.js";
import { KeyRing } from "./tokens.js";

/** A new device's credentials (the refresh token is shown once and stored only as a hash). */
export interface DeviceCredential {
  deviceId: string;
  deviceToken: string;
  refreshToken: string;
  /** Device token expiry, epoch ms. */
  expiresAt: number;
  account: string;
  role: DeviceRole;
}

export function newDeviceId(): string {
  return `dv_${randomBytes(9).toString("base64url")}`;
}

export function newRefreshToken(): string {
  return `rt_${randomBytes(32).toString("base64url")}`;
}

export interface DeviceTokenSettings {
  product: string;
  deviceTokenTtlMs: number;
}

/** Mints a device's short-lived token. */
export async function deviceToken(
  keys: KeyRing,
  settings: DeviceTokenSettings,
  device: Pick<Device, "id" | "account" | "role">,
): Promise<{ deviceToken: string; expiresAt: number }> {
  const expiresAt = Date.now() + settings.deviceTokenTtlMs;
  const { token } = await keys.mint({
    acct: device.account,
    prod: settings.product,
    use: "device",
    did: device.id,
    role: device.role,
    expiresAtMs: expiresAt,
  });
  return { deviceToken: token, expiresAt };
}

/** Registers a device and returns its first credentials. */
export async function createDevice(
  store: GatewayStore,
  keys: KeyRing,
  settings: DeviceTokenSettings,
  account: string,
  name: string,
  role: DeviceRole,
): Promise<DeviceCredential> {
  const device: Device = {
    id: newDeviceId(),
    account,
    name,
    role,
    createdAtMs: Date.now(),
    revokedAtMs: null,
  };
  const refreshToken = newRefreshToken();
  await store.addDevice(device, hashSecret(refreshToken));
  return { deviceId: device.id, ...(await deviceToken(keys, settings, device)), refreshToken, account, role };
}

/** What `carter gateway account|token|device` do, against the store or a running gateway. */
export interface GatewayAdmin {
  createAccount(name: string, slots: number | undefined): Promise<Account>;
  accounts(): Promise<Account[]>;
  mint(account: string, product: string, expiresAtMs: number): Promise<string>;
  addDevice(account: string, name: string, role: DeviceRole): Promise<DeviceCredential>;
  devices(account: string | undefined): Promise<Device[]>;
  revokeDevice(deviceId: string): Promise<{ revocation: Revocation; closed: number }>;
  close(): Promise<void>;
}

/** The file a running gateway leaves in its data directory, so admin commands go through it. */
export const RUNNING_FILE = "gateway.json";

export interface RunningMarker {
  pid: number;
  httpUrl: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The running gateway that owns `dataDir`, if any. */
export function runningGateway(dataDir: string): RunningMarker | null {
  const path = join(dataDir, RUNNING_FILE);
  if (!existsSync(path)) return null;
  try {
    const marker = JSON.parse(readFileSync(path, "utf8")) as RunningMarker;
    return typeof marker.pid === "number" && typeof marker.httpUrl === "string" && isAlive(marker.pid)
      ? marker
      : null;
  } catch {
    return null;
  }
}

class AdminError extends Error {}

/** Admin over the store itself (no gateway running on an embedded store, or a shared PostgreSQL). */
export async function storeAdmin(
  location: { database?: string; dataDir: string },
  settings: DeviceTokenSettings & { defaultSlots: number; maxTokenTtlMs: number },
): Promise<GatewayAdmin> {
  const store = await openStore({ database: location.database, embeddedDir: join(location.dataDir, "db") });
  const keys = await KeyRing.open(store, settings.maxTokenTtlMs);
  const existing = async (account: string) => {
    if ((await store.account(account)) === undefined) throw new AdminError(`no account ${account}`);
  };
  return {
    createAccount: (name, slots) => store.createAccount(name, slots ?? settings.defaultSlots),
    accounts: () => store.accounts(),
    async mint(account, product, expiresAtMs) {
      await existing(account);
      return (await keys.mint({ acct: account, prod: product, use: "session", expiresAtMs })).token;
    },
    async addDevice(account, name, role) {
      await existing(account);
      return createDevice(store, keys, settings, account, name, role);
    },
    devices: (account) => store.devices(account),
    async revokeDevice(deviceId) {
      const device = await store.device(deviceId);
      if (device === undefined) throw new AdminError(`no device ${deviceId}`);
      const revocation = await store.revoke({
        kind: "device",
        account: device.account,
        subject: deviceId,
        atMs: Date.now(),
        createdAtMs: Date.now(),
        expiresAtMs: null,
      });
      // Gateways on a shared database see it on their next poll; their sockets close then.
      return { revocation, closed: 0 };
    },
    close: () => store.close(),
  };
}

/** Admin through a running gateway's API, with the admin credential. */
export function httpAdmin(httpUrl: string, adminToken: string, ca: string | undefined): GatewayAdmin {
  const call = (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
    if (payload !== undefined) headers["content-type"] = "application/json";
    const send = httpUrl.startsWith("https:") ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        `${httpUrl}${path}`,
        { method, headers, ...(ca !== undefined ? { ca } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
            } catch {
              reject(
                new AdminError(`${method} ${path}: HTTP ${res.statusCode} with a body that is not JSON`),
              );
              return;
            }
            if ((res.statusCode ?? 500) >= 400)
              reject(new AdminError(`${method} ${path}: HTTP ${res.statusCode}: ${String(parsed.error)}`));
            else resolve(parsed);
          });
        },
      );
      req.on("error", (error) =>
        reject(new AdminError(`cannot reach the gateway at ${httpUrl}: ${error.message}`)),
      );
      req.end(payload);
    });
  };
  return {
    createAccount: async (name, slots) =>
      (await call("POST", "/accounts", {
        name,
        ...(slots !== undefined ? { slots } : {}),
      })) as unknown as Account,
    accounts: async () => (await call("GET", "/accounts")).accounts as Account[],
    mint: async (account, product, expiresAtMs) =>
      (await call("POST", "/validate", { account, product, expiresAtMs })).token as string,
    addDevice: async (account, name, role) =>
      (await call("POST", "/devices", { account, name, role })) as unknown as DeviceCredential,
    devices: async (account) =>
      (await call("GET", `/devices${account !== undefined ? `?account=${encodeURIComponent(account)}` : ""}`))
        .devices as Device[],
    async revokeDevice(deviceId) {
      const devices = (await call("GET", "/devices")).devices as Device[];
      const device = devices.find((entry) => entry.id === deviceId);
      if (device === undefined) throw new AdminError(`no device ${deviceId}`);
      return (await call("POST", "/revocations", { deviceId, account: device.account })) as unknown as {
        revocation: Revocation;
        closed: number;
      };
    },
    close: () => Promise.resolve(),
  };
}
