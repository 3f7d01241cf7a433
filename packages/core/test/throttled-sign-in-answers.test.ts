import { describe, expect, test } from "vitest";
import { createSafeSession } from "../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "./fixture.js";
import { csrfPair } from "./signed-in.js";

// How a locked sign-in answers each kind of client (README "Failed sign-ins are limited").

/** An app that locks an account after one failure, with the sign-in page at `signInPage`. */
function lockingApp(signInPage?: string) {
  const config = testConfig();
  return createSafeSession({
    config: signInPage ? { ...config, pages: { signIn: signInPage } } : config,
    updates: testUpdates(),
    env: {},
    signInRateLimit: { perAccount: { max: 1, windowSeconds: 60 }, perAddress: false },
  });
}

function attempt(safe: ReturnType<typeof lockingApp>, headers: Record<string, string> = {}, json = false) {
  const csrf = csrfPair();
  const fields = { csrfToken: csrf.token, email: "alice@example.com", password: "wrong" };
  return safe.handler(
    new Request(`${ORIGIN}/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
        origin: ORIGIN,
        cookie: csrf.cookie,
        ...headers,
      },
      body: json ? JSON.stringify(fields) : new URLSearchParams(fields),
    }),
  );
}

async function locked(signInPage?: string) {
  const safe = lockingApp(signInPage);
  expect((await attempt(safe)).headers.get("location")).toMatch(/error=CredentialsSignin/);
  return safe;
}

describe("a locked sign-in's answer", () => {
  test("a browser's form post: 302 to the sign-in page with the error, keeping the page's own query", async () => {
    const response = await attempt(await locked("/login?from=nav"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/login?from=nav&error=RateLimited&code=rate_limited`);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("the stock client (X-Auth-Return-Redirect): 429 RATE_LIMITED with the url it reads the error from", async () => {
    const response = await attempt(await locked(), { "x-auth-return-redirect": "1" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many failed sign-in attempts; try again later" },
      url: `${ORIGIN}/auth/signin?error=RateLimited&code=rate_limited`,
    });
  });

  test("a JSON client: 429 RATE_LIMITED, with no url", async () => {
    const safe = lockingApp();
    await attempt(safe, {}, true);
    const response = await attempt(safe, {}, true);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many failed sign-in attempts; try again later" },
    });
  });
});
