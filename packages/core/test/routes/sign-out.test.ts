import { encode } from "@auth/core/jwt";
import { describe, expect, test } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "../support/fixture.js";
import { SESSION_COOKIE, csrfPair, sessionCookie } from "../support/signed-in.js";

type Safe = ReturnType<typeof createTestSession>;

function signOut(safe: Safe, cookie: string, csrfToken?: string) {
  return safe.handler(
    new Request(`${ORIGIN}/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
      body: new URLSearchParams(csrfToken === undefined ? {} : { csrfToken }),
    }),
  );
}

async function sessionOf(safe: Safe, cookie: string) {
  const response = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie } }));
  return (await response.json()) as { user?: { email?: string } } | null;
}

const ALICE = { sub: "alice", email: "alice@example.com" };

describe("sign-out revokes the session it ends, and only when it ends it", () => {
  test("a session too large for one cookie (chunks .0, .1): sign-out clears the chunks, and a copy of them reads no session", async () => {
    const safe = createTestSession();
    const encoded = await encode({
      token: { ...ALICE, sid: "chunked-session", pad: "x".repeat(6000) },
      secret: SECRET,
      salt: SESSION_COOKIE,
    });
    const chunks = [encoded.slice(0, 3900), encoded.slice(3900)];
    const session = chunks.map((value, i) => `${SESSION_COOKIE}.${i}=${value}`).join("; ");
    expect((await sessionOf(safe, session))?.user?.email).toBe("alice@example.com");
    const csrf = csrfPair();
    const response = await signOut(safe, `${session}; ${csrf.cookie}`, csrf.token);
    expect(response.status).toBe(302);
    const cleared = response.headers.getSetCookie().map((line) => line.split("=")[0]);
    expect(cleared).toEqual(expect.arrayContaining([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`]));
    expect(await sessionOf(safe, session)).toBeNull();
  });

  test("a sign-out Auth.js refuses (no CSRF token) clears no cookie and revokes nothing: the session goes on", async () => {
    const safe = createTestSession();
    const session = await sessionCookie({ ...ALICE, sid: "kept-session" });
    const response = await signOut(safe, `${session}; ${csrfPair().cookie}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(SESSION_COOKIE))).toBe(false);
    expect((await sessionOf(safe, session))?.user?.email).toBe("alice@example.com");
  });

  test("with revokeOnSignOut: false the cookie is cleared but a copy of it still reads the session", async () => {
    const safe = createTestSession({ revokeOnSignOut: false });
    const session = await sessionCookie({ ...ALICE, sid: "not-revoked" });
    const csrf = csrfPair();
    const response = await signOut(safe, `${session}; ${csrf.cookie}`, csrf.token);
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect((await sessionOf(safe, session))?.user?.email).toBe("alice@example.com");
  });
});
