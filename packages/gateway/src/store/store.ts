import { MIGRATIONS } from "./schema.js";

export interface Account {
  /** Digits: the namespace its members' names and channels carry (`<id>.<name>`). */
  id: string;
  name: string;
  /** Connection slots per product. */
  slots: number;
  createdAtMs: number;
}

export interface SigningKeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAtMs: number;
  /** Null while the key signs; once rotated out, it still verifies until this time. */
  retiresAtMs: number | null;
}

export type DeviceRole = "device" | "hub";

export interface Device {
  id: string;
  account: string;
  name: string;
  role: DeviceRole;
  createdAtMs: number;
  revokedAtMs: number | null;
}

/** `token`: one token id · `device`: every token of a device · `before`: every token of an account issued at or before `atMs`. */
export type RevocationKind = "token" | "device" | "before";

export interface Revocation {
  id: number;
  kind: RevocationKind;
  account: string;
  /** The token id (`token`), the device id (`device`), empty for `before`. */
  subject: string;
  atMs: number;
  createdAtMs: number;
  /** After this the entry no longer matters (the revoked token has expired anyway); null = never. */
  expiresAtMs: number | null;
}

export interface PushSubscriptionRecord {
  endpoint: string;
  account: string;
  deviceId: string | null;
  /** The browser's `PushSubscription` as JSON. */
  subscription: string;
  createdAtMs: number;
}

/** A layout's `alerts` rules registered for one channel of an account. */
export interface AlertRuleSet {
  account: string;
  channel: string;
  /** The rules as JSON (validated when registered). */
  rules: string;
  updatedAtMs: number;
}

/** What a refresh-token rotation found. */
export type RotationResult =
  | { outcome: "rotated"; device: Device }
  | { outcome: "reused"; device: Device }
  | { outcome: "revoked"; device: Device }
  | { outcome: "unknown" };

/** Everything the gateway keeps. One implementation over SQL serves PGlite and PostgreSQL alike. */
export interface GatewayStore {
  createAccount(name: string, slots: number): Promise<Account>;
  account(id: string): Promise<Account | undefined>;
  accounts(): Promise<Account[]>;
  setAccountSlots(id: string, slots: number): Promise<boolean>;

  signingKeys(): Promise<SigningKeyRecord[]>;
  /** Adds `key` as the signing key and retires every other signing key at `retiresAtMs`. */
  rotateSigningKey(key: SigningKeyRecord, retiresAtMs: number): Promise<void>;
  /** Adds `key` only if no signing key exists yet (two processes starting at once agree on one). */
  addFirstSigningKey(key: SigningKeyRecord): Promise<void>;

  addDevice(device: Device, refreshHash: string): Promise<void>;
  device(id: string): Promise<Device | undefined>;
  devices(account?: string): Promise<Device[]>;
  /**
   * Swaps the device's refresh hash from `presentedHash` to `nextHash` atomically. A hash that was
   * current once and has since been rotated out reports `reused` (and changes nothing: the caller
   * revokes); a revoked device reports `revoked`.
   */
  rotateRefresh(
    deviceId: string,
    presentedHash: string,
    nextHash: string,
    nowMs: number,
  ): Promise<RotationResult>;

  /** Records a revocation; for `device` also marks the device revoked. Returns it with its id. */
  revoke(revocation: Omit<Revocation, "id">): Promise<Revocation>;
  /** Revocations recorded at or after `createdSinceMs` that still matter at `nowMs`. */
  revocations(createdSinceMs: number, nowMs: number): Promise<Revocation[]>;

  savePushSubscription(record: PushSubscriptionRecord): Promise<void>;
  pushSubscriptions(account: string): Promise<PushSubscriptionRecord[]>;
  removePushSubscription(endpoint: string): Promise<void>;

  /** Replaces the rules of `account`'s `channel`; an empty list (`"[]"`) removes them. */
  setAlertRules(set: AlertRuleSet): Promise<void>;
  /** Every registered rule set, or one account's. */
  alertRules(account?: string): Promise<AlertRuleSet[]>;

  /** The stored value of a gateway-wide setting. */
  setting(name: string): Promise<string | undefined>;
  /** Stores `value` unless the setting exists; returns the stored value (two processes agree on one). */
  initSetting(name: string, value: string): Promise<string>;

  close(): Promise<void>;
}

