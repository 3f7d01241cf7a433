import { describe, expect, test } from "vitest";
import { SafeSessionError, createSafeSession } from "../../src/index.js";
import { createTestSession, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair, sessionCookie } from "../support/signed-in.js";

// With AUTH_URL set, Auth() sees every request on AUTH_URL's origin (as next-auth does), so a
// request the framework built from an internal address or a forged Host makes no URL of it.
const AUTH_URL = "http://app.example/auth";
const INTERNAL = "http://10.0.0.7:3000";

function signInAt(origin: string) {
  const csrf = csrfPair();
  return new Request(`${origin}/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://app.example",
      cookie: csrf.cookie,
      "x-forwarded-for": "198.51.100.1",
    },
    body: new URLSearchParams({ csrfToken: csrf.token, email: "alice@example.com", password: "alice-password" }),
  });
}

describe("with AUTH_URL set", () => {
  test("a sign-in that reached the app on an internal address redirects on AUTH_URL's origin", async () => {
    const response = await createTestSession({ env: { AUTH_URL } }).handler(signInAt(INTERNAL));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://app.example");
  });

  test("clientAddress is given the request the app received, not the one moved onto AUTH_URL", async () => {
    const seen: string[] = [];
    const safe = createTestSession({
      env: { AUTH_URL },
      clientAddress: (request) => {
        seen.push(request.url);
        return "198.51.100.1";
      },
    });
    await safe.handler(signInAt(INTERNAL));
    expect(seen).toEqual([`${INTERNAL}/auth/callback/credentials`]);
  });
});

describe("the config's environment, read once per config", () => {
  test("AUTH_URL with a path beside the config's basePath: Auth.js's redundant-basePath warning stays off, as next-auth keeps it", async () => {
    const warnings: string[] = [];
    const config = testConfig();
    const safe = createSafeSession({
      config: { ...config, logger: { ...config.logger, warn: (code) => warnings.push(code) } },
      updates: testUpdates(),
      env: { AUTH_URL },
    });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com" });
    expect(await safe.getSession(new Request(`${AUTH_URL}/session`, { headers: { cookie } }))).toMatchObject({
      user: { email: "alice@example.com" },
    });
    expect(warnings).toEqual([]);
  });

  test("trustHost: false: a forwarded host is not the app's origin, so an update whose Origin is only that host is cross-site", async () => {
    const safe = createSafeSession({ config: { ...testConfig(), trustHost: false }, updates: testUpdates(), env: {} });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com" });
    const fromProxy = (origin: string) =>
      new Request(`${INTERNAL}/settings`, {
        method: "POST",
        headers: { cookie, origin, "x-forwarded-host": "app.example", "x-forwarded-proto": "http" },
      });
    const refused = await safe
      .updateSession(fromProxy("http://app.example"), { name: "Al" })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafeSessionError);
    expect((refused as SafeSessionError).code).toBe("CSRF");
    expect((await safe.updateSession(fromProxy(INTERNAL), { name: "Al" })).session).toMatchObject({
      user: { name: "Al" },
    });
  });
});
