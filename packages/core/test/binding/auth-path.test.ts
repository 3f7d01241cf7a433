import { describe, expect, test } from "vitest";
import { signInPage } from "../../src/routes/path.js";
import { isAuthPath } from "../../src/binding/auth-path.js";

describe("isAuthPath", () => {
  test.each([
    ["/auth/session", "/auth"],
    ["/auth/csrf", "/auth"],
    ["/auth/signin/github", "/auth"],
    ["/auth/callback/credentials", "/auth"],
    // Spellings Auth.js reads as the same action: core's handler runs them as that action.
    ["/auth//session", "/auth"],
    ["/auth/session/", "/auth"],
    ["/api/auth/session", "/api/auth"],
  ])("%s under %s is an auth path", (pathname, basePath) => {
    expect(isAuthPath(pathname, basePath)).toBe(true);
  });

  test.each([
    // Auth.js reads no action at these: the app answers them.
    ["/auth", "/auth"],
    ["/auth/", "/auth"],
    ["/auth/no-such-action", "/auth"],
    ["/auth/session/extra/segments", "/auth"],
    ["/auth/session/github", "/auth"],
    ["/authx/session", "/auth"],
    ["/authors", "/auth"],
    // Auth.js's bare-prefix reading makes this its `session`; no framework routes it to the auth route.
    ["/authsession", "/auth"],
    ["/api/auth", "/api/auth"],
    ["/dashboard", "/auth"],
  ])("%s under %s is not", (pathname, basePath) => {
    expect(isAuthPath(pathname, basePath)).toBe(false);
  });
});

describe("signInPage", () => {
  test("the app's page, else Auth.js's under the base path", () => {
    expect(signInPage({ basePath: "/auth" })).toBe("/auth/signin");
    expect(signInPage({ basePath: "/auth", pages: { signIn: "/login?from=app" } })).toBe("/login?from=app");
  });
});