/** A connection or transaction that runs SQL with `$1` parameters. */
export interface Queryable {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements, no parameters. */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends Queryable {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serializes concurrent migrations from several gateway processes on one PostgreSQL. */
const MIGRATION_LOCK = 4410027;

/** PostgreSQL returns `bigint` as a string through `pg` and as a number through PGlite. */
function ms(value: unknown): number {
  return Number(value);
}

function msOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

interface AccountRow {
  id: string;
  name: string;
  slots: number;
  created_at_ms: unknown;
}
interface KeyRow {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at_ms: unknown;
  retires_at_ms: unknown;
}
interface DeviceRow {
  id: string;
  account: string;
  name: string;
  role: string;
  refresh_hash: string;
  created_at_ms: unknown;
  revoked_at_ms: unknown;
}
interface RevocationRow {
  id: unknown;
  kind: string;
  account: string;
  subject: string;
  at_ms: unknown;
  created_at_ms: unknown;
  expires_at_ms: unknown;
}
interface PushRow {
  endpoint: string;
  account: string;
  device_id: string | null;
  subscription: string;
  created_at_ms: unknown;
}

interface AlertRow {
  account: string;
  channel: string;
  rules: string;
  updated_at_ms: unknown;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  name: row.name,
  slots: Number(row.slots),
  createdAtMs: ms(row.created_at_ms),
});
const toKey = (row: KeyRow): SigningKeyRecord => ({
  kid: row.kid,
  privateJwk: row.private_jwk,
  publicJwk: row.public_jwk,
  createdAtMs: ms(row.created_at_ms),
  retiresAtMs: msOrNull(row.retires_at_ms),
});
const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  account: row.account,
  name: row.name,
  role: row.role === "hub" ? "hub" : "device",
  createdAtMs: ms(row.created_at_ms),
  revokedAtMs: msOrNull(row.revoked_at_ms),
});
const toRevocation = (row: RevocationRow): Revocation => ({
  id: Number(row.id),
  kind: row.kind as RevocationKind,
  account: row.account,
  subject: row.subject,
  atMs: ms(row.at_ms),
  createdAtMs: ms(row.created_at_ms),
  expiresAtMs: msOrNull(row.expires_at_ms),
});
const toPush = (row: PushRow): PushSubscriptionRecord => ({
  endpoint: row.endpoint,
  account: row.account,
  deviceId: row.device_id,
  subscription: row.subscription,
  createdAtMs: ms(row.created_at_ms),
});

/** Applies the migrations not yet recorded, under an advisory lock so concurrent starts do it once. */
export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS gateway_migrations (version integer PRIMARY KEY, applied_at_ms bigint NOT NULL)",
    );
    const applied = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM gateway_migrations")).map((row) =>
        Number(row.version),
      ),
    );
    for (let index = 0; index < MIGRATIONS.length; index++) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await tx.exec(MIGRATIONS[index]);
      await tx.query("INSERT INTO gateway_migrations (version, applied_at_ms) VALUES ($1, $2)", [
        version,
        Date.now(),
      ]);
    }
  });
}

export class SqlStore implements GatewayStore {
  constructor(private readonly db: SqlDriver) {}

  async createAccount(name: string, slots: number): Promise<Account> {
    const rows = await this.db.query<AccountRow>(
      `INSERT INTO accounts (id, name, slots, created_at_ms)
       VALUES (nextval('account_numbers')::text, $1, $2, $3) RETURNING *`,
      [name, slots, Date.now()],
    );
    return toAccount(rows[0]);
  }

  async account(id: string): Promise<Account | undefined> {
    const rows = await this.db.query<AccountRow>("SELECT * FROM accounts WHERE id = $1", [id]);
    return rows.length > 0 ? toAccount(rows[0]) : undefined;
  }

  async accounts(): Promise<Account[]> {
    return (await this.db.query<AccountRow>("SELECT * FROM accounts ORDER BY created_at_ms, id")).map(
      toAccount,
    );
  }

  async setAccountSlots(id: string, slots: number): Promise<boolean> {
    const rows = await this.db.query("UPDATE accounts SET slots = $2 WHERE id = $1 RETURNING id", [
      id,
      slots,
    ]);
    return rows.length > 0;
  }

  async signingKeys(): Promise<SigningKeyRecord[]> {
    return (await this.db.query<KeyRow>("SELECT * FROM signing_keys ORDER BY created_at_ms")).map(toKey);
  }

