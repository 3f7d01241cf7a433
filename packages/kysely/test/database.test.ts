import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyCookies, request, signIn } from "../../redis/test/session.js";
import { createKyselyStore } from "../src/index.js";
import { databaseSession, prepare } from "./database-sessions.js";
import { type PostgresServer, postgresMissing, startPostgres } from "./postgres-server.js";
import { type TestDb, sqliteKysely, tempDir } from "./sqlite.js";

// First: in CI a missing PostgreSQL fails here, before anything is created.
const missing = postgresMissing();

const sessionToken = (cookie: string) => /(?:^|; )authjs\.session-token=([^;]*)/.exec(cookie)?.[1] ?? "";
const fieldsKey = (cookie: string) => `db:${createHash("sha256").update(sessionToken(cookie)).digest("hex")}`;

/**
 * Issue #8 on a real database: accepted fields persist with the session, survive a restart (a new
 * connection and a new `createSafeSession`), and signing out removes them.
 */
function lifecycle(name: string, open: () => Promise<TestDb>): void {
  describe(`${name}: database sessions across a restart`, () => {
    test("an accepted field survives a restart; sign-out deletes the session and its fields", async () => {
      let db = await open();
      await prepare(db);
      const before = databaseSession(db);
      const { cookie } = await signIn(before);
      expect(sessionToken(cookie)).toMatch(/^[0-9a-f-]{36}$/); // an opaque id, not a JWE
      const { session } = await before.updateSession(request(cookie), { selectedCompanyId: "globex" });
      expect(session).toMatchObject({ selectedCompanyId: "globex", user: { id: "alice" } });

      // Stored under the hash of the session token, with the session's expiry.
      const [row] = await db
        .selectFrom("safe_session_store")
        .selectAll()
        .where("key", "=", fieldsKey(cookie))
        .execute();
      expect(JSON.parse(String(row?.value))).toMatchObject({ fields: { selectedCompanyId: "globex" } });
      const [stored] = await db
        .selectFrom("Session")
        .select("expires")
        .where("sessionToken", "=", sessionToken(cookie))
        .execute();
      expect(Math.abs(Number(row?.expires_at) - new Date(stored?.expires as string | Date).valueOf())).toBeLessThan(
        2000,
      );
      expect(String(row?.value)).not.toContain(sessionToken(cookie));

      // Restart: every connection closed, a new app instance on the same database.
      await db.destroy();
      db = await open();
      const after = databaseSession(db);
      expect(await after.getSession(request(cookie))).toMatchObject({
        selectedCompanyId: "globex",
        user: { id: "alice" },
      });
      // The same rules apply after the restart: not a member of initech.
      await expect(after.updateSession(request(cookie), { selectedCompanyId: "initech" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });

      const csrf = await after.handler(request(cookie, "/auth/csrf"));
      const csrfCookie = applyCookies(cookie, csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const signedOut = await after.handler(
        request(csrfCookie, "/auth/signout", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken }),
        }),
      );
      expect(signedOut.status).toBe(302);
      expect(
        await db.selectFrom("Session").select("id").where("sessionToken", "=", sessionToken(cookie)).execute(),
      ).toEqual([]);
      // Emptied at once (core writes "" with a 1 s expiry), so no read finds the fields again.
      const [left] = await createKyselyStore(db).get([fieldsKey(cookie)]);
      expect(["", undefined]).toContain(left);
      expect(await after.getSession(request(cookie))).toBeNull();
      // A new sign-in starts without the old fields.
      const again = await signIn(after);
      expect((await after.getSession(request(again.cookie)))?.selectedCompanyId).toBeUndefined();
      await db.destroy();
    });
  });
}

const files = tempDir();
afterAll(() => files.remove());
lifecycle("SQLite", async () => sqliteKysely(join(files.dir, "app.db")));

if (missing) {
  test.skip(`PostgreSQL database sessions (skipped: ${missing})`, () => {});
} else {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
    await server.createDatabase("app");
  }, 60_000);
  afterAll(() => server?.stop());
  lifecycle("PostgreSQL", async () => server.kysely("app"));
}
