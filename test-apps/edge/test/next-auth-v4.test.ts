import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { EdgeRuntime } from "edge-runtime";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle } from "./build.js";
import { SECRET } from "./secret.js";

// A next-auth v4 session cookie read on each runtime (jose's WebCrypto build and crypto.subtle's
// HKDF; workerd without nodejs_compat has no node:crypto at all). next-auth 4.24.15's own
// `encode` (core's devDependency) mints it in Node.
const coreRequire = createRequire(fileURLToPath(new URL("../../../packages/core/package.json", import.meta.url)));
const { encode: v4Encode } = coreRequire("next-auth/jwt") as {
  encode(params: { token: Record<string, unknown>; secret: string }): Promise<string>;
};

type Dispatch = (url: string, init?: RequestInit) => Promise<Response>;

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

describe.each([
  { name: "workerd with nodejs_compat", flags: ["nodejs_compat"] },
  { name: "workerd without nodejs_compat", flags: [] },
])("$name: a next-auth v4 cookie", ({ flags }) => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: await bundle("workerd"),
      compatibilityDate: "2026-07-01",
      compatibilityFlags: flags,
    });
    await mf.ready;
  }, 60_000);
  afterAll(() => mf?.dispose());

  it("is read, re-issued as an Auth.js cookie and expired", async () => {
    await carriesOver((url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>);
  });
});

describe("Vercel Edge runtime: a next-auth v4 cookie", () => {
  let runtime: EdgeRuntime;
  beforeAll(async () => {
    const code = await bundle("edge-light");
    runtime = new EdgeRuntime({
      initialCode: `${code}\naddEventListener("fetch", (event) => event.respondWith(edgeApp.handle(event.request)));`,
    });
  }, 60_000);

  it("is read, re-issued as an Auth.js cookie and expired", async () => {
    await carriesOver(async (url, init) => {
      const response = await runtime.dispatchFetch(url, init);
      await response.waitUntil();
      return response as unknown as Response;
    });
  });
});
