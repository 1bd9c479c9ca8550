import { safeUrl } from "./checks.js";

/**
 * `local`: an embedded relay on this machine; `selfhosted`: a relay URL; `account`: a Connect+
 * layout block (the phone dials with its account session); `device`: an Add Device/Add Hub
 * credential (hub-only).
 */
export type ConnectionKind = "local" | "selfhosted" | "account" | "device";

export const DEFAULT_LOCAL_PORT = 8765;
export const DEFAULT_CONNECTION_CHANNEL = "home";

/** Plain fields of a connection; `token`, `refresh` and `e2eeKey` are secrets. */
export interface ConnectionFields {
  kind: ConnectionKind;
  /** Relay URL; absent for `local` (see `port`) and for a Connect+ room block without one. */
  url?: string;
  /** Embedded relay port (`local` only). */
  port?: number;
  channel: string;
  role?: string;
  /** Identity display name from a layout block. */
  name?: string;
  canBroadcast?: boolean;
  canRoute?: boolean;
  /** Group cipher (`grp v2`) rather than directional app/hub sealing. */
  room: boolean;
  /** Mesh name of the hub serving the layout. */
  hub?: string;
  /** Connect+ device id of a device credential. */
  did?: string;
  validator?: string;
  token?: string;
  refresh?: string;
  e2eeKey?: string;
}

const REDACTED = "[redacted]";
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * One parsed connection artifact (see `parseConnection`). Secrets are readable as properties but
 * never appear in `toString()`, `util.inspect`/`console.log`, `JSON.stringify` or object spread.
 */
export class Connection {
  readonly kind: ConnectionKind;
  readonly url: string | undefined;
  readonly port: number | undefined;
  readonly channel: string;
  readonly role: string | undefined;
  readonly name: string | undefined;
  readonly canBroadcast: boolean | undefined;
  readonly canRoute: boolean | undefined;
  readonly room: boolean;
  readonly hub: string | undefined;
  readonly did: string | undefined;
  readonly validator: string | undefined;
  readonly #secrets: { token?: string; refresh?: string; e2eeKey?: string };

  /** Use `parseConnection`: it checks every field; this constructor trusts its input. */
  constructor(fields: ConnectionFields) {
    this.kind = fields.kind;
    this.url = fields.url;
    this.port = fields.port;
    this.channel = fields.channel;
    this.role = fields.role;
    this.name = fields.name;
    this.canBroadcast = fields.canBroadcast;
    this.canRoute = fields.canRoute;
    this.room = fields.room;
    this.hub = fields.hub;
    this.did = fields.did;
    this.validator = fields.validator;
    this.#secrets = { token: fields.token, refresh: fields.refresh, e2eeKey: fields.e2eeKey };
    Object.freeze(this);
  }

  get token(): string | undefined {
    return this.#secrets.token;
  }

  get refresh(): string | undefined {
    return this.#secrets.refresh;
  }

  get e2eeKey(): string | undefined {
    return this.#secrets.e2eeKey;
  }

  /** Every field, secrets included: for building a changed copy, never for printing. */
  fields(): ConnectionFields {
    const all: ConnectionFields = { kind: this.kind, channel: this.channel, room: this.room };
    const optional = {
      url: this.url,
      port: this.port,
      role: this.role,
      name: this.name,
      canBroadcast: this.canBroadcast,
      canRoute: this.canRoute,
      hub: this.hub,
      did: this.did,
      validator: this.validator,
      ...this.#secrets,
    };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) (all as unknown as Record<string, unknown>)[key] = value;
    }
    return all;
  }

  /** The fields safe to log: the URL cut to `scheme://host[:port]`, secrets as `[redacted]`. */
  redacted(): Record<string, unknown> {
    const view: Record<string, unknown> = { kind: this.kind };
    if (this.url !== undefined) view.url = safeUrl(this.url);
    const plain = {
      port: this.port,
      channel: this.channel,
      role: this.role,
      name: this.name,
      canBroadcast: this.canBroadcast,
      canRoute: this.canRoute,
      room: this.room,
      hub: this.hub,
      did: this.did,
      validator: this.validator,
    };
    for (const [key, value] of Object.entries(plain)) if (value !== undefined) view[key] = value;
    for (const [key, value] of Object.entries(this.#secrets)) if (value !== undefined) view[key] = REDACTED;
    return view;
  }

  toJSON(): Record<string, unknown> {
    return this.redacted();
  }

  toString(): string {
    const parts = Object.entries(this.redacted())
      .filter(([key]) => key !== "kind")
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
    return `Connection(${this.kind} ${parts.join(" ")})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
