/**
 * The gateway's schema, one migration per entry, applied in order and recorded in
 * `gateway_migrations`. Plain PostgreSQL, so the embedded store (PGlite) and a shared PostgreSQL
 * server run exactly the same statements. Times are epoch milliseconds in `bigint` columns.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE SEQUENCE account_numbers START WITH 1000001;
  CREATE TABLE accounts (
    id text PRIMARY KEY,
    name text NOT NULL,
    slots integer NOT NULL,
    created_at_ms bigint NOT NULL
  );
  CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    private_jwk text NOT NULL,
    public_jwk text NOT NULL,
    created_at_ms bigint NOT NULL,
    retires_at_ms bigint
  );
  CREATE TABLE devices (
    id text PRIMARY KEY,
    account text NOT NULL REFERENCES accounts(id),
    name text NOT NULL,
    role text NOT NULL,
    refresh_hash text NOT NULL,
    created_at_ms bigint NOT NULL,
    revoked_at_ms bigint
  );
  CREATE INDEX devices_by_account ON devices(account);
  CREATE TABLE spent_refresh_tokens (
    hash text PRIMARY KEY,
    device_id text NOT NULL REFERENCES devices(id),
    spent_at_ms bigint NOT NULL
  );
  CREATE TABLE revocations (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    account text NOT NULL,
    subject text NOT NULL,
    at_ms bigint NOT NULL,
    created_at_ms bigint NOT NULL,
    expires_at_ms bigint
  );
  CREATE INDEX revocations_by_creation ON revocations(created_at_ms);
  CREATE TABLE push_subscriptions (
    endpoint text PRIMARY KEY,
    account text NOT NULL REFERENCES accounts(id),
    device_id text,
    subscription text NOT NULL,
    created_at_ms bigint NOT NULL
  );
  CREATE INDEX push_subscriptions_by_account ON push_subscriptions(account);
  `,
  `
  CREATE TABLE alert_rules (
    account text NOT NULL REFERENCES accounts(id),
    channel text NOT NULL,
    rules text NOT NULL,
    updated_at_ms bigint NOT NULL,
    PRIMARY KEY (account, channel)
  );
  CREATE TABLE gateway_settings (
    name text PRIMARY KEY,
    value text NOT NULL
  );
  `,
];
