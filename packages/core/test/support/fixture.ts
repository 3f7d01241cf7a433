import type { AuthConfig } from "@auth/core";
import type { Adapter, AdapterSession, AdapterUser } from "@auth/core/adapters";
import Credentials from "@auth/core/providers/credentials";
import { CONTRACT_COMPANIES, CONTRACT_USERS, type Harness } from "@safe-session/conformance";
import { z } from "zod";
import {
  MemoryStore,
  SafeSessionError,
  type SafeSessionStore,
  createSafeSession,
  defineUpdates,
  type SafeSessionOptions,
} from "../../src/index.js";

export const ORIGIN = "http://localhost:3000";
export const SECRET = "core-test-secret-0123456789abcdef";

/** The contract's users and memberships, in memory. */
export function memoryMemberships() {
  const members = new Set(["alice:acme", "alice:globex", "bob:initech"]);
  return {
    has: (userId: string, companyId: string) => members.has(`${userId}:${companyId}`),
    revoke: (userId: string, companyId: string) => void members.delete(`${userId}:${companyId}`),
    grant: (userId: string, companyId: string) => void members.add(`${userId}:${companyId}`),
  };
}

export const THROWING_COMPANY = "explode";

export function testUpdates(memberships = memoryMemberships(), everySeconds = 0) {
  return defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => {
        if (value === THROWING_COMPANY) throw new Error(`database down; password=${SECRET}`);
        return memberships.has(token.sub as string, value);
      },
      revalidate: { everySeconds },
    },
    name: { schema: z.string().trim().min(1).max(50) },
  });
}

export function testConfig(secret: string | string[] = SECRET): AuthConfig {
  const accounts = Object.values(CONTRACT_USERS);
  return {
    secret,
    trustHost: true,
    basePath: "/auth",
    logger: { error: () => {}, warn: () => {} },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) => {
          const account = accounts.find((a) => a.email === email && a.password === password);
          return account
            ? { id: account.id, email: account.email, name: account.id === "alice" ? "Alice" : "Bob" }
            : null;
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      // Database sessions pass `user` and no `token`, as Auth.js does.
      session: ({ session, token, user }) => {
        const id = token?.sub ?? user?.id;
        if (id) session.user.id = id;
        return session;
      },
    },
  };
}

type Options = Partial<SafeSessionOptions<ReturnType<typeof testUpdates>>>;

export function createTestSession(options: Options = {}, memberships = memoryMemberships()) {
  return createSafeSession({ config: testConfig(), updates: testUpdates(memberships), env: {}, ...options });
}

/** The core's own conformance harness: `handler` in-process, as every binding wraps it. */
export function coreHarness(options: Options & { secrets?: string[]; legacyQueryKey?: string } = {}): Harness {
  const memberships = memoryMemberships();
  const { secrets = [SECRET], legacyQueryKey, ...rest } = options;
  // The suite's own traffic for the member fits under this; the rate-limit scenario spends it with a user of its own.
  const rateLimitMax = 1000;
  const safe = createTestSession(
    {
      config: testConfig(secrets),
      rateLimit: { max: rateLimitMax, windowSeconds: 60 },
      urlFields: { selectedCompanyId: "/companies/:id/*" },
      ...(legacyQueryKey ? { legacyQueryUpdates: { [legacyQueryKey]: "selectedCompanyId" } } : {}),
      ...rest,
    },
    memberships,
  );
  return {
    fetch: (request) =>
      new URL(request.url).pathname.startsWith("/companies/") ? companyPage(safe, request) : safe.handler(request),
    origin: ORIGIN,
    basePath: "/auth",
    urlField: { page: "/companies/:value", shows: { acme: "Managing acme", globex: "Managing globex" } },
    secrets,
    users: CONTRACT_USERS,
    companies: CONTRACT_COMPANIES,
    nameField: true,
    legacyQueryKey: legacyQueryKey ?? false,
    revokeMembership: memberships.revoke,
    revokeUser: (userId) => safe.revokeUser(userId),
    grantMembership: memberships.grant,
    revalidateSeconds: 0,
    throwingCompany: THROWING_COMPANY,
    rateLimitMax,
  };
}