  async rotateSigningKey(key: SigningKeyRecord, retiresAtMs: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("UPDATE signing_keys SET retires_at_ms = $1 WHERE retires_at_ms IS NULL", [retiresAtMs]);
      await this.insertKey(tx, key);
    });
  }

  async addFirstSigningKey(key: SigningKeyRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const signing = await tx.query("SELECT kid FROM signing_keys WHERE retires_at_ms IS NULL");
      if (signing.length === 0) await this.insertKey(tx, key);
    });
  }

  async addDevice(device: Device, refreshHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO devices (id, account, name, role, refresh_hash, created_at_ms, revoked_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        device.id,
        device.account,
        device.name,
        device.role,
        refreshHash,
        device.createdAtMs,
        device.revokedAtMs,
      ],
    );
  }

  async device(id: string): Promise<Device | undefined> {
    const rows = await this.db.query<DeviceRow>("SELECT * FROM devices WHERE id = $1", [id]);
    return rows.length > 0 ? toDevice(rows[0]) : undefined;
  }

  async devices(account?: string): Promise<Device[]> {
    const rows =
      account === undefined
        ? await this.db.query<DeviceRow>("SELECT * FROM devices ORDER BY created_at_ms, id")
        : await this.db.query<DeviceRow>(
            "SELECT * FROM devices WHERE account = $1 ORDER BY created_at_ms, id",
            [account],
          );
    return rows.map(toDevice);
  }

  async rotateRefresh(
    deviceId: string,
    presentedHash: string,
    nextHash: string,
    nowMs: number,
  ): Promise<RotationResult> {
    return this.db.transaction(async (tx): Promise<RotationResult> => {
      const rows = await tx.query<DeviceRow>("SELECT * FROM devices WHERE id = $1 FOR UPDATE", [deviceId]);
      if (rows.length === 0) return { outcome: "unknown" };
      const device = toDevice(rows[0]);
      if (device.revokedAtMs !== null) return { outcome: "revoked", device };
      if (rows[0].refresh_hash === presentedHash) {
        await tx.query("UPDATE devices SET refresh_hash = $2 WHERE id = $1", [deviceId, nextHash]);
        await tx.query(
          "INSERT INTO spent_refresh_tokens (hash, device_id, spent_at_ms) VALUES ($1, $2, $3)",
          [presentedHash, deviceId, nowMs],
        );
        return { outcome: "rotated", device };
      }
      const spent = await tx.query(
        "SELECT hash FROM spent_refresh_tokens WHERE hash = $1 AND device_id = $2",
        [presentedHash, deviceId],
      );
      return spent.length > 0 ? { outcome: "reused", device } : { outcome: "unknown" };
    });
  }

  async revoke(revocation: Omit<Revocation, "id">): Promise<Revocation> {
    return this.db.transaction(async (tx) => {
      if (revocation.kind === "device") {
        await tx.query("UPDATE devices SET revoked_at_ms = $2 WHERE id = $1 AND revoked_at_ms IS NULL", [
          revocation.subject,
          revocation.atMs,
        ]);
      }
      const rows = await tx.query<RevocationRow>(
        `INSERT INTO revocations (kind, account, subject, at_ms, created_at_ms, expires_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          revocation.kind,
          revocation.account,
          revocation.subject,
          revocation.atMs,
          revocation.createdAtMs,
          revocation.expiresAtMs,
        ],
      );
      return toRevocation(rows[0]);
    });
  }

  async revocations(createdSinceMs: number, nowMs: number): Promise<Revocation[]> {
    const rows = await this.db.query<RevocationRow>(
      `SELECT * FROM revocations
       WHERE created_at_ms >= $1 AND (expires_at_ms IS NULL OR expires_at_ms > $2)
       ORDER BY id`,
      [createdSinceMs, nowMs],
    );
    return rows.map(toRevocation);
  }

  async savePushSubscription(record: PushSubscriptionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO push_subscriptions (endpoint, account, device_id, subscription, created_at_ms)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (endpoint) DO UPDATE SET account = $2, device_id = $3, subscription = $4, created_at_ms = $5`,
      [record.endpoint, record.account, record.deviceId, record.subscription, record.createdAtMs],
    );
  }

  async pushSubscriptions(account: string): Promise<PushSubscriptionRecord[]> {
    const rows = await this.db.query<PushRow>(
      "SELECT * FROM push_subscriptions WHERE account = $1 ORDER BY created_at_ms, endpoint",
      [account],
    );
    return rows.map(toPush);
  }

  async removePushSubscription(endpoint: string): Promise<void> {
    await this.db.query("DELETE FROM push_subscriptions WHERE endpoint = $1", [endpoint]);
  }

  async setAlertRules(set: AlertRuleSet): Promise<void> {
    if (set.rules === "[]") {
      await this.db.query("DELETE FROM alert_rules WHERE account = $1 AND channel = $2", [
        set.account,
        set.channel,
      ]);
      return;
    }
    await this.db.query(
      `INSERT INTO alert_rules (account, channel, rules, updated_at_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account, channel) DO UPDATE SET rules = $3, updated_at_ms = $4`,
      [set.account, set.channel, set.rules, set.updatedAtMs],
    );
  }

  async alertRules(account?: string): Promise<AlertRuleSet[]> {
    const rows =
      account === undefined
        ? await this.db.query<AlertRow>("SELECT * FROM alert_rules ORDER BY account, channel")
        : await this.db.query<AlertRow>("SELECT * FROM alert_rules WHERE account = $1 ORDER BY channel", [
            account,
          ]);
    return rows.map((row) => ({
      account: row.account,
      channel: row.channel,
      rules: row.rules,
      updatedAtMs: ms(row.updated_at_ms),
    }));
  }

  async setting(name: string): Promise<string | undefined> {
    const rows = await this.db.query<{ value: string }>(
      "SELECT value FROM gateway_settings WHERE name = $1",
      [name],
    );
    return rows[0]?.value;
  }

  async initSetting(name: string, value: string): Promise<string> {
    await this.db.query(
      "INSERT INTO gateway_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
      [name, value],
    );
    return (await this.setting(name)) ?? value;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async insertKey(tx: Queryable, key: SigningKeyRecord): Promise<void> {
    await tx.query(
      `INSERT INTO signing_keys (kid, private_jwk, public_jwk, created_at_ms, retires_at_ms)
       VALUES ($1, $2, $3, $4, $5)`,
      [key.kid, key.privateJwk, key.publicJwk, key.createdAtMs, key.retiresAtMs],
    );
  }
}
