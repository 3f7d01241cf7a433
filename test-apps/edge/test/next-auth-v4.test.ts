import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { Dispatch } from "./flow.js";
import { SECRET } from "./secret.js";
import { WORKERD, serveOnEdgeRuntime, serveOnWorkerd } from "./serve.js";

// A next-auth v4 session cookie read on each runtime (jose's WebCrypto build and crypto.subtle's
// HKDF; workerd without nodejs_compat has no node:crypto at all). next-auth 4.24.15's own
// `encode` (core's devDependency) mints it in Node.
const coreRequire = createRequire(fileURLToPath(new URL("../../../packages/core/package.json", import.meta.url)));
const { encode: v4Encode } = coreRequire("next-auth/jwt") as {
  encode(params: { token: Record<string, unknown>; secret: string }): Promise<string>;
};

async function carriesOver(dispatch: Dispatch): Promise<void> {
  const member = await v4Encode({
    token: { sub: "alice", email: "alice@example.com", companyId: "acme" },
    secret: SECRET,
  });
  const read = await dispatch("http://localhost:8787/auth/session", {
    headers: { cookie: `next-auth.session-token=${member}` },
  });
  expect(await read.json()).toMatchObject({ user: { email: "alice@example.com" }, selectedCompanyId: "acme" });
  const lines = read.headers.getSetCookie();
  expect(lines).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Max-Age=0/));
  expect(lines).toContainEqual(expect.stringMatching(/^authjs\.session-token=[^;]+;/));
  // A value authorize refuses is dropped; a cookie of another secret is no session.
  const stranger = await v4Encode({
    token: { sub: "alice", email: "alice@example.com", companyId: "initech" },
    secret: SECRET,
  });
  const dropped = (await (
    await dispatch("http://localhost:8787/auth/session", { headers: { cookie: `next-auth.session-token=${stranger}` } })
  ).json()) as Record<string, unknown>;
  expect(dropped).toMatchObject({ user: { email: "alice@example.com" } });
  expect(dropped.selectedCompanyId).toBeUndefined();
  const foreign = await v4Encode({ token: { sub: "alice" }, secret: "another-apps-secret-0123456789abcdef" });
  const none = await dispatch("http://localhost:8787/auth/session", {
    headers: { cookie: `next-auth.session-token=${foreign}` },
  });
  expect(none.status).toBe(200);
  expect(await none.json()).toBeNull();
}

describe.each(WORKERD)("$name: a next-auth v4 cookie", ({ flags }) => {
  const dispatch = serveOnWorkerd(flags);

  test("is read, re-issued as an Auth.js cookie and expired", async () => {
    await carriesOver(dispatch);
  });
});

describe("Vercel Edge runtime: a next-auth v4 cookie", () => {
  const dispatch = serveOnEdgeRuntime();

  test("is read, re-issued as an Auth.js cookie and expired", async () => {
    await carriesOver(dispatch);
  });
});
