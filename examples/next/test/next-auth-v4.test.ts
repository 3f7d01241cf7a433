import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BASE_PATH, type StartedExample, TEST_SECRETS, startExample } from "./app.js";

// next-auth 4.24.15's own `encode` mints the cookies: core's devDependency (the example's own
// dependencies stay those of the app a user copies out).
const coreRequire = createRequire(fileURLToPath(new URL("../../../packages/core/package.json", import.meta.url)));
const { encode: v4Encode } = coreRequire("next-auth/jwt") as {
  encode(params: { token: Record<string, unknown>; secret: string }): Promise<string>;
};

let app: StartedExample | undefined;

beforeAll(async () => {
  app = await startExample();
});

afterAll(async () => {
  await app?.stop();
});

async function sessionWith(
  cookie: string,
): Promise<{ status: number; body: Record<string, unknown> | null; setCookies: string[] }> {
  const response = await fetch(`${app?.origin}${BASE_PATH}/session`, { headers: { cookie } });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> | null,
    setCookies: response.headers.getSetCookie(),
  };
}

const alice = { sub: "alice", email: "alice@example.com", name: "Alice" };

describe("next example / a next-auth v4 session cookie", () => {
  test("keeps its user signed in with the company, re-issued as an Auth.js cookie, the v4 one expired", async () => {
    // The v4 app's secret is the one Auth.js now knows as AUTH_SECRET (the previous of the two).
    const v4 = await v4Encode({ token: { ...alice, companyId: "acme" }, secret: TEST_SECRETS[1] as string });
    const first = await sessionWith(`next-auth.session-token=${v4}`);
    expect(first).toMatchObject({
      status: 200,
      body: { user: { email: "alice@example.com", id: "alice" }, selectedCompanyId: "acme" },
    });
    expect(first.setCookies).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Max-Age=0; Path=\//));
    const issued = first.setCookies.find((line) => line.startsWith("authjs.session-token=") && !/Max-Age=0/.test(line));
    expect(issued).toBeDefined();
    // What the browser keeps afterwards is the Auth.js cookie alone, and it reads as the same session.
    const second = await sessionWith((issued as string).split(";")[0] as string);
    expect(second.body).toMatchObject({ user: { email: "alice@example.com" }, selectedCompanyId: "acme" });
  });

  test("companyId comes across only where the user is a member", async () => {
    const v4 = await v4Encode({ token: { ...alice, companyId: "initech" }, secret: TEST_SECRETS[0] as string });
    const { body } = await sessionWith(`next-auth.session-token=${v4}`);
    expect(body).toMatchObject({ user: { email: "alice@example.com" } });
    expect(body?.selectedCompanyId).toBeUndefined();
  });

  test("a tampered or foreign cookie signs nobody in and is expired; never a 5xx", async () => {
    const v4 = await v4Encode({ token: alice, secret: TEST_SECRETS[0] as string });
    const foreign = await v4Encode({ token: alice, secret: "some-other-apps-secret-0123456789abcdef" });
    for (const value of [`${v4.slice(0, -4)}AAAA`, foreign]) {
      const result = await sessionWith(`next-auth.session-token=${value}`);
      expect(result).toMatchObject({ status: 200, body: null });
      expect(result.setCookies).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Max-Age=0/));
    }
  });
});
