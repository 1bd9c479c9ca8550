import { isJsonObject as isObject, parseFlag } from "@carter/protocol";
import {
  checkDisplayName,
  checkE2eeKey,
  checkName,
  checkPort,
  checkRelayUrl,
  checkSecret,
  checkValidatorUrl,
  ConnectionError,
} from "./checks.js";
import {
  Connection,
  DEFAULT_CONNECTION_CHANNEL,
  DEFAULT_LOCAL_PORT,
  type ConnectionFields,
  type ConnectionKind,
} from "./connection.js";

/** Fields that replace parsed ones; `null` clears an optional field. */
export interface ConnectionOverrides {
  kind?: ConnectionKind;
  url?: string | null;
  port?: number | null;
  channel?: string;
  role?: string | null;
  name?: string | null;
  canBroadcast?: boolean | null;
  canRoute?: boolean | null;
  room?: boolean;
  hub?: string | null;
  did?: string | null;
  validator?: string | null;
  token?: string | null;
  refresh?: string | null;
  e2eeKey?: string | null;
}

export interface ParseConnectionOptions {
  /** Reads a file for string sources that are not relay URLs (Node: `loadConnection` passes one). */
  readFile?: (path: string) => string | undefined;
}

type Json = Record<string, unknown>;

const KINDS: readonly ConnectionKind[] = ["local", "selfhosted", "account", "device"];
const MAX_FILE_DEPTH = 4;

/** `null`, `undefined` and `""` mean "no token"; anything else must be a string. */
function optionalSecret(field: string, value: unknown): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : checkSecret(field, value);
}

function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : check(value);
}

/** The E2EE key from `k` and/or `e2eeKey`; both present must agree. */
function keyOf(source: Json, where: string): string | undefined {
  const k = optional(source.k, (v) => checkE2eeKey(`${where}k`, v));
  const e2eeKey = optional(source.e2eeKey, (v) => checkE2eeKey(`${where}e2eeKey`, v));
  if (k !== undefined && e2eeKey !== undefined && k !== e2eeKey) {
    throw new ConnectionError(`${where}k`, "differs from e2eeKey; give one key");
  }
  return k ?? e2eeKey;
}

function fromLayoutBlock(block: Json, where: string): ConnectionFields {
  const identity = block.identity;
  if (!isObject(identity)) throw new ConnectionError(`${where}identity`, "must be an object");
  if (block.mode !== undefined && block.mode !== null && block.mode !== "room") {
    throw new ConnectionError(`${where}mode`, `only "room" is known, got ${JSON.stringify(block.mode)}`);
  }
  const e2eeKey = optional(block.e2eeKey, (v) => checkE2eeKey(`${where}e2eeKey`, v));
  const url = optional(block.url, (v) => checkRelayUrl(`${where}url`, v));
  return {
    kind: url === undefined ? "account" : "selfhosted",
    url,
    token: optionalSecret(`${where}token`, block.token),
    channel:
      optional(identity.channel, (v) => checkName(`${where}identity.channel`, v)) ??
      DEFAULT_CONNECTION_CHANNEL,
    role: optional(identity.role, (v) => checkName(`${where}identity.role`, v)),
    name: optional(identity.name, (v) => checkDisplayName(`${where}identity.name`, v)),
    canBroadcast: parseFlag(identity.canBroadcast ?? identity.can_broadcast),
    canRoute: parseFlag(identity.canRoute ?? identity.can_route),
    e2eeKey,
    room: block.mode === "room" || e2eeKey !== undefined,
    hub: optional(block.hub, (v) => checkName(`${where}hub`, v)),
  };
}

function fromDeviceCredential(credential: Json): ConnectionFields {
  if (credential.url === undefined)
    throw new ConnectionError("url", "a device credential needs the relay url");
  const e2eeKey = keyOf(credential, "");
  return {
    kind: "device",
    url: checkRelayUrl("url", credential.url),
    token: optionalSecret("token", credential.token),
    channel: optional(credential.channel, (v) => checkName("channel", v)) ?? DEFAULT_CONNECTION_CHANNEL,
    role: optional(credential.role, (v) => checkName("role", v)) ?? "hub",
    e2eeKey,
    room: e2eeKey !== undefined,
    did: optional(credential.did, (v) => checkDisplayName("did", v)),
    refresh: optionalSecret("refresh", credential.refresh),
    validator: optional(credential.validator, (v) => checkValidatorUrl("validator", v)),
  };
}

