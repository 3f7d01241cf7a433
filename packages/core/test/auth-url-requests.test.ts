import { describe, expect, test } from "vitest";
import { createTestSession } from "./fixture.js";
import { csrfPair } from "./signed-in.js";

// With AUTH_URL set, Auth() sees every request on AUTH_URL's origin (as next-auth does), so a
// request the framework built from an internal address or a forged Host makes no URL of it.
const AUTH_URL = "http://app.example/auth";
const INTERNAL = "http://10.0.0.7:3000";

function signInAt(origin: string) {
  const csrf = csrfPair();
  return new Request(`${origin}/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://app.example", cookie: csrf.cookie, "x-forwarded-for": "198.51.100.1" },
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
