import { Auth } from "@auth/core";
import { describe, expect, test } from "vitest";
import { authRoute } from "../../src/routes/path.js";
import { ORIGIN, testConfig } from "../support/fixture.js";

// The core reads a path as Auth() does (README: one reading of the path for both routers). Auth()
// answers `400 "Bad request."` exactly when it cannot read an action from the path; every other
// path is an action, read as the table says.

async function stockReadsNoAction(path: string, basePath: string): Promise<boolean> {
  const response = await Auth(new Request(`${ORIGIN}${path}`), {
    ...testConfig(),
    basePath,
    logger: { error() {}, warn() {} },
  });
  return response.status === 400 && (await response.text()) === JSON.stringify("Bad request.");
}

const table: [path: string, basePath: string, route: { action: string; providerId: string | undefined } | undefined][] =
  [
    ["/auth/providers", "/auth", { action: "providers", providerId: undefined }],
    ["/auth/session", "/auth", { action: "session", providerId: undefined }],
    ["/auth/csrf", "/auth", { action: "csrf", providerId: undefined }],
    ["/auth/signin", "/auth", { action: "signin", providerId: undefined }],
    ["/auth/signin/credentials", "/auth", { action: "signin", providerId: "credentials" }],
    ["/auth/signin/undefined", "/auth", { action: "signin", providerId: undefined }],
    ["/auth/signout", "/auth", { action: "signout", providerId: undefined }],
    ["/auth/callback/credentials", "/auth", { action: "callback", providerId: "credentials" }],
    ["/auth/verify-request", "/auth", { action: "verify-request", providerId: undefined }],
    ["/auth/error", "/auth", { action: "error", providerId: undefined }],
    ["/auth/webauthn-options", "/auth", { action: "webauthn-options", providerId: undefined }],
    ["/auth/webauthn-options/passkey", "/auth", { action: "webauthn-options", providerId: "passkey" }],
    // Auth.js takes whatever follows the base path, slash or not.
    ["/authcallback/credentials", "/auth", { action: "callback", providerId: "credentials" }],
    ["/auth//signin//credentials/", "/auth", { action: "signin", providerId: "credentials" }],
    // A base path with a group of its own: the action is the pattern's last group.
    ["/auth/session", "/(auth)", { action: "session", providerId: undefined }],
    ["/auth/providers/x", "/auth", undefined],
    ["/auth/error/x", "/auth", undefined],
    ["/auth/verify-request/x", "/auth", undefined],
    ["/auth/callback/credentials/x", "/auth", undefined],
    ["/auth/signin/a/b", "/auth", undefined],
    ["/auth/nope", "/auth", undefined],
    ["/auth/", "/auth", undefined],
    ["/other/session", "/auth", undefined],
    // A base path that is no valid pattern: Auth.js cannot read any action under it.
    ["/auth(/session", "/auth(", undefined],
  ];

describe("authRoute reads every path as Auth() does", () => {
  test.each(table)("%s under %s", async (path, basePath, route) => {
    expect(authRoute(path, basePath)).toStrictEqual(route);
    expect(await stockReadsNoAction(path, basePath)).toBe(route === undefined);
  });

  test("the same answer the second time (the compiled pattern is reused)", () => {
    for (const [path, basePath, route] of table) expect(authRoute(path, basePath)).toStrictEqual(route);
  });
});
