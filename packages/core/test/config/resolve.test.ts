import type { AuthConfig } from "@auth/core";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, SECRET, memoryAdapter, testConfig, testUpdates, seedAlice } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie, updateRequest } from "../support/signed-in.js";

// How an Auth.js config resolves, as Auth.js resolves it: the session strategy an adapter
// implies, cookie names and their security, secrets.

const read = (cookie: string, url = `${ORIGIN}/auth/session`) => new Request(url, { headers: { cookie } });

async function withRow(config: AuthConfig) {
  const adapter = memoryAdapter();
  const safe = createSafeSession({ config: { ...config, adapter }, updates: testUpdates(), env: {} });
  await seedAlice(adapter, "row-a");
  return safe;
}

describe("the session strategy", () => {
  test("an adapter without a strategy means database sessions", async () => {
    const safe = await withRow(testConfig());
    expect(await (await safe.handler(read(`${SESSION_COOKIE}=row-a`))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });

  test("an adapter with strategy jwt keeps JWT sessions", async () => {
    const safe = await withRow({ ...testConfig(), session: { strategy: "jwt" } });
    expect(await (await safe.handler(read(`${SESSION_COOKIE}=row-a`))).json()).toBeNull();
    expect(await (await safe.handler(read(await sessionCookie()))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });
});

describe("cookie names", () => {
  test("a custom session cookie name is read and written", async () => {
    const config: AuthConfig = {
      ...testConfig(),
      cookies: { sessionToken: { name: "app-session", options: { sameSite: "strict" } } },
    };
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    const cookie = await sessionCookie(undefined, "app-session");
    expect(await (await safe.handler(read(cookie))).json()).toMatchObject({ user: { email: "alice@example.com" } });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie }));
    const written = response.headers
      .getSetCookie()
      .filter((line) => line.startsWith("app-session=") && !/Max-Age=0/.test(line));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain("SameSite=Strict");
  });

  test("AUTH_URL on https makes cookies secure whatever the request's scheme; NEXTAUTH_URL counts too", async () => {
    for (const name of ["AUTH_URL", "NEXTAUTH_URL"]) {
      const safe = createSafeSession({
        config: testConfig(),
        updates: testUpdates(),
        env: { [name]: "https://app.example/auth" },
      });
      const secureName = `__Secure-${SESSION_COOKIE}`;
      const cookie = await sessionCookie(undefined, secureName);
      expect(await (await safe.handler(read(cookie, "http://app.example/auth/session"))).json()).toMatchObject({
        user: { email: "alice@example.com" },
      });
      expect(
        await (await safe.handler(read(await sessionCookie(), "http://app.example/auth/session"))).json(),
      ).toBeNull();
    }
  });

  test("useSecureCookies: false keeps plain names on https", async () => {
    const safe = createSafeSession({
      config: { ...testConfig(), useSecureCookies: false },
      updates: testUpdates(),
      env: {},
    });
    const response = await safe.handler(read(await sessionCookie(), "https://app.example/auth/session"));
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" } });
  });
});

describe("secrets", () => {
  test("empty entries of a secret list are ignored; the others all decode", async () => {
    const safe = createSafeSession({
      config: { ...testConfig(), secret: ["", "newer-secret-0123456789abcdef", SECRET] },
      updates: testUpdates(),
      env: {},
    });
    expect(await (await safe.handler(read(await sessionCookie()))).json()).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });
});
