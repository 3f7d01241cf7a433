import { createHash } from "node:crypto";
import { join } from "node:path";
import type { SafeSessionStore } from "@safe-session/core";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type StoreTarget, storeContract } from "../../redis/test/contract.js";
import { createKyselyStore, migrateSafeSessionStore } from "../src/index.js";
import { HASHED, MAX_PLAIN_KEY } from "../src/keys.js";
import { type PostgresServer, postgresMissing, startPostgres } from "./postgres-server.js";
import { type TestDb, sqliteKysely, tempDir } from "./sqlite.js";

// First: in CI a missing PostgreSQL fails here, before anything is created.
const missing = postgresMissing();

/** Two connections on one database; a table per opened store, so each test starts empty. */
function sqlTarget(name: string, connections: () => [TestDb, TestDb]): StoreTarget {
  let opened = 0;
  const tables = new WeakMap<SafeSessionStore, string>();
  return {
    name,
    open: async () => {
      const [a] = connections();
      const table = `contract_${++opened}`;
      await migrateSafeSessionStore(a, { table });
      const store = createKyselyStore(a, { table });
      tables.set(store, table);
      return store;
    },
    peer: (store) => createKyselyStore(connections()[1], { table: tables.get(store) as string }),
  };
}

/** What this store adds to the contract, on either database. */
function specifics(name: string, connections: () => [TestDb, TestDb]): void {
  const connection = () => connections()[0];
  describe(`${name} store specifics`, () => {
    test("the default table: rows keyed as asked, expires_at in epoch ms, count for hits", async () => {
      const db = connection();
      await migrateSafeSessionStore(db);
      await migrateSafeSessionStore(db); // idempotent
      const store = createKyselyStore(db);
      const before = Date.now();
      await store.set("rv:user:alice", "1700000000", 2_592_000);
      await store.hit("rl:update:alice", 60);
      expect(await store.compareAndSet("db:0123abcd", undefined, '{"rev":1}', 86_400)).toBe(true);
      const rows = await db.selectFrom("safe_session_store").selectAll().orderBy("key").execute();
      expect(rows.map((r) => [r.key, r.value, Number(r.count)])).toEqual([
        ["db:0123abcd", '{"rev":1}', 0],
        ["rl:update:alice", "", 1],
        ["rv:user:alice", "1700000000", 0],
      ]);
      const expires = Object.fromEntries(rows.map((r) => [r.key, Number(r.expires_at) - before]));
      expect(expires["rv:user:alice"]).toBeGreaterThanOrEqual(2_592_000_000);
      expect(expires["rl:update:alice"]).toBeGreaterThanOrEqual(60_000);
      expect(expires["db:0123abcd"]).toBeLessThanOrEqual(86_400_000 + (Date.now() - before));
    });

    test("a write deletes expired rows in the background; live rows stay", async () => {
      const db = connection();
      await migrateSafeSessionStore(db, { table: "cleanup" });
      const writer = createKyselyStore(db, { table: "cleanup", cleanupEverySeconds: false });
      await writer.set("old", "v", 60);
      await writer.set("live", "v", 60);
      await db
        .updateTable("cleanup")
        .set({ expires_at: Date.now() - 1 })
        .where("key", "=", "old")
        .execute();
      await writer.set("other", "v", 60);
      expect(await db.selectFrom("cleanup").select("key").where("key", "=", "old").execute()).toHaveLength(1);
      await createKyselyStore(db, { table: "cleanup" }).set("trigger", "v", 60);
      await expect
        .poll(async () => (await db.selectFrom("cleanup").select("key").orderBy("key").execute()).map((r) => r.key))
        .toEqual(["live", "other", "trigger"]);
    });

    test("an expired row left behind counts as absent for get and compareAndSet, and restarts hit", async () => {
      const db = connection();
      await migrateSafeSessionStore(db, { table: "leftover" });
      const store = createKyselyStore(db, { table: "leftover", cleanupEverySeconds: false });
      await store.set("st", "stale", 60);
      await store.hit("rl", 60);
      await store.hit("rl", 60);
      await db
        .updateTable("leftover")
        .set({ expires_at: Date.now() - 1 })
        .execute();
      expect(await store.get(["st", "rl"])).toEqual([undefined, undefined]);
      expect(await store.compareAndSet("st", "stale", "x", 60)).toBe(false);
      expect(await store.compareAndSet("st", undefined, "fresh", 60)).toBe(true);
      expect(await store.get(["st"])).toEqual(["fresh"]);
      expect((await store.hit("rl", 60)).count).toBe(1);
    });

    test("release leaves an expired row left behind as it was, and makes no row", async () => {
      const db = connection();
      await migrateSafeSessionStore(db, { table: "release_left" });
      const store = createKyselyStore(db, { table: "release_left", cleanupEverySeconds: false });
      await store.hit("rl", 60);
      await store.hit("rl", 60);
      await db
        .updateTable("release_left")
        .set({ expires_at: Date.now() - 1 })
        .execute();
      await store.release("rl");
      await store.release("absent");
      const rows = await db.selectFrom("release_left").select(["key", "count"]).execute();
      expect(rows.map((r) => [r.key, Number(r.count)])).toEqual([["rl", 2]]);
    });

    test("over-long, NUL and lone-surrogate keys are stored as ~sha256: of their UTF-16; one that looks hashed is hashed too", async () => {
      const db = connection();
      await migrateSafeSessionStore(db, { table: "odd_keys" });
      const store = createKyselyStore(db, { table: "odd_keys" });
      const long = `rl:signin:address:${"x".repeat(MAX_PLAIN_KEY)}`;
      const hashed = (key: string) => HASHED + createHash("sha256").update(key, "utf16le").digest("hex");
      await store.set("x".repeat(MAX_PLAIN_KEY), "plain", 60);
      await store.set(long, "long", 60);
      await store.set("rv:sid:\0", "nul", 60);
      await store.set("rv:sid:\uDFFF", "surrogate", 60);
      // A plain key spelled as the stored form of `long` is hashed in turn: no two keys share a row.
      await store.set(hashed(long), "lookalike", 60);
      const rows = await db.selectFrom("odd_keys").select(["key", "value"]).execute();
      expect(Object.fromEntries(rows.map((r) => [r.value, r.key]))).toEqual({
        plain: "x".repeat(MAX_PLAIN_KEY),
        long: hashed(long),
        nul: hashed("rv:sid:\0"),
        surrogate: hashed("rv:sid:\uDFFF"),
        lookalike: hashed(hashed(long)),
      });
      expect(await store.get([long, hashed(long)])).toEqual(["long", "lookalike"]);
    });

    test("25 concurrent compareAndSet over an expired row, on two connections: exactly one wins", async () => {
      const [a, b] = connections();
      await migrateSafeSessionStore(a, { table: "expired_race" });
      const stores = [a, b].map((db) => createKyselyStore(db, { table: "expired_race", cleanupEverySeconds: false }));
      await stores[0]?.set("st", "old", 60);
      await a
        .updateTable("expired_race")
        .set({ expires_at: Date.now() - 1 })
        .execute();
      const wins = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          (stores[i % 2] as SafeSessionStore).compareAndSet("st", undefined, `v${i}`, 60),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await stores[1]?.get(["st"])).toEqual([`v${wins.indexOf(true)}`]);
    });

    test("get asks for a key twice: both places answer", async () => {
      const db = connection();
      await migrateSafeSessionStore(db, { table: "twice" });
      const store = createKyselyStore(db, { table: "twice" });
      await store.set("k", "v", 60);
      expect(await store.get(["k", "absent", "k"])).toEqual(["v", undefined, "v"]);
    });

    test("a table that does not exist is a rejection (core answers 503), not a silent miss", async () => {
      const store = createKyselyStore(connection(), { table: "not_migrated" });
      await expect(store.get(["k"])).rejects.toThrow(/not_migrated/);
      await expect(store.hit("k", 60)).rejects.toThrow(/not_migrated/);
    });
  });
}

