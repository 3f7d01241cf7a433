import { encode as v4Encode } from "next-auth/jwt";
import { describe, expect, test } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "../support/fixture.js";
import { SESSION_COOKIE, csrfPair, keptCookies, sessionCookie } from "../support/signed-in.js";

// What next-auth/react@4 (4.24.15, src/react/index.tsx) posts: a form with `json: true`, and it
// reads `{ url }` from the answer (signIn: `new URL(data.url).searchParams.get("error")`).
function v4ClientPost(path: string, fields: Record<string, string>, cookie = "") {
  const csrf = csrfPair();
  return new Request(`${ORIGIN}/auth/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: ORIGIN,
      cookie: [csrf.cookie, cookie].filter(Boolean).join("; "),
    },
    body: new URLSearchParams({ ...fields, csrfToken: csrf.token, callbackUrl: `${ORIGIN}/dashboard`, json: "true" }),
  });
}

describe("next-auth/react@4's signIn and signOut against the handler", () => {
  test("a Credentials sign-in answers { url } with the session cookie; a failed one names the error in url", async () => {
    const safe = createTestSession();
    const ok = await safe.handler(
      v4ClientPost("callback/credentials", {
        redirect: "false",
        email: "alice@example.com",
        password: "alice-password",
      }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ url: `${ORIGIN}/dashboard` });
    expect(await safe.getSession(new Request(`${ORIGIN}/`, { headers: { cookie: keptCookies(ok) } }))).toMatchObject({
      user: { email: "alice@example.com" },
    });
    const bad = await safe.handler(
      v4ClientPost("callback/credentials", { redirect: "false", email: "alice@example.com", password: "wrong" }),
    );
    const { url } = (await bad.json()) as { url: string };
    expect(new URL(url).searchParams.get("error")).toBe("CredentialsSignin");
    expect(bad.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  test("without json=true the form post is answered as before (a redirect)", async () => {
    const request = v4ClientPost("callback/credentials", { email: "alice@example.com", password: "alice-password" });
    const form = new URLSearchParams(await request.clone().text());
    form.delete("json");
    const response = await createTestSession().handler(new Request(request, { body: form }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });

  test("sign-out answers { url }, clears the session and expires a v4 cookie still held", async () => {
    const safe = createTestSession({ nextAuthV4: true });
    const v4 = `next-auth.session-token=${await v4Encode({ token: { sub: "alice", email: "alice@example.com" }, secret: SECRET })}`;
    const session = await sessionCookie();
    const response = await safe.handler(v4ClientPost("signout", {}, `${session}; ${v4}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${ORIGIN}/dashboard` });
    const lines = response.headers.getSetCookie();
    expect(lines).toContainEqual(expect.stringMatching(/^authjs\.session-token=; /));
    expect(lines).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Max-Age=0/));
    // What the browser is left with reads as no session: the v4 cookie cannot sign its user in again.
    expect(await safe.getSession(new Request(`${ORIGIN}/`, { headers: { cookie: keptCookies(response) } }))).toBeNull();
  });

  test("signing out the session a v4 cookie became also refuses a copy of that v4 cookie", async () => {
    const safe = createTestSession({ nextAuthV4: true });
    const v4 = `next-auth.session-token=${await v4Encode({ token: { sub: "alice", email: "alice@example.com" }, secret: SECRET })}`;
    const imported = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie: v4 } }));
    expect(await imported.json()).toMatchObject({ user: { email: "alice@example.com" } });
    const signedOut = await safe.handler(v4ClientPost("signout", {}, keptCookies(imported)));
    expect(signedOut.status).toBe(200);
    // The copy an attacker kept (or a tab that never got the new cookie) signs nobody in again.
    expect(await safe.getSession(new Request(`${ORIGIN}/`, { headers: { cookie: v4 } }))).toBeNull();
    // Another v4 cookie of the same user (another device) is another session, still signed in.
    const other = `next-auth.session-token=${await v4Encode({ token: { sub: "alice", email: "alice@example.com", device: 2 }, secret: SECRET })}`;
    expect(await safe.getSession(new Request(`${ORIGIN}/`, { headers: { cookie: other } }))).toMatchObject({
      user: { email: "alice@example.com" },
    });
  });

  test("a hostile body (too large, not UTF-8) is answered as before, never a 5xx", async () => {
    const safe = createTestSession();
    const csrf = csrfPair();
    for (const body of [`json=true&x=${"a".repeat(70_000)}`, new Uint8Array([0x6a, 0x73, 0x6f, 0x6e, 0x3d, 0xff])]) {
      const response = await safe.handler(
        new Request(`${ORIGIN}/auth/callback/credentials`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: csrf.cookie },
          body,
        }),
      );
      expect(response.status).toBeLessThan(500);
    }
  });
});
