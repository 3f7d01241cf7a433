import type { RateLimitHit, SafeSessionStore } from "@safe-session/core";
import { type Kysely, sql } from "kysely";
import { storedKey } from "./keys.js";

export { migrateAuthTables, migrateSafeSessionStore } from "./migrate.js";

/** Options of `createKyselyStore`. */
export interface KyselyStoreOptions {
  /** The store's table, created by `migrateSafeSessionStore`. Default `"safe_session_store"`. */
  table?: string;
  /**
   * At most this often, a write also deletes up to 1000 expired rows (in the background; a failure
   * there is ignored, the next one retries). `false`: never, clean up yourself. Default 60.
   */
  cleanupEverySeconds?: number | false;
}

interface Row {
  key: string;
  value: string;
  count: number;
  /** Epoch milliseconds. Postgres hands a `bigint` back as a string. */
  expires_at: number | string;
}

const milliseconds = (seconds: number) => Math.max(1, Math.ceil(seconds * 1000));

/**
 * A `SafeSessionStore` in a SQL table, through Kysely: PostgreSQL or SQLite. Every call is one
 * statement, atomic in the database: `hit` and `set` are upserts, `release` and `compareAndSet`
 * are conditional `UPDATE`s (or an `INSERT … ON CONFLICT DO UPDATE … WHERE` expired), so
 * instances sharing the database share counts, revocations and revisions, and they survive a
 * restart of the app. Keys of any length and characters work (see `storedKey`).
 * Expiry uses the app's clock (`Date.now()`): instances must agree on the time, as NTP keeps them.
 *
 * @example
 * import { createSafeSession } from "@safe-session/core";
 * import { createKyselyStore, migrateSafeSessionStore } from "@safe-session/kysely";
 *
 * await migrateSafeSessionStore(db); // once, at deploy: the store's table
 * export const safe = createSafeSession({ config, updates, store: createKyselyStore(db) });
 */
export function createKyselyStore<DB>(database: Kysely<DB>, options: KyselyStoreOptions = {}): SafeSessionStore {
  // Whatever the app's own tables, ours has one known row shape.
  const db = database as unknown as Kysely<Record<string, Row>>;
  if (!db.getExecutor().adapter.supportsReturning) {
    throw new Error("safe-session: createKyselyStore needs PostgreSQL or SQLite (INSERT … ON CONFLICT … RETURNING)");
  }
  const table = options.table ?? "safe_session_store";
  const cleanupMs =
    options.cleanupEverySeconds === false ? Number.POSITIVE_INFINITY : (options.cleanupEverySeconds ?? 60) * 1000;
  // The existing row inside ON CONFLICT DO UPDATE: named by its table in both dialects.
  const old = (column: keyof Row) => sql.ref(`${table}.${column}`);
  let nextCleanup = 0;

  /** Deletes a batch of expired rows without holding up the caller. */
  function cleanup(now: number): void {
    if (now < nextCleanup) return;
    nextCleanup = now + cleanupMs;
    db.deleteFrom(table)
      .where("key", "in", (eb) => eb.selectFrom(table).select("key").where("expires_at", "<=", now).limit(1000))
      .execute()
      .catch(() => {});
  }

  return {
    async hit(name, windowSeconds): Promise<RateLimitHit> {
      const key = storedKey(name);
      const now = Date.now();
      const expired = sql<boolean>`${old("expires_at")} <= ${now}`;
      // A live window counts on; an expired one starts over at 1 with a new end.
      const row = await db
        .insertInto(table)
        .values({ key, value: "", count: 1, expires_at: now + milliseconds(windowSeconds) })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            count: sql`CASE WHEN ${expired} THEN 1 ELSE ${old("count")} + 1 END`,
            value: sql`CASE WHEN ${expired} THEN '' ELSE ${old("value")} END`,
            expires_at: sql`CASE WHEN ${expired} THEN excluded.expires_at ELSE ${old("expires_at")} END`,
          }),
        )
        .returning(["count", "expires_at"])
        .executeTakeFirstOrThrow();
      cleanup(now);
      return { count: Number(row.count), resetAt: Number(row.expires_at) };
    },

    async release(name) {
      // One statement: a live window with attempts left loses one; an ended or missing one,
      // nothing (no row is made). Concurrent releases each take one, none below 0.
      await db
        .updateTable(table)
        .set({ count: sql`${sql.ref("count")} - 1` })
        .where("key", "=", storedKey(name))
        .where("count", ">", 0)
        .where("expires_at", ">", Date.now())
        .execute();
    },

    async get(names) {
      if (names.length === 0) return [];
      const keys = names.map(storedKey);
      const rows = await db
        .selectFrom(table)
        .select(["key", "value"])
        .where("key", "in", [...new Set(keys)])
        .where("expires_at", ">", Date.now())
        .execute();
      const values = new Map(rows.map((row) => [row.key, row.value]));
      return keys.map((key) => values.get(key));
    },

    async set(name, value, ttlSeconds) {
      const key = storedKey(name);
      const now = Date.now();
      await db
        .insertInto(table)
        .values({ key, value, count: 0, expires_at: now + milliseconds(ttlSeconds) })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({ value: sql`excluded.value`, count: 0, expires_at: sql`excluded.expires_at` }),
        )
        .execute();
      cleanup(now);
    },

    async compareAndSet(name, expected, value, ttlSeconds) {
      const key = storedKey(name);
      const now = Date.now();
      const expiresAt = now + milliseconds(ttlSeconds);
      let changed: boolean;
      if (expected === undefined) {
        // Absent, or present but expired (not yet cleaned up): both count as absent. Postgres
        // re-checks the WHERE on the latest row version, so of racing writers exactly one wins.
        const row = await db
          .insertInto(table)
          .values({ key, value, count: 0, expires_at: expiresAt })
          .onConflict((oc) =>
            oc
              .column("key")
              .doUpdateSet({ value: sql`excluded.value`, count: 0, expires_at: sql`excluded.expires_at` })
              .where(old("expires_at"), "<=", now),
          )
          .returning("key")
          .executeTakeFirst();
        changed = row !== undefined;
      } else {
        const result = await db
          .updateTable(table)
          .set({ value, count: 0, expires_at: expiresAt })
          .where("key", "=", key)
          .where("value", "=", expected)
          .where("expires_at", ">", now)
          .executeTakeFirst();
        changed = result.numUpdatedRows === 1n;
      }
      cleanup(now);
      return changed;
    },
  };
}
