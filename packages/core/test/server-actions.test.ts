import type { AuthConfig } from "@auth/core";
import { describe, expect, test } from "vitest";
import { SafeSessionError, createSafeSession } from "../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "./fixture.js";
import { SESSION_COOKIE, sessionCookie } from "./signed-in.js";

const ALICE = { sub: "alice", email: "alice@example.com" };

const action = (cookie: string) => new Request(`${ORIGIN}/settings-action`, { method: "POST", headers: { origin: ORIGIN, cookie } });

async function sessionOf(safe: ReturnType<typeof createSafeSession>, cookie: string) {
  return (await safe.getSession(new Request(`${ORIGIN}/page`, { headers: { cookie } }))) as { user?: { email?: string } } | null;
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

describe("updateSession from server code", () => {
  test("an app session callback that answers no session for the updated token: UNAUTHENTICATED", async () => {
    const config = testConfig();
    const session: NonNullable<AuthConfig["callbacks"]>["session"] = (params) =>
      (params.token?.name === "Gone" ? null : config.callbacks?.session?.(params)) as ReturnType<NonNullable<NonNullable<AuthConfig["callbacks"]>["session"]>>;
    const safe = createSafeSession({ config: { ...config, callbacks: { ...config.callbacks, session } }, updates: testUpdates(), env: {} });
    const cookie = await sessionCookie(ALICE);
    const refusal = await safe.updateSession(action(cookie), { name: "Gone" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SafeSessionError);
    expect((refusal as SafeSessionError).code).toBe("UNAUTHENTICATED");
    const accepted = await safe.updateSession(action(cookie), { name: "Al" });
    expect(accepted.session).toMatchObject({ user: { email: "alice@example.com", name: "Al" } });
  });
});