// SQLite: one file, two connections (another app process on the same file).
const files = tempDir();
const sqlite = [sqliteKysely(join(files.dir, "store.db")), sqliteKysely(join(files.dir, "store.db"))] as [
  TestDb,
  TestDb,
];
afterAll(async () => {
  await Promise.all(sqlite.map((db) => db.destroy()));
  files.remove();
});
storeContract(sqlTarget("SQLite", () => sqlite));
specifics("SQLite", () => sqlite);

if (missing) {
  test.skip(`PostgreSQL store contract (skipped: ${missing})`, () => {});
} else {
  let server: PostgresServer;
  let postgres: [TestDb, TestDb];
  beforeAll(async () => {
    server = await startPostgres();
    await server.createDatabase("store");
    postgres = [server.kysely("store"), server.kysely("store")];
  }, 60_000);
  afterAll(async () => {
    await Promise.all((postgres ?? []).map((db) => db.destroy()));
    await server?.stop();
  });
  storeContract(sqlTarget("PostgreSQL", () => postgres));
  specifics("PostgreSQL", () => postgres);
}

test("MySQL and other dialects without RETURNING are refused with a clear message", () => {
  const fake = { getExecutor: () => ({ adapter: { supportsReturning: false } }) } as unknown as Kysely<unknown>;
  expect(() => createKyselyStore(fake)).toThrow("needs PostgreSQL or SQLite");
});
