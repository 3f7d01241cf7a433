import { createHash } from "node:crypto";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "../support/fixture.js";
import { CSRF_COOKIE, csrfPair, sessionCookie } from "../support/signed-in.js";

const hashOf = (token: string, secret = SECRET) => createHash("sha256").update(`${token}${secret}`).digest("hex");

async function issued(safe = createTestSession(), url = `${ORIGIN}/auth/csrf`) {
  const response = await safe.handler(new Request(url));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const line = response.headers.getSetCookie().find((l) => l.includes(`${CSRF_COOKIE}=`)) ?? "";
  return { csrfToken, cookieValue: decodeURIComponent(line.split(";")[0]?.split("=")[1] ?? "") };
}

describe("issued CSRF tokens", () => {
  test("are 32 random bytes as 64 hex characters, different each time, with Auth.js's cookie `token|sha256(token + secret)`", async () => {
    const safe = createTestSession();
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { csrfToken, cookieValue } = await issued(safe);
      expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
      expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken)}`);
      seen.add(csrfToken);
    }
    expect(seen.size).toBe(40);
  });

  test("with rotated secrets the cookie is hashed with the secrets joined by commas, as Auth.js does", async () => {
    const { testConfig, testUpdates } = await import("../support/fixture.js");
    const { createSafeSession } = await import("../../src/index.js");
    const secrets = ["new-secret-0123456789abcdef0123", SECRET];
    const safe = createSafeSession({ config: testConfig(secrets), updates: testUpdates(), env: {} });
    const { csrfToken, cookieValue } = await issued(safe);
    expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken, secrets.join(","))}`);
  });
});

describe("where node:crypto is not available (edge runtimes)", () => {
  const original = process.getBuiltinModule;
  afterEach(() => {
    process.getBuiltinModule = original;
    vi.resetModules();
  });

  test("the hash comes from WebCrypto and is the same: issued cookies verify and an update passes", async () => {
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    vi.resetModules();
    const fixture = await import("../support/fixture.js");
    const { updateRequest } = await import("../support/signed-in.js");
    const safe = fixture.createTestSession();
    const { csrfToken, cookieValue } = await issued(safe);
    expect(cookieValue).toBe(`${csrfToken}|${hashOf(csrfToken)}`);
    // A pair issued elsewhere (node:crypto) verifies here.
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(200);
  });
});

async function update(csrfCookieValue: string, csrfToken: string) {
  return new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      cookie: `${await sessionCookie()}; ${CSRF_COOKIE}=${encodeURIComponent(csrfCookieValue)}`,
    },
    body: JSON.stringify({ csrfToken, data: { selectedCompanyId: "acme" } }),
  });
}

describe("the CSRF cookie", () => {
  test("a genuine pair passes", async () => {
    const safe = createTestSession();
    const { token } = csrfPair();
    expect((await safe.handler(await update(`${token}|${hashOf(token)}`, token))).status).toBe(200);
  });

  test("an empty token with its genuine hash (`|sha256(secret)`) is refused, even with an empty body token", async () => {
    const safe = createTestSession();
    const response = await safe.handler(await update(`|${hashOf("")}`, ""));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "CSRF" } });
  });

  test("GET csrf never hands out an empty token: it issues a fresh cookie instead", async () => {
    const safe = createTestSession();
    const response = await safe.handler(
      new Request(`${ORIGIN}/auth/csrf`, {
        headers: { cookie: `${CSRF_COOKIE}=${encodeURIComponent(`|${hashOf("")}`)}` },
      }),
    );
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const set = response.headers.getSetCookie().filter((line) => line.startsWith(CSRF_COOKIE));
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(new RegExp(`^${CSRF_COOKIE}=${csrfToken}%7C${hashOf(csrfToken)};`));
  });

  test("GET csrf keeps a genuine cookie's token and sets no new CSRF cookie", async () => {
    const safe = createTestSession();
    const { token, cookie } = csrfPair();
    const response = await safe.handler(new Request(`${ORIGIN}/auth/csrf`, { headers: { cookie } }));
    expect(await response.json()).toEqual({ csrfToken: token });
    expect(response.headers.getSetCookie().filter((line) => line.startsWith(CSRF_COOKIE))).toEqual([]);
  });

  test.each([
    ["no bar", () => csrfPair().token],
    ["a hash for another token", () => `${"d".repeat(64)}|${hashOf("e".repeat(64))}`],
    ["a hash one character short", () => `${"d".repeat(64)}|${hashOf("d".repeat(64)).slice(0, -1)}`],
    ["a hash with one character more", () => `${"d".repeat(64)}|${hashOf("d".repeat(64))}0`],
  ])("a forged cookie (%s) is refused", async (_, value) => {
    const safe = createTestSession();
    const response = await safe.handler(await update(value(), "d".repeat(64)));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "CSRF" } });
  });
});
