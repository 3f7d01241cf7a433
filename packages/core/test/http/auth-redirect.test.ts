import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { authRedirect } from "../../src/http/auth-redirect.js";

const SESSION = "authjs.session-token=abc; Path=/; HttpOnly; SameSite=Lax";
// The comma inside Expires is no cookie boundary.
const CLEARED = "authjs.csrf-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly";

function redirect(location: string | null, status = 302, cookies = [SESSION, CLEARED]): Response {
  const headers = new Headers(location === null ? {} : { location });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status, headers });
}

describe("authRedirect", () => {
  test("a redirect's target as sent, and its cookies one by one, raw and parsed", () => {
    const { location, setCookies, cookies } = authRedirect(redirect(`${ORIGIN}/dashboard?tab=1`));
    expect(location).toBe(`${ORIGIN}/dashboard?tab=1`);
    expect(setCookies).toEqual([SESSION, CLEARED]);
    expect(cookies.map(({ name, value }) => [name, value])).toEqual([
      ["authjs.session-token", "abc"],
      ["authjs.csrf-token", ""],
    ]);
    expect(cookies[0]?.options).toEqual({ path: "/", httpOnly: true, sameSite: "lax" });
    expect(cookies[1]?.options.expires?.getTime()).toBe(0);
  });

  test("with a base, a target on its origin becomes a path; another origin (an OAuth provider) stays whole", () => {
    expect(authRedirect(redirect(`${ORIGIN}/dashboard#top`), `${ORIGIN}/some/page`).location).toBe("/dashboard#top");
    expect(authRedirect(redirect("https://github.com/login/oauth/authorize?x=1"), ORIGIN).location).toBe(
      "https://github.com/login/oauth/authorize?x=1",
    );
    expect(authRedirect(redirect(`${ORIGIN}//evil.example/`), new URL(ORIGIN)).location).toBe("/");
  });

  test("an answer that is no redirect has no location; its cookies are still read", () => {
    expect(authRedirect(redirect(`${ORIGIN}/`, 200)).location).toBeUndefined();
    expect(authRedirect(redirect(`${ORIGIN}/`, 400)).location).toBeUndefined();
    expect(authRedirect(redirect(null, 302)).location).toBeUndefined();
    expect(authRedirect(redirect(`${ORIGIN}/`, 200)).setCookies).toEqual([SESSION, CLEARED]);
    expect(authRedirect(redirect(`${ORIGIN}/`, 303)).location).toBe(`${ORIGIN}/`);
    expect(authRedirect(redirect(`${ORIGIN}/`, 399)).location).toBe(`${ORIGIN}/`);
    expect(authRedirect(redirect(`${ORIGIN}/`, 300)).location).toBe(`${ORIGIN}/`);
    expect(authRedirect(redirect(`${ORIGIN}/`, 299)).location).toBeUndefined();
  });

  test("a Set-Cookie with no cookie name is passed on as sent but not parsed", () => {
    const nameless = "=value; Path=/";
    const read = authRedirect(redirect(`${ORIGIN}/`, 302, [nameless, SESSION]));
    expect(read.setCookies).toEqual([nameless, SESSION]);
    expect(read.cookies.map(({ name }) => name)).toEqual(["authjs.session-token"]);
  });

  test("headers without getSetCookie() (Remix's fetch polyfill) read alike", () => {
    const joined = new Map([
      ["location", `${ORIGIN}/`],
      ["set-cookie", `${SESSION}, ${CLEARED}`],
    ]);
    const headers = {
      get: (name: string) => joined.get(name) ?? null,
      forEach: (fn: (v: string, k: string) => void) => joined.forEach(fn),
    };
    const read = authRedirect({ status: 302, headers }, ORIGIN);
    expect(read.location).toBe("/");
    expect(read.setCookies).toEqual([SESSION, CLEARED]);
  });

  test("a server-side sign-in's answer: the app's page and the new session cookie", async () => {
    const safe = createTestSession();
    const answer = await safe.signIn(
      new Request(`${ORIGIN}/login`),
      "credentials",
      { email: "alice@example.com", password: "alice-password" },
      { redirectTo: "/dashboard" },
    );
    const { location, cookies } = authRedirect(answer, `${ORIGIN}/login`);
    expect(location).toBe("/dashboard");
    const session = cookies.find((cookie) => cookie.name === "authjs.session-token");
    expect(session?.value).toMatch(/^eyJ/);
    expect(session?.options.httpOnly).toBe(true);
  });
});
