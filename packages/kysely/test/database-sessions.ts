import type { AuthConfig } from "@auth/core";
import { type Database, KyselyAdapter } from "@auth/kysely-adapter";
import type { Harness } from "@safe-session/conformance";
import type { Kysely } from "kysely";
import { coreHarness, createTestSession, testConfig } from "../../core/test/support/fixture.js";
import { createKyselyStore, migrateAuthTables, migrateSafeSessionStore } from "../src/index.js";

/** Auth.js's tables and the store's, and the contract's users as `User` rows with their own ids. */
export async function prepare<DB>(db: Kysely<DB>): Promise<void> {
  await migrateAuthTables(db);
  await migrateSafeSessionStore(db);
  for (const [id, name] of [
    ["alice", "Alice"],
    ["bob", "Bob"],
  ]) {
    await createUser(db, id as string, `${id}@example.com`, name as string);
  }
}

async function createUser<DB>(db: Kysely<DB>, id: string, email: string, name: string | null): Promise<void> {
  await (db as unknown as Kysely<Database>)
    .insertInto("User")
    .values({ id, email, name, emailVerified: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Core's test config with database sessions through `@auth/kysely-adapter` over `db`. */
export function databaseConfig<DB>(db: Kysely<DB>): AuthConfig {
  return {
    ...testConfig(),
    adapter: KyselyAdapter(db as unknown as Kysely<Database>),
    session: { strategy: "database" },
  };
}

/** One app instance on `db`: database sessions, the Kysely store. */
export function databaseSession<DB>(db: Kysely<DB>) {
  return createTestSession({ config: databaseConfig(db), store: createKyselyStore(db) });
}

/** Core's conformance harness with database sessions: adapter and store both in `db`. */
export function databaseHarness<DB>(db: Kysely<DB>): Harness {
  const config = databaseConfig(db);
  return {
    ...coreHarness({ config, store: createKyselyStore(db) }),
    strategy: "database",
    // A user the app has never seen, signed in: a User row with this id and a Session row.
    async createSession(userId) {
      await createUser(db, userId, `${userId}@synthetic.test`, "Synthetic");
      const sessionToken = crypto.randomUUID();
      await config.adapter?.createSession?.({ sessionToken, userId, expires: new Date(Date.now() + 3_600_000) });
      return sessionToken;
    },
  };
}
