import { describe, expect, test } from "vitest";
import { SafeSessionError } from "../../src/errors.js";
import { followRedirect } from "../../src/binding/follow-redirect.js";

const ORIGIN = "http://localhost:3000";
const SESSION = "authjs.session-token=abc; Path=/; HttpOnly; SameSite=Lax";
const CLEARED = "authjs.csrf-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly";

function answer(location: string | null, status = 302): Response {
  const headers = new Headers(location === null ? {} : { location });
  for (const cookie of [SESSION, CLEARED]) headers.append("set-cookie", cookie);
  return new Response(null, { status, headers });
}

describe("followRedirect", () => {
  test("a target on the request's origin becomes a path; the cookies come raw and for the framework", async () => {
    const followed = await followRedirect(answer(`${ORIGIN}/dashboard?tab=1`), { base: `${ORIGIN}/signin` });
    expect(followed.location).toBe("/dashboard?tab=1");
    expect(followed.setCookies).toEqual([SESSION, CLEARED]);
    expect(
      followed.cookies.map(({ name, value, options }) => [name, value, options.httpOnly, options.sameSite]),
    ).toEqual([
      ["authjs.session-token", "abc", true, "lax"],
      ["authjs.csrf-token", "", true, undefined],
    ]);
  });

  test("another origin (an OAuth provider) stays whole; a promise is awaited", async () => {
    const followed = await followRedirect(Promise.resolve(answer("https://github.com/login/oauth/authorize?x=1")), {
      base: new URL(ORIGIN),
    });
    expect(followed.location).toBe("https://github.com/login/oauth/authorize?x=1");
  });

  test("a refusal goes through onRefusal, or is rethrown", async () => {
    const refusal = new SafeSessionError("CSRF", "Cross-site requests cannot sign in");
    const onRefusal = (error: SafeSessionError): never => {
      throw new Error(`framework ${error.status}`);
    };
    await expect(followRedirect(Promise.reject(refusal), { base: ORIGIN, onRefusal })).rejects.toThrow("framework 403");
    await expect(followRedirect(Promise.reject(refusal), { base: ORIGIN })).rejects.toBe(refusal);
    const other = new TypeError("boom");
    await expect(followRedirect(Promise.reject(other), { base: ORIGIN, onRefusal })).rejects.toBe(other);
  });

  test("an answer that is no redirect throws, naming its status", async () => {
    await expect(followRedirect(answer(null, 500), { base: ORIGIN })).rejects.toThrow(
      "answered 500 instead of a redirect",
    );
    await expect(followRedirect(answer(`${ORIGIN}/`, 200), { base: ORIGIN })).rejects.toThrow("answered 200");
  });
});
