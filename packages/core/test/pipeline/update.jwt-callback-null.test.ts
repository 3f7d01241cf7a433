import type { AuthConfig } from "@auth/core";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

/** An app whose jwt callback ends the session when an update arrives (Auth.js: `null` signs out). */
function endingOnUpdate() {
  const config = testConfig();
  const jwt: NonNullable<AuthConfig["callbacks"]>["jwt"] = (params) =>
    params.trigger === "update" ? null : params.token;
  return createSafeSession({
    config: { ...config, callbacks: { ...config.callbacks, jwt } },
    updates: testUpdates(),
    env: {},
  });
}

describe("a jwt callback that returns null on an update", () => {
  test("over HTTP: 200 null, and the session cookie is expired", async () => {
    const safe = endingOnUpdate();
    const cookie = await sessionCookie();
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie }));
    expect(response.status).toBe(200);
    expect(await response.json()).toBeNull();
    const lines = response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`));
    expect(keptCookies(response)).not.toContain(SESSION_COOKIE);
  });

  test("every chunk of a chunked session is expired", async () => {
    const safe = endingOnUpdate();
    const [name, value] = (await sessionCookie()).split("=") as [string, string];
    const half = Math.ceil(value.length / 2);
    const chunked = `${name}.0=${value.slice(0, half)}; ${name}.1=${value.slice(half)}`;
    // The chunked cookie reads as the session first.
    const read = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie: chunked } }));
    expect(await read.json()).toMatchObject({ user: { email: "alice@example.com" } });

    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie: chunked }));
    expect(await response.json()).toBeNull();
    const expired = response.headers
      .getSetCookie()
      .filter((line) => /; Max-Age=0;/.test(line))
      .map((line) => line.split("=")[0]);
    expect(expired.sort()).toEqual([`${SESSION_COOKIE}.0`, `${SESSION_COOKIE}.1`]);
  });

  test("the session's id is revoked: a copy of the old cookie reads as no session", async () => {
    const safe = endingOnUpdate();
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", sid: "ended-by-the-app" });
    const before = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie } }));
    expect(await before.json()).toMatchObject({ user: { email: "alice@example.com" } });
    expect(
      await (await safe.handler(await updateRequest({ selectedCompanyId: "acme" }, { cookie }))).json(),
    ).toBeNull();
    const copy = await safe.handler(new Request(`${ORIGIN}/auth/session`, { headers: { cookie } }));
    expect(await copy.json()).toBeNull();
  });

  test("on the server: updateSession rejects with UNAUTHENTICATED", async () => {
    const safe = endingOnUpdate();
    const request = new Request(`${ORIGIN}/page`, { headers: { cookie: await sessionCookie() } });
    await expect(safe.updateSession(request, { selectedCompanyId: "acme" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      status: 401,
    });
  });

  test("reads, where the callback keeps the token, are unaffected", async () => {
    const safe = endingOnUpdate();
    const response = await safe.handler(
      new Request(`${ORIGIN}/auth/session`, { headers: { cookie: await sessionCookie() } }),
    );
    expect(await response.json()).toMatchObject({ user: { email: "alice@example.com" } });
  });
});
