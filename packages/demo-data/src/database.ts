import type { Adapter } from "@auth/core/adapters";
import { type Database, KyselyAdapter } from "@auth/kysely-adapter";
import type { SafeSessionStore } from "@safe-session/core";
import { createKyselyStore, migrateAuthTables, migrateSafeSessionStore } from "@safe-session/kysely";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { DEMO_USERS } from "./index.js";

/**
 * Database sessions for the examples (`SAFE_SESSION_STRATEGY=database`): Auth.js's tables and the
 * safe-session store in the demo's own SQLite file, through Kysely, and the demo users as Auth.js
 * `User` rows with the same ids (Credentials sign-in creates sessions for them).
 */
export function demoDatabaseSessions(file: string): { adapter: Adapter; store: SafeSessionStore } {
  const sqlite = new SQLite(file, { timeout: 5000 });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const ready = (async () => {
    await migrateAuthTables(db);
    await migrateSafeSessionStore(db);
    const users = DEMO_USERS.map(({ id, email, name }) => ({ id, email, name, emailVerified: null }));
    await db
      .insertInto("User")
      .values(users)
      .onConflict((oc) => oc.doNothing())
      .execute();
  })();
  ready.catch((error: unknown) => console.error("demo database: migrating failed", error));
  return { adapter: afterMigrations(KyselyAdapter(db), ready), store: afterMigrations(createKyselyStore(db), ready) };
}

/**
 * Every method first waits for the migrations. An app would run them before it starts serving;
 * the examples build their auth at module scope, synchronously, so the wait moves in here.
 */
function afterMigrations<T extends object>(target: T, ready: Promise<void>): T {
  const gated: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    gated[name] =
      typeof value === "function"
        ? async (...args: unknown[]) => {
            await ready;
            return value.apply(target, args);
          }
        : value;
  }
  return gated as T;
}
