import type { AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { type Database, KyselyAdapter } from "@auth/kysely-adapter";
import { createKyselyStore, migrateAuthTables, migrateSafeSessionStore } from "@safe-session/kysely";
import { createNextSafeSession, defineUpdates } from "@safe-session/next";
import { Kysely, SqliteDialect, sql } from "kysely";
import { z } from "zod";
import { isMember, sqlite, verifyCredentials } from "./db";

// Everything about signing in and the session, top to bottom: the environment, the fields a
// session may change, the Auth.js config, and the binding that serves /api/auth/*.

const env = { ...process.env };
// `next build` imports this module in its workers: no database, no warnings there.
const building = env.NEXT_PHASE === "phase-production-build";

if (!env.AUTH_SECRET) {
  env.AUTH_SECRET = "safe-session-insecure-development-secret-do-not-deploy";
  if (!building) {
    console.warn(
      "\n  ⚠️  AUTH_SECRET is not set: using an insecure development secret.\n" +
        "     Anyone who reads this can forge sessions. Set AUTH_SECRET (e.g. `openssl rand -base64 33`) before deploying.\n",
    );
  }
}

// Auth.js builds its URLs (redirects, /api/auth/providers) from AUTH_URL, or from the request's
// Host and X-Forwarded-Host headers when AUTH_TRUST_HOST is set. With neither, the app answers as
// http://localhost:$PORT, so a forged Host header cannot change them. In production set AUTH_URL
// to the public URL (or AUTH_TRUST_HOST=true behind a proxy that sets those headers itself).
if (!env.AUTH_URL && !env.AUTH_TRUST_HOST) {
  env.AUTH_URL = `http://localhost:${env.PORT ?? 3000}`;
  if (!building)
    console.log(`AUTH_URL is not set: Auth.js uses ${env.AUTH_URL} (set AUTH_URL to the public URL in production)`);
}

/**
 * The session fields the app may change, each with its schema and who may set it. Nothing else
 * in the session can be changed: not the user's id, email, or any field not listed here.
 */
export const updates = defineUpdates({
  // The company the user manages: only one they belong to, checked again every few minutes
  // (SAFE_SESSION_REVALIDATE_SECONDS, default 300) so a removed membership drops out of sessions.
  selectedCompanyId: {
    schema: z.string().min(1).max(64),
    authorize: ({ value, token }) => typeof token.sub === "string" && isMember(token.sub, value),
    revalidate: { everySeconds: Number(env.SAFE_SESSION_REVALIDATE_SECONDS ?? 300) },
  },
  // The user's display name, shown as `session.user.name`: any user may change their own.
  name: {
    schema: z.string().trim().min(1).max(50),
  },
});

/**
 * `SAFE_SESSION_STRATEGY=database`: Auth.js database sessions (the cookie holds only a session
 * id) in the same SQLite file, and safe-session's store there too, so the fields survive restarts.
 */
async function databaseSessions() {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite() }) });
  await migrateAuthTables(db);
  await migrateSafeSessionStore(db);
  // Credentials sign-in creates the session for Auth.js's `User` row with the same id.
  await sql`INSERT OR IGNORE INTO "User" (id, name, email) SELECT id, name, email FROM users`.execute(db);
  return { adapter: KyselyAdapter(db), store: createKyselyStore(db) };
}
const database = env.SAFE_SESSION_STRATEGY === "database" && !building ? await databaseSessions() : undefined;

const config = {
  basePath: "/api/auth",
  pages: { signIn: "/", error: "/" },
  ...(database ? { adapter: database.adapter, session: { strategy: "database" } } : { session: { strategy: "jwt" } }),
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: ({ email, password }) => verifyCredentials(email, password),
    }),
  ],
  callbacks: {
    // `session.user.id` is the user's id (Auth.js keeps it in `token.sub`, or passes `user` with
    // database sessions). Only what the pages read goes out: with database sessions Auth.js hands
    // this callback the stored row, and what it returns is what the browser receives.
    session({ session, token, user }) {
      const {
        sessionToken: _token,
        userId: _userId,
        ...shown
      } = session as typeof session & { sessionToken?: string; userId?: string };
      const id = user?.id ?? token?.sub;
      return id ? { ...shown, user: { ...shown.user, id } } : shown;
    },
  },
} satisfies AuthConfig;

export const {
  handlers,
  auth,
  getToken,
  updateSession,
  signIn,
  signOut,
  proxy: sessionProxy,
} = createNextSafeSession({
  config,
  updates,
  env,
  // The company page's address decides the company for its own request (two tabs, two
  // companies): `authorize` runs on every such request, and a same-origin visit also makes it
  // the session's company. The refusals and the write happen in proxy.ts.
  urlFields: { selectedCompanyId: "/companies/:id/*" },
  // Update attempts per user and minute (SAFE_SESSION_RATE_LIMIT_MAX, default 120).
  rateLimit: { max: Number(env.SAFE_SESSION_RATE_LIMIT_MAX ?? 120), windowSeconds: 60 },
  ...(database ? { store: database.store } : {}),
  // Users signed in on the next-auth v4 app this replaces stay signed in: their v4 cookie is read
  // once and re-issued as an Auth.js cookie; its `companyId` becomes `selectedCompanyId` only if
  // `authorize` above says they are a member. Remove once the v4 cookies' maxAge (30 days by
  // default) has passed since the switch.
  nextAuthV4: { claims: { companyId: "selectedCompanyId" } },
});