/** An Auth.js adapter in memory: enough for database sessions in-process (the SQL one is in @safe-session/kysely). */
/** Alice as a user of the adapter and, given a session token, a session row of hers (an hour long). */
export async function seedAlice(adapter: Adapter, sessionToken?: string): Promise<void> {
  await adapter.createUser?.({
    id: "alice",
    email: "alice@example.com",
    emailVerified: null,
    name: "Alice",
    image: null,
  });
  if (sessionToken)
    await adapter.createSession?.({ sessionToken, userId: "alice", expires: new Date(Date.now() + 3600_000) });
}

export function memoryAdapter(): Adapter {
  const users = new Map<string, AdapterUser>();
  const sessions = new Map<string, AdapterSession>();
  return {
    createUser(user) {
      users.set(user.id, user);
      return user;
    },
    getUser: (id) => users.get(id) ?? null,
    getUserByEmail: (email) => [...users.values()].find((u) => u.email === email) ?? null,
    // Auth.js requires these for database sessions; Credentials sign-in never links accounts.
    getUserByAccount: () => null,
    updateUser: (user) => ({ ...(users.get(user.id) as AdapterUser), ...user }),
    linkAccount: () => undefined,
    createSession(session) {
      sessions.set(session.sessionToken, session);
      return session;
    },
    getSessionAndUser(sessionToken) {
      const session = sessions.get(sessionToken);
      const user = session && users.get(session.userId);
      return session && user ? { session: { ...session }, user } : null;
    },
    updateSession(update) {
      const session = sessions.get(update.sessionToken);
      if (!session) return null;
      const next = { ...session, ...update };
      sessions.set(update.sessionToken, next);
      return next;
    },
    deleteSession(sessionToken) {
      sessions.delete(sessionToken);
      return null;
    },
  };
}

/** The core's conformance harness with database sessions on an adapter. */
export function databaseHarness(
  adapter: Adapter = memoryAdapter(),
  store: SafeSessionStore = new MemoryStore(),
): Harness {
  const harness = coreHarness({ config: { ...testConfig(), adapter, session: { strategy: "database" } }, store });
  return {
    ...harness,
    strategy: "database",
    async createSession(userId) {
      await adapter.createUser?.({
        id: userId,
        email: `${userId}@synthetic.test`,
        emailVerified: null,
        name: null,
        image: null,
      });
      const sessionToken = crypto.randomUUID();
      await adapter.createSession?.({ sessionToken, userId, expires: new Date(Date.now() + 3600_000) });
      return sessionToken;
    },
  };
}

/** A `MemoryStore` that records every write (key and TTL), for tests of what is stored and how long. */
/** A store whose every call fails, as one that is down. */
export function downStore(): SafeSessionStore {
  const down = () => Promise.reject(new Error("store down"));
  return { hit: down, release: down, get: down, set: down, compareAndSet: down };
}

export class RecordingStore extends MemoryStore {
  readonly writes: { key: string; ttl: number }[] = [];

  override set(key: string, value: string, ttl: number) {
    this.writes.push({ key, ttl });
    return super.set(key, value, ttl);
  }
}

/** The app's `/companies/:id` page over core alone: the session as the URL decides it, a refusal as 403. */
async function companyPage(safe: ReturnType<typeof createTestSession>, request: Request): Promise<Response> {
  try {
    const { session, headers } = await safe.readSession(request);
    if (session === null) return new Response(null, { status: 302, headers: { location: "/" } });
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(`<h1>Managing ${session.selectedCompanyId}</h1>`, { headers });
  } catch (error) {
    if (error instanceof SafeSessionError) return new Response(error.message, { status: error.status });
    throw error;
  }
}
