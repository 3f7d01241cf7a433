import { join } from "node:path";
import type { Adapter } from "@auth/core/adapters";
import { type Database, KyselyAdapter } from "@auth/kysely-adapter";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrateAuthTables } from "../src/index.js";
import { type PostgresServer, postgresMissing, startPostgres } from "./postgres-server.js";
import { type TestDb, sqliteKysely, tempDir } from "./sqlite.js";

// First: in CI a missing PostgreSQL fails here, before anything is created.
const missing = postgresMissing();

/** The adapter's whole database-session life cycle over the tables `migrateAuthTables` made. */
function adapterOnTables(name: string, connection: () => TestDb): void {
  describe(`${name}: @auth/kysely-adapter on migrateAuthTables`, () => {
    let adapter: Required<Adapter>;
    beforeAll(async () => {
      const db = connection();
      await migrateAuthTables(db);
      await migrateAuthTables(db); // idempotent
      adapter = KyselyAdapter(db as unknown as Kysely<Database>) as Required<Adapter>;
    });

    test("users: app-chosen text ids and adapter UUIDs, by id and by email", async () => {
      await connection()
        .insertInto("User")
        .values({ id: "alice", email: "alice@example.com", name: "Alice" })
        .execute();
      expect(await adapter.getUser("alice")).toMatchObject({ id: "alice", email: "alice@example.com", name: "Alice" });
      const verified = new Date("2024-05-06T07:08:09.000Z");
      const created = await adapter.createUser({
        id: "",
        email: "carol@example.com",
        emailVerified: verified,
        name: "Carol",
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await adapter.getUserByEmail("carol@example.com")).toMatchObject({
        id: created.id,
        emailVerified: verified,
      });
      await expect(adapter.createUser({ id: "", email: "carol@example.com", emailVerified: null })).rejects.toThrow();
    });

    test("sessions: create, read with the user, extend, delete", async () => {
      const expires = new Date(Date.now() + 86_400_000);
      expires.setMilliseconds(0);
      await adapter.createSession({ sessionToken: "token-1", userId: "alice", expires });
      const read = await adapter.getSessionAndUser("token-1");
      expect(read?.session).toMatchObject({ sessionToken: "token-1", userId: "alice", expires });
      expect(read?.user).toMatchObject({ id: "alice", email: "alice@example.com" });
      const later = new Date(expires.getTime() + 3_600_000);
      await adapter.updateSession({ sessionToken: "token-1", expires: later });
      expect((await adapter.getSessionAndUser("token-1"))?.session.expires).toEqual(later);
      await adapter.deleteSession("token-1");
      expect(await adapter.getSessionAndUser("token-1")).toBeNull();
    });

    test("accounts link to a user, once per provider account; deleting the user removes both", async () => {
      const user = await adapter.createUser({ id: "", email: "dave@example.com", emailVerified: null });
      const account = { userId: user.id, type: "oauth", provider: "github", providerAccountId: "42" } as const;
      await adapter.linkAccount(account);
      expect(await adapter.getUserByAccount({ provider: "github", providerAccountId: "42" })).toMatchObject({
        id: user.id,
      });
      await expect(adapter.linkAccount(account)).rejects.toThrow();
      await adapter.createSession({
        sessionToken: "token-dave",
        userId: user.id,
        expires: new Date(Date.now() + 60_000),
      });
      await adapter.deleteUser(user.id);
      expect(await adapter.getUserByAccount({ provider: "github", providerAccountId: "42" })).toBeNull();
      expect(await adapter.getSessionAndUser("token-dave")).toBeNull();
    });

    test("verification tokens are used once", async () => {
      const expires = new Date(Date.now() + 600_000);
      expires.setMilliseconds(0);
      await adapter.createVerificationToken({ identifier: "alice@example.com", token: "vt", expires });
      expect(await adapter.useVerificationToken({ identifier: "alice@example.com", token: "vt" })).toEqual({
        identifier: "alice@example.com",
        token: "vt",
        expires,
      });
      expect(await adapter.useVerificationToken({ identifier: "alice@example.com", token: "vt" })).toBeNull();
    });
  });
}

const files = tempDir();
const sqlite = sqliteKysely(join(files.dir, "auth.db"));
afterAll(async () => {
  await sqlite.destroy();
  files.remove();
});
adapterOnTables("SQLite", () => sqlite);

test("migrateAuthTables refuses a dialect it has no types for", async () => {
  const fake = { getExecutor: () => ({ adapter: {} }) } as unknown as Kysely<unknown>;
  await expect(migrateAuthTables(fake)).rejects.toThrow("supports PostgreSQL and SQLite");
});

if (missing) {
  test.skip(`PostgreSQL Auth.js tables (skipped: ${missing})`, () => {});
} else {
  let server: PostgresServer;
  let postgres: TestDb;
  beforeAll(async () => {
    server = await startPostgres();
    await server.createDatabase("auth");
    postgres = server.kysely("auth");
  }, 60_000);
  afterAll(async () => {
    await postgres?.destroy();
    await server?.stop();
  });
  adapterOnTables("PostgreSQL", () => postgres);
}
