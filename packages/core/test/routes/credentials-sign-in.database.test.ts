import { type AuthConfig, skipCSRFCheck } from "@auth/core";
import type { Adapter, AdapterUser } from "@auth/core/adapters";
import Credentials from "@auth/core/providers/credentials";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

const ALICE = { email: "alice@example.com", password: "alice-password" };
const SESSION_COOKIE = "authjs.session-token";

/** An app on database sessions (Credentials sign-in is then done by core, not Auth()). */
function databaseApp(overrides: Partial<AuthConfig> = {}, adapter: Adapter = memoryAdapter()) {
  const config: AuthConfig = { ...testConfig(), adapter, session: { strategy: "database" }, ...overrides };
  return createSafeSession({ config, updates: testUpdates(), env: {} });
}

function signInPost(fields: Record<string, string>, headers: Record<string, string> = {}, provider = "credentials") {
  const csrf = csrfPair();
  return new Request(`${ORIGIN}/auth/callback/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: csrf.cookie, ...headers },
    body: new URLSearchParams({ csrfToken: csrf.token, ...fields }),
  });
}

const sessionCookies = (response: Response) =>
  response.headers.getSetCookie().filter((line) => line.startsWith(`${SESSION_COOKIE}=`));

describe("Credentials sign-in with database sessions", () => {
  test("a post without the CSRF token goes back to the sign-in page with MissingCSRF, and no session is created", async () => {
    const { csrfToken: _, ...fields } = Object.fromEntries(new URLSearchParams(await signInPost(ALICE).text()));
    const response = await databaseApp().handler(signInPost({ ...fields, csrfToken: "" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/auth/signin?error=MissingCSRF`);
    expect(sessionCookies(response)).toEqual([]);
  });

  test("the stock client (X-Auth-Return-Redirect) gets the same answer as JSON { url }", async () => {
    const response = await databaseApp().handler(
      signInPost({ ...ALICE, password: "wrong" }, { "x-auth-return-redirect": "1" }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${ORIGIN}/auth/signin?error=CredentialsSignin&code=credentials` });
  });

  test("a successful sign-in of the stock client: JSON { url } with the session cookie", async () => {
    const response = await databaseApp().handler(
      signInPost({ ...ALICE, callbackUrl: "/home" }, { "x-auth-return-redirect": "1" }),
    );
    expect(await response.json()).toEqual({ url: `${ORIGIN}/home` });
    expect(sessionCookies(response)).toHaveLength(1);
  });

  test("with skipCSRFCheck a post without a token signs in", async () => {
    const response = await databaseApp({ skipCSRFCheck }).handler(signInPost({ ...ALICE, csrfToken: "" }));
    expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    expect(sessionCookies(response)).toHaveLength(1);
  });

  test("a signIn callback that returns false: AccessDenied, and no session", async () => {
    const config = testConfig();
    const response = await databaseApp({ callbacks: { ...config.callbacks, signIn: () => false } }).handler(
      signInPost(ALICE),
    );
    expect(response.headers.get("location")).toBe(`${ORIGIN}/auth/signin?error=AccessDenied`);
    expect(sessionCookies(response)).toEqual([]);
  });

  test("a signIn callback that returns a path sends the browser there, on the app's origin", async () => {
    const config = testConfig();
    const app = databaseApp({ callbacks: { ...config.callbacks, signIn: () => "/welcome" } });
    const response = await app.handler(signInPost({ ...ALICE, callbackUrl: `${ORIGIN}/ignored` }));
    expect(response.headers.get("location")).toBe(`${ORIGIN}/welcome`);
    expect(sessionCookies(response)).toHaveLength(1);
  });

  test("the signIn callback sees the provider's own id as the account's provider", async () => {
    const accounts: unknown[] = [];
    const config = testConfig();
    const providers = [
      Credentials({
        id: "staff",
        credentials: { email: {} },
        authorize: () => ({ id: "dave", email: "dave@example.com" }),
      }),
    ];
    const signIn: NonNullable<AuthConfig["callbacks"]>["signIn"] = ({ account }) => {
      accounts.push(account);
      return true;
    };
    const app = databaseApp({ providers, callbacks: { ...config.callbacks, signIn } });
    const response = await app.handler(signInPost({ email: "dave" }, {}, "staff"));
    expect(sessionCookies(response)).toHaveLength(1);
    expect(accounts).toEqual([{ providerAccountId: "dave", type: "credentials", provider: "staff" }]);
  });

  test("a JSON body signs in, with an adapter and no session config (database sessions by default)", async () => {
    const { session: _, ...config } = { ...testConfig(), session: undefined };
    const app = createSafeSession({ config: { ...config, adapter: memoryAdapter() }, updates: testUpdates(), env: {} });
    const csrf = csrfPair();
    const request = new Request(`${ORIGIN}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: csrf.cookie },
      body: JSON.stringify({ csrfToken: csrf.token, ...ALICE }),
    });
    const [line = ""] = sessionCookies(await app.handler(request));
    expect(line).toMatch(/^authjs\.session-token=[0-9a-f-]{36}; /);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Path=\//);
  });

  test("the session row and cookie carry generateSessionToken's token, expiring after maxAge", async () => {
    const before = Date.now();
    const response = await databaseApp({
      session: { strategy: "database", maxAge: 3600, generateSessionToken: () => "row-token-1" },
    }).handler(signInPost(ALICE));
    const [line = ""] = sessionCookies(response);
    expect(line.split(";")[0]).toBe(`${SESSION_COOKIE}=row-token-1`);
    const expires = Date.parse(/Expires=([^;]+)/.exec(line)?.[1] ?? "");
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  test("a user that authorize returns without an email is created with an empty one", async () => {
    const created: AdapterUser[] = [];
    const adapter = memoryAdapter();
    const createUser = adapter.createUser?.bind(adapter);
    adapter.createUser = (user) => {
      created.push(user);
      return createUser?.(user) as AdapterUser;
    };
    const providers = [Credentials({ credentials: { email: {} }, authorize: () => ({ id: "carol", name: "Carol" }) })];
    const response = await databaseApp({ providers }, adapter).handler(signInPost({ email: "carol" }));
    expect(sessionCookies(response)).toHaveLength(1);
    expect(created).toEqual([{ id: "carol", email: "", emailVerified: null, name: "Carol", image: null }]);
  });

  test.each([
    ["by id, whatever its email", { id: "alice", email: "old-alice@example.com" }],
    ["else by email, whatever its id", { id: "u-1001", email: "alice@example.com" }],
  ])("a user the adapter has is found %s and signed in, never created again", async (_, existing) => {
    const adapter = memoryAdapter();
    await adapter.createUser?.({ ...existing, emailVerified: null });
    const created: unknown[] = [];
    const createUser = adapter.createUser?.bind(adapter);
    adapter.createUser = (user) => {
      created.push(user);
      return createUser?.(user) as AdapterUser;
    };
    const [line = ""] = sessionCookies(await databaseApp({}, adapter).handler(signInPost(ALICE)));
    const row = await adapter.getSessionAndUser?.(line.split(";")[0]?.split("=")[1] ?? "");
    expect(row?.user.id).toBe(existing.id);
    expect(created).toEqual([]);
  });

  test("an adapter that fails answers 503 UNAVAILABLE naming the session database, and nobody is signed in", async () => {
    const adapter = memoryAdapter();
    adapter.getUser = () => {
      throw new Error("connection refused");
    };
    const response = await databaseApp({}, adapter).handler(signInPost(ALICE));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session database is unavailable; try again" },
    });
    expect(sessionCookies(response)).toEqual([]);
  });

  test("a config without callbacks, and a Credentials provider written as a plain object, sign in", async () => {
    const { callbacks: _, ...config } = testConfig();
    const plain = {
      id: "plain",
      type: "credentials",
      name: "Plain",
      credentials: { email: {} },
      authorize: () => ({ id: "erin", email: "erin@example.com" }),
    };
    const providers = [plain as unknown as NonNullable<AuthConfig["providers"]>[number]];
    const app = createSafeSession({
      config: { ...config, providers, adapter: memoryAdapter(), session: { strategy: "database" } },
      updates: testUpdates(),
      env: {},
    });
    expect(sessionCookies(await app.handler(signInPost({ email: "erin" }, {}, "plain")))).toHaveLength(1);
  });

  test.each([
    // The key is there (Auth.js's config check looks for keys), its value is not.
    [
      "createSession is undefined",
      (adapter: Adapter) => ({ ...adapter, createSession: undefined }) as unknown as Adapter,
    ],
    [
      "createUser creates no user",
      (adapter: Adapter) => ({ ...adapter, createUser: () => null as unknown as AdapterUser }),
    ],
  ])("an adapter that cannot sign the user in (%s) fails loudly instead of answering a sign-in", async (_, broken) => {
    await expect(databaseApp({}, broken(memoryAdapter())).handler(signInPost(ALICE))).rejects.toThrow(
      "safe-session: the adapter cannot create users and sessions",
    );
  });
});
