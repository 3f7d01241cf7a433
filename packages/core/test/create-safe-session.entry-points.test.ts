import GitHub from "@auth/core/providers/github";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../src/index.js";
import { ORIGIN, RecordingStore, testConfig, testUpdates } from "./support/fixture.js";
import { SESSION_COOKIE, sessionCookie } from "./support/signed-in.js";

// The entry points of `createSafeSession`'s instance that the bindings build on (README, "The core
// API"): what each returns and what each leaves alone.

const page = (cookie?: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/page`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });

describe("readSession", () => {
  test("gives the session, the Set-Cookie headers and the cookies of a read that refreshes the token", async () => {
    const safe = createSafeSession({
      config: { ...testConfig(), session: { strategy: "jwt", updateAge: 0 } },
      updates: testUpdates(),
      env: {},
    });
    const { session, headers, cookies } = await safe.readSession(page(await sessionCookie()));
    expect(session?.user?.email).toBe("alice@example.com");
    expect(cookies.some((cookie) => cookie.name === SESSION_COOKIE && cookie.value.length > 0)).toBe(true);
    expect(headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
  });

  test("without a session: null and no cookies", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const { session, headers, cookies } = await safe.readSession(page());
    expect(session).toBeNull();
    expect(cookies).toEqual([]);
    expect(headers.getSetCookie()).toEqual([]);
  });
});

describe("revokeSession", () => {
  test("a request without a session revokes nothing: the store is not written", async () => {
    const store = new RecordingStore();
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {}, store });
    await safe.revokeSession(page());
    expect(store.writes).toEqual([]);
    await safe.revokeSession(page(await sessionCookie({ sub: "alice", email: "alice@example.com", sid: "to-revoke" })));
    expect(store.writes).toHaveLength(1);
  });
});

describe("signIn and signOut from server code", () => {
  test("signIn with an OAuth provider answers with a redirect to the provider's authorization URL", async () => {
    const config = { ...testConfig(), providers: [GitHub({ clientId: "client-id", clientSecret: "client-secret" })] };
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    const response = await safe.signIn(page(undefined, { origin: ORIGIN }), "github", {}, { redirectTo: "/dashboard" });
    const location = new URL(response.headers.get("location") ?? "", ORIGIN);
    expect(location.origin).toBe("https://github.com");
    expect(location.searchParams.get("client_id")).toBe("client-id");
    expect(location.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/callback/github`);
  });

  test("a sign-in or sign-out another site sent is refused, naming what it tried", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const crossSite = page(await sessionCookie(), { origin: "https://evil.example" });
    await expect(
      safe.signIn(crossSite, "credentials", { email: "alice@example.com", password: "alice-password" }),
    ).rejects.toMatchObject({
      code: "CSRF",
      message: "Cross-origin requests cannot sign in",
    });
    await expect(safe.signOut(crossSite)).rejects.toMatchObject({
      code: "CSRF",
      message: "Cross-origin requests cannot sign out",
    });
  });

  test("signOut's redirectTo is where the browser goes, kept on the app's origin", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const signOut = (redirectTo?: string) =>
      safe.signOut(page(undefined, { origin: ORIGIN }), redirectTo === undefined ? {} : { redirectTo });
    expect((await signOut("/goodbye")).headers.get("location")).toBe(`${ORIGIN}/goodbye`);
    expect((await signOut("https://evil.example/phish")).headers.get("location")).toBe(`${ORIGIN}/`);
    expect((await signOut()).headers.get("location")).toBe(ORIGIN);
  });
});
