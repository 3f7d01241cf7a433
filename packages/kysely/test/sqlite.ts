import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";

/** Tests look into any table by name. */
export type TestDb = Kysely<Record<string, Record<string, unknown>>>;

/** A Kysely over an SQLite file, opened as the examples open theirs (WAL, 5 s busy timeout). */
export function sqliteKysely(file: string): TestDb {
  const database = new Database(file, { timeout: 5000 });
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  return new Kysely({ dialect: new SqliteDialect({ database }) });
}

/** A temp folder for database files, removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "safe-session-sqlite-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
