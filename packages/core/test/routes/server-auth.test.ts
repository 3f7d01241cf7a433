import type { AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { describe, expect, test } from "vitest";
import { SafeSessionError, createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie } from "../support/signed-in.js";

const ALICE = { sub: "alice", email: "alice@example.com" };
// Auth.js sends a sign-in without callbackUrl to the origin.
const DEFAULT_TARGET = ORIGIN;

const action = (cookie: string) =>
  new Request(`${ORIGIN}/settings-action`, { method: "POST", headers: { origin: ORIGIN, cookie } });

async function sessionOf(safe: ReturnType<typeof createSafeSession>, cookie: string) {
  return (await safe.getSession(new Request(`${ORIGIN}/page`, { headers: { cookie } }))) as {
    user?: { email?: string };
  } | null;
}

describe("signOut from server code", () => {
  test("ends the browser's session: its cookie is cleared and a copy of it reads no session", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const cookie = await sessionCookie({ ...ALICE, sid: "server-sign-out" });
    expect((await sessionOf(safe, cookie))?.user?.email).toBe("alice@example.com");
    const response = await safe.signOut(action(`theme=dark; ${cookie}`));
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect(await sessionOf(safe, cookie)).toBeNull();
  });
});

describe("signIn from server code", () => {
  test("without redirectTo, Auth.js's own default target: the app's origin", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const response = await safe.signIn(action(""), "credentials", {
      email: "alice@example.com",
      password: "alice-password",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(DEFAULT_TARGET);
  });

  test("authorize sees the app request's proxy and client headers, and only those it carried", async () => {
    const seen: (string | null)[][] = [];
    const providers = [
      Credentials({
        credentials: { email: {} },
        authorize: (_, request) => {
          seen.push(["x-forwarded-for", "user-agent", "x-real-ip"].map((name) => request.headers.get(name)));
          return { id: "alice", email: "alice@example.com" };
        },
      }),
    ];
    const safe = createSafeSession({ config: { ...testConfig(), providers }, updates: testUpdates(), env: {} });
    const request = new Request(`${ORIGIN}/login-action`, {
      method: "POST",
      headers: { origin: ORIGIN, "x-forwarded-for": "198.51.100.1", "user-agent": "Browser/1.0" },
    });
    expect((await safe.signIn(request, "credentials", { email: "alice@example.com" })).status).toBe(302);
    expect(seen).toEqual([["198.51.100.1", "Browser/1.0", null]]);
  });
});

describe("updateSession from server code", () => {
  test("an app session callback that answers no session for the updated token: UNAUTHENTICATED", async () => {
    const config = testConfig();
    const session: NonNullable<AuthConfig["callbacks"]>["session"] = (params) =>
      (params.token?.name === "Gone" ? null : config.callbacks?.session?.(params)) as ReturnType<
        NonNullable<NonNullable<AuthConfig["callbacks"]>["session"]>
      >;
    const safe = createSafeSession({
      config: { ...config, callbacks: { ...config.callbacks, session } },
      updates: testUpdates(),
      env: {},
    });
    const cookie = await sessionCookie(ALICE);
    const refusal = await safe.updateSession(action(cookie), { name: "Gone" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SafeSessionError);
    expect((refusal as SafeSessionError).code).toBe("UNAUTHENTICATED");
    const accepted = await safe.updateSession(action(cookie), { name: "Al" });
    expect(accepted.session).toMatchObject({ user: { email: "alice@example.com", name: "Al" } });
  });
});
