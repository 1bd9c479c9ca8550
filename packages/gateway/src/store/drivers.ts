import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { migrate, SqlStore, type GatewayStore, type Queryable, type SqlDriver } from "./store.js";

/** The embedded database: PostgreSQL compiled to WASM, files in `dataDir` (nothing native to build). */
async function pgliteDriver(dataDir: string | null): Promise<SqlDriver> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(dataDir ?? undefined);
  const wrap = (target: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await target.query<Row>(sql, params)).rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}

/** A PostgreSQL server shared by several gateway processes. */
function postgresDriver(connectionString: string): SqlDriver {
  const pool = new pg.Pool({ connectionString, max: 8 });
  // An idle client losing its server must not crash the gateway; the next query reports the error.
  pool.on("error", () => undefined);
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await target.query(sql, params)).rows as Row[];
    },
    async exec(sql: string) {
      await target.query(sql);
    },
  });
  return {
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface StoreLocation {
  /** `postgres://…` or `postgresql://…` for a shared server; absent for the embedded database. */
  database?: string;
  /** Where the embedded database keeps its files; null keeps it in memory (tests). */
  embeddedDir: string | null;
}

/** Opens the store and brings its schema up to date. */
export async function openStore(location: StoreLocation): Promise<GatewayStore> {
  const database = location.database;
  let driver: SqlDriver;
  if (database !== undefined && database !== "") {
    if (!/^postgres(ql)?:\/\//.test(database))
      throw new Error(`--database must be a postgres:// or postgresql:// URL, got "${database}"`);
    driver = postgresDriver(database);
  } else {
    driver = await pgliteDriver(location.embeddedDir);
  }
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(driver);
}
