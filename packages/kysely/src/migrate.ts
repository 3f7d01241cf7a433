import { type Kysely, PostgresAdapter, SqliteAdapter, sql } from "kysely";

/**
 * Creates the store's table (and its expiry index) if missing. The SQL, both dialects:
 *
 * ```sql
 * CREATE TABLE IF NOT EXISTS "safe_session_store" (
 *   "key" text PRIMARY KEY,
 *   "value" text NOT NULL DEFAULT '',
 *   "count" integer NOT NULL DEFAULT 0,
 *   "expires_at" bigint NOT NULL  -- epoch milliseconds
 * );
 * CREATE INDEX IF NOT EXISTS "safe_session_store_expires_at" ON "safe_session_store" ("expires_at");
 * ```
 */
export async function migrateSafeSessionStore<DB>(db: Kysely<DB>, options: { table?: string } = {}): Promise<void> {
  const table = options.table ?? "safe_session_store";
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema.createIndex(`${table}_expires_at`).ifNotExists().on(table).column("expires_at").execute();
}

/**
 * Creates the tables `@auth/kysely-adapter` reads and writes (`User`, `Account`, `Session`,
 * `VerificationToken`, its documented schema) if missing, on PostgreSQL or SQLite. Ids are `text`,
 * not `uuid`: the adapter makes UUIDs itself, and apps (like the examples) may keep ids of their
 * own. Dates are `timestamptz` on PostgreSQL and ISO-8601 `text` on SQLite, which the adapter
 * converts both ways.
 */
export async function migrateAuthTables<DB>(db: Kysely<DB>): Promise<void> {
  const { adapter } = db.getExecutor();
  const postgres = adapter instanceof PostgresAdapter;
  if (!postgres && !(adapter instanceof SqliteAdapter)) {
    throw new Error("safe-session: migrateAuthTables supports PostgreSQL and SQLite");
  }
  const date = postgres ? "timestamptz" : "text";
  // The adapter inserts sessions and accounts without an id: the database makes one.
  const uuid = postgres ? sql`gen_random_uuid()::text` : sql`(lower(hex(randomblob(16))))`;

  await db.schema
    .createTable("User")
    .ifNotExists()
    .addColumn("id", "text", (col) => col.primaryKey().defaultTo(uuid))
    .addColumn("name", "text")
    .addColumn("email", "text", (col) => col.unique().notNull())
    .addColumn("emailVerified", date)
    .addColumn("image", "text")
    .execute();
  await db.schema
    .createTable("Account")
    .ifNotExists()
    .addColumn("id", "text", (col) => col.primaryKey().defaultTo(uuid))
    .addColumn("userId", "text", (col) => col.references("User.id").onDelete("cascade").notNull())
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("provider", "text", (col) => col.notNull())
    .addColumn("providerAccountId", "text", (col) => col.notNull())
    .addColumn("refresh_token", "text")
    .addColumn("access_token", "text")
    .addColumn("expires_at", "bigint")
    .addColumn("token_type", "text")
    .addColumn("scope", "text")
    .addColumn("id_token", "text")
    .addColumn("session_state", "text")
    .addUniqueConstraint("Account_provider_providerAccountId_key", ["provider", "providerAccountId"])
    .execute();
  await db.schema
    .createTable("Session")
    .ifNotExists()
    .addColumn("id", "text", (col) => col.primaryKey().defaultTo(uuid))
    .addColumn("userId", "text", (col) => col.references("User.id").onDelete("cascade").notNull())
    .addColumn("sessionToken", "text", (col) => col.notNull().unique())
    .addColumn("expires", date, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("VerificationToken")
    .ifNotExists()
    .addColumn("identifier", "text", (col) => col.notNull())
    .addColumn("token", "text", (col) => col.notNull().unique())
    .addColumn("expires", date, (col) => col.notNull())
    .execute();
  await db.schema.createIndex("Account_userId_index").ifNotExists().on("Account").column("userId").execute();
  await db.schema.createIndex("Session_userId_index").ifNotExists().on("Session").column("userId").execute();
}
