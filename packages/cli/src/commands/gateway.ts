import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  GATEWAY_DEFAULTS,
  httpAdmin,
  runningGateway,
  startGateway,
  storeAdmin,
  type GatewayAdmin,
} from "@carter/gateway";
import { relayOptionsFromEnv } from "@carter/relay";
import { parseCommandArgs, portFlag, UsageError, type CliIO, type Command } from "../command.js";

const USAGE = [
  "carter gateway [--data DIR] [--host 127.0.0.1] [--port 8443] [--cert FILE --key FILE] [--plain [--force-plain]]",
  "               [--database postgres://…] [--redis redis://…] [--product connect] [--slots 10]",
  "               [--device-ttl 1h] [--push-subject mailto:you@example.org | --no-push]",
  "carter gateway account create --name NAME [--slots N]",
  "carter gateway account list",
  "carter gateway token mint --account N [--product connect] [--ttl 1h]",
  "carter gateway device add --account N --name NAME [--role device|hub]",
  "carter gateway device list [--account N]",
  "carter gateway device revoke DEVICE_ID",
  "",
  "  --data      the gateway's directory: embedded database, development certificate, admin token",
  "              (env CARTER_GATEWAY_DATA; default ~/.local/share/carter/gateway)",
  "  --cert/--key  PEM certificate and key; without them a self-signed development certificate is",
  "              made in the data directory and its SHA-256 fingerprint printed",
  "  --plain     serve ws:// and http:// (loopback only, unless --force-plain)",
  "  --database  a shared PostgreSQL for several gateway processes (default: embedded, in --data)",
  "  --redis     Redis shared by the processes: slots counted across all, revocations pushed to all",
  "  --product   product device tokens meter slots against; --slots: slots of new accounts",
  "  --device-ttl  device token lifetime (clients refresh before it ends; default 1h)",
  "  --push-subject  the VAPID contact push services see (default mailto:gateway@localhost);",
  "              --no-push turns Web Push to offline browsers off",
  "",
  "Admin commands use the store in --data (or --database); while a gateway runs on that data",
  "directory they go through it (the embedded database serves one process). --url URL with",
  "CARTER_GATEWAY_ADMIN_TOKEN reaches a gateway elsewhere. Relay limits come from MESH_* env vars.",
].join("\n");

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.CARTER_GATEWAY_DATA) return env.CARTER_GATEWAY_DATA;
  const base = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(base, "carter", "gateway");
}

function wholeFlag(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

/** `90s`, `30m`, `1h`, `7d` (or plain seconds) → milliseconds. */
function durationFlag(name: string, raw: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw);
  if (match === null) throw new UsageError(`--${name} must look like 90s, 30m, 1h or 7d, got "${raw}"`);
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2]]!;
  return Number(match[1]) * unit;
}

function accountFlag(raw: string | undefined): string {
  if (raw === undefined) throw new UsageError("--account is required");
  if (!/^[0-9]{1,32}$/.test(raw)) throw new UsageError(`--account must be an account number, got "${raw}"`);
  return raw;
}

const FLAGS = {
  data: { type: "string" },
  database: { type: "string" },
  product: { type: "string" },
  slots: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  cert: { type: "string" },
  key: { type: "string" },
  plain: { type: "boolean" },
  "force-plain": { type: "boolean" },
  redis: { type: "string" },
  url: { type: "string" },
  name: { type: "string" },
  account: { type: "string" },
  ttl: { type: "string" },
  role: { type: "string" },
  "device-ttl": { type: "string" },
  "push-subject": { type: "string" },
  "no-push": { type: "boolean" },
} as const;
const SERVE_ONLY = [
  "host",
  "port",
  "cert",
  "key",
  "plain",
  "force-plain",
  "redis",
  "device-ttl",
  "push-subject",
  "no-push",
] as const;
const ADMIN_ONLY = ["url", "name", "account", "ttl", "role"] as const;

type Flags = ReturnType<typeof parseCommandArgs<{ options: typeof FLAGS; allowPositionals: true }>>["values"];

async function openAdmin(
  values: Flags,
  io: CliIO,
): Promise<{ admin: GatewayAdmin; wsUrl: string | undefined; validator: string | undefined }> {
  const dataDir = values.data ?? defaultDataDir(io.env);
  if (values.url !== undefined) {
    const token = io.env.CARTER_GATEWAY_ADMIN_TOKEN;
    if (!token) throw new UsageError("--url needs the admin credential in CARTER_GATEWAY_ADMIN_TOKEN");
    const httpUrl = values.url.replace(/^ws/, "http").replace(/\/$/, "");
    return {
      admin: httpAdmin(httpUrl, token, undefined),
      wsUrl: httpUrl.replace(/^http/, "ws"),
      validator: httpUrl,
    };
  }
  const running = values.database === undefined ? runningGateway(dataDir) : null;
  if (running !== null) {
    const token =
      io.env.CARTER_GATEWAY_ADMIN_TOKEN || readFileSync(join(dataDir, "admin-token"), "utf8").trim();
    let ca: string | undefined;
    try {
      ca = readFileSync(join(dataDir, "tls", "dev-cert.pem"), "utf8");
    } catch {
      ca = undefined;
    }
    return {
      admin: httpAdmin(running.httpUrl, token, ca),
      wsUrl: running.httpUrl.replace(/^http/, "ws"),
      validator: running.httpUrl,
    };
  }
  const admin = await storeAdmin(
    { database: values.database, dataDir },
    {
      product: GATEWAY_DEFAULTS.product,
      deviceTokenTtlMs: GATEWAY_DEFAULTS.deviceTokenTtlMs,
      defaultSlots: GATEWAY_DEFAULTS.defaultSlots,
      maxTokenTtlMs: GATEWAY_DEFAULTS.maxTokenTtlMs,
    },
  );
  return { admin, wsUrl: undefined, validator: undefined };
}

