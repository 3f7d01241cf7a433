import { join } from "node:path";
import { runConformance } from "@safe-session/conformance";
import { test } from "vitest";
import { databaseHarness, prepare } from "./database-sessions.js";
import { type PostgresServer, postgresMissing, startPostgres } from "./postgres-server.js";
import { type TestDb, sqliteKysely, tempDir } from "./sqlite.js";

// The whole suite against core with database sessions: @auth/kysely-adapter and the Kysely store
// in one real database. Token-only scenarios skip themselves (harness `strategy: "database"`).
{
  let files: ReturnType<typeof tempDir> | undefined;
  let db: TestDb | undefined;
  runConformance({
    name: "core (database, sqlite)",
    async setup() {
      files = tempDir();
      db = sqliteKysely(join(files.dir, "app.db"));
      await prepare(db);
      return databaseHarness(db);
    },
    async teardown() {
      await db?.destroy();
      files?.remove();
    },
  });
}

const missing = postgresMissing();
if (missing) {
  test.skip(`core (database, postgres) conformance (skipped: ${missing})`, () => {});
} else {
  let server: PostgresServer | undefined;
  let db: TestDb | undefined;
  runConformance({
    name: "core (database, postgres)",
    async setup() {
      server = await startPostgres();
      await server.createDatabase("app");
      db = server.kysely("app");
      await prepare(db);
      return databaseHarness(db);
    },
    async teardown() {
      await db?.destroy();
      await server?.stop();
    },
  });
}
