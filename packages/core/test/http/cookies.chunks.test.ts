import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie } from "../support/signed-in.js";
import { CHUNK_SIZE, chunkCookies, expiredCookie } from "../../src/http/cookies.js";

const token = async () => (await sessionCookie()).slice(SESSION_COOKIE.length + 1);

/** The token cut into `count` pieces, named as `names` says (default `name.0 … name.n-1`). */
function chunks(
  value: string,
  count: number,
  names = Array.from({ length: count }, (_, i) => `${SESSION_COOKIE}.${i}`),
) {
  const size = Math.ceil(value.length / count);
  return names.map((name, i) => `${name}=${value.slice(i * size, (i + 1) * size)}`);
}

async function readWith(cookie: string) {
  const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie } }));
  const session = (await response.json()) as { user?: { email?: string } } | null;
  // Only the session cookies (Auth.js also sets its CSRF and callback-URL cookies on reads).
  const setCookie = response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE));
  return { email: session?.user?.email ?? null, setCookie };
}

describe("reading a chunked session cookie", () => {
  test("chunks name.0 … name.10 (two-digit indexes) join in numeric order, whatever order they arrive in", async () => {
    const parts = chunks(await token(), 11);
    expect(await readWith(parts.reverse().join("; "))).toMatchObject({ email: "alice@example.com", setCookie: [] });
  });

  test("a missing chunk is no session, and the remaining chunks are expired", async () => {
    const parts = chunks(await token(), 3);
    const { email, setCookie } = await readWith([parts[0], parts[2]].join("; "));
    expect(email).toBeNull();
    expect(setCookie.map((line) => line.split(";")[0]).sort()).toEqual([
      `${SESSION_COOKIE}.0=`,
      `${SESSION_COOKIE}.2=`,
    ]);
  });

  test.each(["x0", "0x", "01", "1000", "-1", "1.0", " 1", ""])(
    "a stray cookie name.%s beside real chunks is no session (malformed)",
    async (index) => {
      const parts = chunks(await token(), 2);
      const { email, setCookie } = await readWith([...parts, `${SESSION_COOKIE}.${index}=junk`].join("; "));
      expect(email).toBeNull();
      expect(setCookie.length).toBeGreaterThan(0);
    },
  );

  test("an index up to 999 is a chunk index: a lone name.999 is a gap, not a stray name", async () => {
    const parts = chunks(await token(), 2);
    expect((await readWith([...parts, `${SESSION_COOKIE}.999=junk`].join("; "))).email).toBeNull();
  });

  test("an emptied (expired) chunk a client kept is skipped: beside a single cookie or after the last chunk", async () => {
    const value = await token();
    expect((await readWith(`${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}.0=; ${SESSION_COOKIE}.1=`)).email).toBe(
      "alice@example.com",
    );
    expect((await readWith([...chunks(value, 2), `${SESSION_COOKIE}.2=`, `${SESSION_COOKIE}=`].join("; "))).email).toBe(
      "alice@example.com",
    );
  });

  test("a single cookie beside live chunks is malformed: two tokens, neither trusted", async () => {
    const value = await token();
    expect((await readWith([`${SESSION_COOKIE}=${value}`, ...chunks(value, 2)].join("; "))).email).toBeNull();
  });

  test("another app's cookie sharing the prefix is ignored", async () => {
    const value = await token();
    expect((await readWith(`${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}x.0=other`)).email).toBe("alice@example.com");
  });
});

describe("chunking", () => {
  test("a token of exactly the chunk size is one cookie; one character more is two chunks", () => {
    const expire = (name: string) => expiredCookie(name, {});
    expect(chunkCookies("s", "x".repeat(CHUNK_SIZE), {}, [], expire).map((c) => c.name)).toEqual(["s"]);
    expect(chunkCookies("s", "x".repeat(CHUNK_SIZE + 1), {}, [], expire).map((c) => c.name)).toEqual(["s.0", "s.1"]);
  });
});
