import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "./fixture.js";
import { CSRF_COOKIE, csrfPair, sessionCookie } from "./signed-in.js";

const hashOf = (token: string) => createHash("sha256").update(`${token}${SECRET}`).digest("hex");

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