async function runAdmin(positionals: string[], values: Flags, io: CliIO): Promise<number> {
  const [group, action, ...rest] = positionals;
  for (const flag of SERVE_ONLY)
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for running the gateway`);
  const key = `${group} ${action ?? ""}`;
  const known = [
    "account create",
    "account list",
    "token mint",
    "device add",
    "device list",
    "device revoke",
  ];
  if (!known.includes(key)) throw new UsageError(`unknown command "gateway ${key.trim()}"`);
  if (key !== "device revoke" && rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (key === "device revoke" && rest.length !== 1) throw new UsageError("device revoke takes one DEVICE_ID");
  const { admin, wsUrl, validator } = await openAdmin(values, io);
  try {
    switch (key) {
      case "account create": {
        if (!values.name) throw new UsageError("--name is required");
        const account = await admin.createAccount(values.name, wholeFlag("slots", values.slots, 1));
        io.out(`account ${account.id} "${account.name}" (${account.slots} slots)`);
        return 0;
      }
      case "account list": {
        const accounts = await admin.accounts();
        if (accounts.length === 0) io.out("no accounts");
        for (const account of accounts) io.out(`${account.id}  ${account.slots} slots  ${account.name}`);
        return 0;
      }
      case "token mint": {
        const account = accountFlag(values.account);
        const ttl = durationFlag("ttl", values.ttl ?? "1h");
        io.out(await admin.mint(account, values.product ?? GATEWAY_DEFAULTS.product, Date.now() + ttl));
        return 0;
      }
      case "device add": {
        const account = accountFlag(values.account);
        if (!values.name) throw new UsageError("--name is required");
        const role = values.role ?? "device";
        if (role !== "device" && role !== "hub")
          throw new UsageError(`--role must be device or hub, got "${role}"`);
        const created = await admin.addDevice(account, values.name, role);
        // The Add Device / Add Hub credential: secrets shown once; keep the file 0600.
        io.out(
          JSON.stringify(
            {
              ...(wsUrl !== undefined ? { url: wsUrl } : {}),
              role,
              token: created.deviceToken,
              refresh: created.refreshToken,
              did: created.deviceId,
              ...(validator !== undefined ? { validator } : {}),
              account,
              expiresAt: created.expiresAt,
            },
            null,
            2,
          ),
        );
        return 0;
      }
      case "device list": {
        const account = values.account === undefined ? undefined : accountFlag(values.account);
        const devices = await admin.devices(account);
        if (devices.length === 0) io.out("no devices");
        for (const device of devices)
          io.out(
            `${device.id}  ${device.account}  ${device.role.padEnd(6)}  ${device.revokedAtMs === null ? "active " : "revoked"}  ${device.name}`,
          );
        return 0;
      }
      default: {
        const { closed } = await admin.revokeDevice(rest[0]);
        io.out(`device ${rest[0]} revoked${closed > 0 ? `; ${closed} live socket(s) closed` : ""}`);
        return 0;
      }
    }
  } finally {
    await admin.close();
  }
}

export const gatewayCommand: Command = {
  name: "gateway",
  summary: "run a Connect+ gateway (TLS, accounts, tokens) or administer one",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { options: FLAGS, allowPositionals: true });
    if (positionals.length > 0) return runAdmin(positionals, values, io);
    for (const flag of ADMIN_ONLY)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} is for the admin commands`);
    if ((values.cert === undefined) !== (values.key === undefined))
      throw new UsageError("--cert and --key go together");
    if (values["force-plain"] && !values.plain) throw new UsageError("--force-plain needs --plain");
    if (values["no-push"] && values["push-subject"] !== undefined)
      throw new UsageError("--push-subject and --no-push exclude each other");
    const { host: _host, port: _port, authToken: _token, ...relay } = relayOptionsFromEnv(io.env);
    const dataDir = values.data ?? defaultDataDir(io.env);
    const gateway = await startGateway({
      dataDir,
      host: values.host?.trim() || GATEWAY_DEFAULTS.host,
      port: portFlag("port", values.port, GATEWAY_DEFAULTS.port),
      certFile: values.cert,
      keyFile: values.key,
      plain: values.plain ?? false,
      forcePlain: values["force-plain"] ?? false,
      database: values.database,
      redis: values.redis,
      product: values.product,
      defaultSlots: wholeFlag("slots", values.slots, 1),
      ...(values["device-ttl"] !== undefined
        ? { deviceTokenTtlMs: durationFlag("device-ttl", values["device-ttl"]) }
        : {}),
      push: values["no-push"] ? false : { subject: values["push-subject"] },
      relay,
      logLevel: relay.logLevel,
    });
    io.out(`carter gateway listening on ${gateway.url} (validator ${gateway.httpUrl})`);
    if (gateway.tls?.selfSigned)
      io.out(
        `development certificate ${gateway.tls.generated ? "made" : "kept"} in ${join(dataDir, "tls")}, SHA-256 fingerprint ${gateway.tls.fingerprint}`,
      );
    io.out(`admin credential in ${join(dataDir, "admin-token")}; data in ${dataDir}`);
    const signal = await io.stopSignal;
    io.err(`carter gateway: ${signal}, shutting down`);
    await gateway.close();
    return 0;
  },
};
