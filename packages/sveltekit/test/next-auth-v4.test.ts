import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { ORIGIN, SECRETS, testApp } from "./fixture.js";

// next-auth 4.24.15's own `encode` (core's devDependency) mints the v4 cookie.
const coreRequire = createRequire(fileURLToPath(new URL("../../core/package.json", import.meta.url)));
const { encode: v4Encode } = coreRequire("next-auth/jwt") as {
  encode(params: { token: Record<string, unknown>; secret: string }): Promise<string>;
};

describe("sveltekit / a next-auth v4 session cookie", () => {
  test("locals.auth() of a page load reads it; event.cookies re-issue it as an Auth.js cookie and expire the v4 one", async () => {
    const app = testApp({ nextAuthV4: { claims: { companyId: "selectedCompanyId" } } });
    const v4 = await v4Encode({
      token: { sub: "alice", email: "alice@example.com", companyId: "acme" },
      secret: SECRETS[0] as string,
    });
    const response = await app.respond(
      new Request(`${ORIGIN}/dashboard`, { headers: { cookie: `next-auth.session-token=${v4}` } }),
    );
    expect(await response.json()).toMatchObject({
      session: { user: { email: "alice@example.com" }, selectedCompanyId: "acme" },
      same: true,
    });
    const lines = response.headers.getSetCookie();
    expect(lines).toContainEqual(expect.stringMatching(/^authjs\.session-token=[^;]+; Path=\//));
    expect(lines).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Path=\/; Max-Age=0/));
  });
});