/** A pairing QR payload or any `{url, …}` object. */
function fromUrlObject(source: Json): ConnectionFields {
  const e2eeKey = keyOf(source, "");
  return {
    kind: "selfhosted",
    url: checkRelayUrl("url", source.url),
    token: optionalSecret("token", source.token),
    channel: optional(source.channel, (v) => checkName("channel", v)) ?? DEFAULT_CONNECTION_CHANNEL,
    role: optional(source.role, (v) => checkName("role", v)),
    e2eeKey,
    room: e2eeKey !== undefined,
    hub: optional(source.hub, (v) => checkName("hub", v)),
  };
}

function parseFields(source: unknown, options: ParseConnectionOptions, depth: number): ConnectionFields {
  if (source === undefined || source === null) {
    return { kind: "local", port: DEFAULT_LOCAL_PORT, channel: DEFAULT_CONNECTION_CHANNEL, room: false };
  }
  if (source instanceof Connection) return source.fields();
  if (typeof source === "string") {
    if (/^wss?:\/\//i.test(source)) {
      return {
        kind: "selfhosted",
        url: checkRelayUrl("url", source),
        channel: DEFAULT_CONNECTION_CHANNEL,
        room: false,
      };
    }
    const text = depth < MAX_FILE_DEPTH ? options.readFile?.(source) : undefined;
    if (text === undefined) {
      throw new ConnectionError(
        "source",
        options.readFile
          ? `'${source}' is neither a ws:// or wss:// URL nor a readable file`
          : `'${source}' is not a ws:// or wss:// URL (loadConnection also reads files)`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConnectionError("source", `'${source}' is not valid JSON: ${(error as Error).message}`);
    }
    return parseFields(parsed, options, depth + 1);
  }
  if (!isObject(source)) {
    throw new TypeError(
      `connection source must be a string, an object or nothing, got ${Array.isArray(source) ? "an array" : typeof source}`,
    );
  }
  if ("tabs" in source) {
    if (!isObject(source.connection))
      throw new ConnectionError("connection", "the layout has no connection block");
    return fromLayoutBlock(source.connection, "connection.");
  }
  if ("identity" in source) return fromLayoutBlock(source, "");
  if ("did" in source || "refresh" in source) return fromDeviceCredential(source);
  if ("url" in source) return fromUrlObject(source);
  throw new ConnectionError(
    "source",
    "unrecognized artifact: expected a layout (tabs), a connection block (identity), " +
      "a device credential (did/refresh) or a pairing payload (url)",
  );
}

const OVERRIDE_CHECKS: Record<keyof ConnectionOverrides, (field: string, value: unknown) => unknown> = {
  kind: (field, value) => {
    if (!KINDS.includes(value as ConnectionKind))
      throw new ConnectionError(field, `must be one of ${KINDS.join(", ")}`);
    return value;
  },
  url: checkRelayUrl,
  port: checkPort,
  channel: checkName,
  role: checkName,
  name: checkDisplayName,
  canBroadcast: checkBoolean,
  canRoute: checkBoolean,
  room: checkBoolean,
  hub: checkName,
  did: checkDisplayName,
  validator: checkValidatorUrl,
  token: checkSecret,
  refresh: checkSecret,
  e2eeKey: checkE2eeKey,
};

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ConnectionError(field, "must be true or false");
  return value;
}

function applyOverrides(fields: ConnectionFields, overrides: ConnectionOverrides): ConnectionFields {
  const result = { ...fields } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(OVERRIDE_CHECKS, key)) {
      throw new ConnectionError(key, `unknown override (known: ${Object.keys(OVERRIDE_CHECKS).join(", ")})`);
    }
    if (value === undefined) continue;
    if (value === null) {
      if (key === "channel" || key === "room" || key === "kind")
        throw new ConnectionError(key, "cannot be cleared");
      delete result[key];
      continue;
    }
    result[key] = OVERRIDE_CHECKS[key as keyof ConnectionOverrides](key, value);
  }
  // A newly given key implies room mode unless the caller said otherwise.
  if (overrides.e2eeKey && overrides.room === undefined) result.room = true;
  if (overrides.e2eeKey === null && overrides.room === undefined) result.room = false;
  return result as unknown as ConnectionFields;
}

/**
 * Reads any connection artifact of session-protocol §3.4 into one `Connection`: nothing (local
 * relay), a `Connection`, a `ws://`/`wss://` URL, a layout (its `connection`), a layout
 * connection block, an Add Device/Add Hub credential or a pairing QR payload. Throws
 * `ConnectionError` naming the bad field, or `TypeError` for a source of the wrong type.
 */
export function parseConnection(
  source?: unknown,
  overrides: ConnectionOverrides = {},
  options: ParseConnectionOptions = {},
): Connection {
  return new Connection(applyOverrides(parseFields(source, options, 0), overrides));
}
