import type { AuthConfig } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { SECRET, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Callbacks": on an update the app's `jwt` callback runs with `trigger: "update"` and
// `session` = the validated patch, after it was applied to the token. README "Revisions": two
// updates racing from the same revision cannot both win.

type JwtCallback = NonNullable<NonNullable<AuthConfig["callbacks"]>["jwt"]>;

function withJwt(jwt: JwtCallback) {
  const config = testConfig();
  return createSafeSession({
    config: { ...config, callbacks: { ...config.callbacks, jwt } },
    updates: testUpdates(),
    env: {},
    rateLimit: false,
  });
}

async function claims(response: Response) {
  const pair = keptCookies(response)
    .split("; ")
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`));
  return (await decode({
    token: (pair ?? "").slice(SESSION_COOKIE.length + 1),
    secret: SECRET,
    salt: SESSION_COOKIE,
  })) as Record<string, unknown>;
}

describe("the jwt callback on an update", () => {
  test("gets the validated patch (as its schema output) and the token with it applied", async () => {
    const jwt = vi.fn<JwtCallback>(({ token }) => token);
    const safe = withJwt(jwt);
    const response = await safe.handler(await updateRequest({ name: "  Al  ", selectedCompanyId: "acme" }));
    expect(response.status).toBe(200);
    const update = jwt.mock.calls.find(([params]) => params.trigger === "update")?.[0];
    expect(update?.session).toEqual({ name: "Al", selectedCompanyId: "acme" });
    expect(update?.token).toMatchObject({ sub: "alice", name: "Al", selectedCompanyId: "acme" });
  });

  test("Auth.js's idiom of copying the patch into the token clears a field with null", async () => {
    const safe = withJwt(({ token, trigger, session }) => (trigger === "update" ? { ...token, ...session } : token));
    const set = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    const cleared = await safe.handler(await updateRequest({ selectedCompanyId: null }, { cookie: keptCookies(set) }));
    expect(await cleared.json()).not.toHaveProperty("selectedCompanyId");
    expect(await claims(cleared)).not.toHaveProperty("selectedCompanyId");
  });

  test("a callback that sets a cleared field again: its value is written (the app's own code has the last word, as in Auth.js)", async () => {
    const safe = withJwt(({ token, trigger }) =>
      trigger === "update" && token.selectedCompanyId === undefined ? { ...token, selectedCompanyId: "acme" } : token,
    );
    const set = await safe.handler(await updateRequest({ selectedCompanyId: "globex" }));
    expect(await claims(set)).toMatchObject({ selectedCompanyId: "globex" });
    const cleared = await safe.handler(await updateRequest({ selectedCompanyId: null }, { cookie: keptCookies(set) }));
    expect(await cleared.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(await claims(cleared)).toMatchObject({ selectedCompanyId: "acme" });
  });

  test("two updates racing from the same revision: the loser is told to read and try again", async () => {
    const safe = withJwt(({ token }) => token);
    const base = await sessionCookie({ sub: "alice", email: "alice@example.com", sid: "racing", rev: 1 });
    const [a, b] = await Promise.all([
      safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie: base })),
      safe.handler(await updateRequest({ selectedCompanyId: "globex" }, { cookie: base })),
    ]);
    const loser = a.status === 409 ? a : b;
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await loser.json()).toEqual({
      error: { code: "CONFLICT", message: "The session changed while this update was made; read it and try again" },
    });
  });
});
