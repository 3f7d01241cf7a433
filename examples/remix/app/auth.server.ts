import type { AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { type Database, KyselyAdapter } from "@auth/kysely-adapter";
import { createKyselyStore, migrateAuthTables, migrateSafeSessionStore } from "@safe-session/kysely";
import { createRemixSafeSession, defineUpdates, forwardedClientAddress } from "@safe-session/remix";
import { Kysely, SqliteDialect, sql } from "kysely";
import { z } from "zod";
import { isMember, sqlite, verifyCredentials } from "~/db.server";

// Everything about signing in and the session, top to bottom: the environment, the fields a
// session may change, the Auth.js config, and the binding that serves /auth/*.

const env = { ...process.env };

if (!env.AUTH_SECRET) {
  env.AUTH_SECRET = "safe-session-insecure-development-secret-do-not-deploy";
  console.warn(
    "\n  ⚠️  AUTH_SECRET is not set: using an insecure development secret.\n" +
      "     Anyone who reads this can forge sessions. Set AUTH_SECRET (e.g. `openssl rand -base64 33`) before deploying.\n",
  );
}

// Auth.js builds its URLs (redirects, /auth/providers) from AUTH_URL, or from the request's Host
// and X-Forwarded-Host headers when AUTH_TRUST_HOST is set. With neither, it uses this machine's
// http://localhost:$PORT, so a forged Host header cannot change them. In production, set AUTH_URL
// to the public URL (or AUTH_TRUST_HOST=true behind a proxy that sets the Host header itself).
if (!env.AUTH_URL && !env.AUTH_TRUST_HOST) {
  env.AUTH_URL = `http://localhost:${env.PORT ?? 3000}`;
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
const database = env.SAFE_SESSION_STRATEGY === "database" ? await databaseSessions() : undefined;

const config = {
  basePath: "/auth",
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

// Failed sign-ins are limited per client address too (100 in 15 minutes across accounts). By
// default the address is the connection's, which server.js puts in the load context. Behind a
// proxy every connection is the proxy's: CLIENT_ADDRESS_HEADER names the header the proxy sets
// (`x-forwarded-for`, `x-real-ip`, `cf-connecting-ip`). Without a proxy that sets it, never set
// it: a client writes any address it likes in such a header, a new one per attempt.
const clientAddress = env.CLIENT_ADDRESS_HEADER
  ? forwardedClientAddress({ header: env.CLIENT_ADDRESS_HEADER })
  : undefined;

/** `auth.loader`/`auth.action` serve /auth/*; `auth.signIn`, `updateSession`, … for routes. */
export const auth = createRemixSafeSession({
  config,
  updates,
  env,
  // The company page's address decides the company for its own request (two tabs, two
  // companies): `authorize` runs on every such request, a loader's read refuses a non-member
  // (a 403 Response), and a same-origin visit also makes it the session's company.
  urlFields: { selectedCompanyId: "/companies/:id/*" },
  // Update attempts per user and minute (SAFE_SESSION_RATE_LIMIT_MAX, default 120).
  rateLimit: { max: Number(env.SAFE_SESSION_RATE_LIMIT_MAX ?? 120), windowSeconds: 60 },
  ...(database ? { store: database.store } : {}),
  ...(clientAddress ? { clientAddress } : {}),
});
